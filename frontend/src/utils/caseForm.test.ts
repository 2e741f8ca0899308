import { describe, expect, it } from 'vitest'
import { buildNewCase, caseFormProps, emptyCaseForm, ID_NUMBER, PHONE } from './caseForm'

describe('registration form', () => {
  it('starts a dispute with two parties and a petition with one', () => {
    expect(emptyCaseForm('dispute').parties.map((p) => p.role)).toEqual(['applicant', 'respondent'])
    expect(emptyCaseForm('petition').parties.map((p) => p.role)).toEqual(['petitioner'])
  })

  it('builds a dispute body, leaving out what was not filled in', () => {
    const m = emptyCaseForm('dispute', '610921102')
    Object.assign(m, { title: ' 宅基地边界纠纷 ', category: 'housing_homestead', summary: '', riskLevel: 'yellow' })
    m.dispute = { source: 'application', referralFrom: 'court', committee: '' }
    m.parties[0] = { name: '张三', role: 'applicant', idNumber: '61092119900101123x', phone: '13812345678', address: '' }
    m.parties[1] = { name: '李四', role: 'respondent', idNumber: '', phone: '', address: '双乳村三组' }
    expect(buildNewCase('dispute', m)).toEqual({
      kind: 'dispute',
      title: '宅基地边界纠纷',
      summary: '',
      category: 'housing_homestead',
      townshipCode: '610921102',
      riskLevel: 'yellow',
      parties: [
        { name: '张三', role: 'applicant', idNumber: '61092119900101123X', phone: '13812345678' },
        { name: '李四', role: 'respondent', address: '双乳村三组' },
      ],
      dispute: { source: 'application' },
    })
  })

  it('keeps the referral unit for referred disputes and the registration time for ledger entries', () => {
    const m = emptyCaseForm('dispute', '610921102')
    m.dispute = { source: 'referral', referralFrom: 'court', committee: '' }
    m.registeredAt = '2025-11-03 09:00:00' // the picker's Shanghai wall-clock value
    const body = buildNewCase('dispute', m)
    expect(body.dispute).toEqual({ source: 'referral', referralFrom: 'court' })
    m.dispute.committee = '610921-YTW'
    expect(buildNewCase('dispute', m).dispute).toEqual({ source: 'referral', referralFrom: 'court', committee: '610921-YTW' }) // a committee chosen at intake
    expect(body.registeredAt).toBe('2025-11-03T09:00:00+08:00')
  })

  it('builds a petition body with its assignment dates in Shanghai time', () => {
    const m = emptyCaseForm('petition', '610921102')
    m.petition = { assignedBy: 'municipal', batch: '2026 第一批', assignedAt: '2026-02-01', dueAt: '2026-04-01', material: '' }
    const body = buildNewCase('petition', m)
    expect(body.dispute).toBeUndefined()
    expect(body.petition).toEqual({
      assignedBy: 'municipal',
      batch: '2026 第一批',
      assignedAt: '2026-02-01T00:00:00+08:00',
      dueAt: '2026-04-01T23:59:59+08:00',
    })
    // a picked time of 交办, and the material assigned with it
    m.petition = { ...m.petition, assignedAt: '2026-02-01 15:30:00', material: ' 市信访局交办函 ' }
    expect(buildNewCase('petition', m).petition).toMatchObject({ assignedAt: '2026-02-01T15:30:00+08:00', material: '市信访局交办函' })
    // a backlog case is registered by its 交办, never by a separate registration time
    m.registeredAt = '2026-02-03 09:00:00'
    expect(buildNewCase('petition', m).registeredAt).toBeUndefined()
  })

  it('counts the people a dispute involves only when more than its parties', () => {
    const m = emptyCaseForm('dispute', '610921102')
    m.dispute = { source: 'proactive', referralFrom: '', committee: '' }
    m.peopleInvolved = 12
    expect(buildNewCase('dispute', m).peopleInvolved).toBe(12)
    m.peopleInvolved = 2
    expect(buildNewCase('dispute', m).peopleInvolved).toBeUndefined()
  })

  it('names a form item for every party field', () => {
    const props = caseFormProps('dispute', emptyCaseForm('dispute'))
    expect(props).toContain('parties.1.idNumber')
    expect(props).toContain('dispute.source')
    expect(props).not.toContain('petition.assignedBy')
  })

  it.each([
    ['610921199001011234', true],
    ['61092119900101123X', true],
    ['6109211990010112', false],
  ])('ID number %s valid: %s', (v, ok) => expect(ID_NUMBER.test(v)).toBe(ok))

  it.each([
    ['13812345678', true],
    ['0915-5212345', true],
    ['+8613812345678', true],
    ['12345', false],
    ['138 1234 5678', false],
  ])('phone %s valid: %s', (v, ok) => expect(PHONE.test(v)).toBe(ok))
})
