// The registration form's model (shaped like the POST /cases body, so server field paths match
// form-item props; '' is a choice not made yet) and its conversion into the request body, once the form's
// rules have checked every required choice is made.
import type { AnyCategory, Kind, NewCase, Party, PartyInput, RiskLevel } from '@/api/types'
import type { AssignedBy, PartyRole, ReferralFrom, Source } from '@/api/generated/schema'
import { dateToTime, wallClockToTime } from './format'

export interface CaseFormModel {
  title: string
  summary: string
  category: AnyCategory | ''
  townshipCode: string
  village: string
  /** '' = not judged at intake: the server derives it (domain.DeriveRiskLevel) and marks it so. */
  riskLevel: RiskLevel | ''
  registeredAt: string
  parties: Required<Party>[]
  /** 涉及人数 of a dispute, when more people are involved than its parties (undefined: the parties). */
  peopleInvolved: number | undefined
  /** committee: the 调委会 that takes the dispute ('' = the township's own). */
  dispute: { source: Source | ''; referralFrom: ReferralFrom | ''; committee: string }
  /** The 交办 of a backlog case: level, batch, date, the office's deadline and the material assigned with it. */
  petition: { assignedBy: AssignedBy | ''; batch: string; assignedAt: string; dueAt: string; material: string }
}

export const MIN_PARTIES: Record<Kind, number> = { dispute: 2, petition: 1 }
export const PARTY_FIELDS = ['name', 'role', 'idNumber', 'phone', 'address'] as const

export function newParty(role: PartyRole): Required<Party> {
  return { name: '', role, idNumber: '', phone: '', address: '' }
}

export function emptyCaseForm(kind: Kind, townshipCode = '', assignedBy: AssignedBy | '' = ''): CaseFormModel {
  return {
    title: '',
    summary: '',
    category: '',
    townshipCode,
    village: '',
    riskLevel: '',
    registeredAt: '',
    parties: kind === 'dispute' ? [newParty('applicant'), newParty('respondent')] : [newParty('petitioner')],
    peopleInvolved: undefined,
    dispute: { source: '', referralFrom: '', committee: '' },
    petition: { assignedBy, batch: '', assignedAt: '', dueAt: '', material: '' },
  }
}

const trimmed = (s: string) => s.trim()

/** Every form-item prop of the form, for placing server field errors. */
export function caseFormProps(kind: Kind, model: CaseFormModel): string[] {
  const props = ['kind', 'title', 'summary', 'category', 'townshipCode', 'village', 'riskLevel', 'registeredAt', 'parties']
  model.parties.forEach((_, i) => PARTY_FIELDS.forEach((f) => props.push(`parties.${i}.${f}`)))
  if (kind === 'dispute') props.push('peopleInvolved', 'dispute', 'dispute.source', 'dispute.referralFrom', 'dispute.committee')
  else props.push('petition', 'petition.assignedBy', 'petition.batch', 'petition.assignedAt', 'petition.dueAt', 'petition.material')
  return props
}

/** The POST /cases body: trimmed, empty optional values left out, picked dates as Asia/Shanghai times. */
export function buildNewCase(kind: Kind, m: CaseFormModel): NewCase {
  const body: NewCase = {
    kind,
    title: trimmed(m.title),
    summary: trimmed(m.summary),
    category: m.category as NewCase['category'],
    townshipCode: m.townshipCode,
    ...(m.riskLevel ? { riskLevel: m.riskLevel } : {}),
    parties: m.parties.map((p) => {
      const party: PartyInput = { name: trimmed(p.name), role: p.role }
      if (trimmed(p.idNumber)) party.idNumber = trimmed(p.idNumber).toUpperCase()
      if (trimmed(p.phone)) party.phone = trimmed(p.phone)
      if (trimmed(p.address)) party.address = trimmed(p.address)
      return party
    }),
  }
  if (trimmed(m.village)) body.village = trimmed(m.village)
  if (kind === 'dispute') {
    // a backlog case is registered by its 交办 (assignedAt), a dispute may be entered for a past date
    if (m.registeredAt) body.registeredAt = wallClockToTime(m.registeredAt)
    if (m.peopleInvolved && m.peopleInvolved > m.parties.length) body.peopleInvolved = m.peopleInvolved
    const dispute: NonNullable<NewCase['dispute']> = { source: m.dispute.source as Source }
    if (m.dispute.source === 'referral' && m.dispute.referralFrom) dispute.referralFrom = m.dispute.referralFrom
    if (m.dispute.committee) dispute.committee = m.dispute.committee
    body.dispute = dispute
  } else {
    const petition: NonNullable<NewCase['petition']> = { assignedBy: m.petition.assignedBy as AssignedBy }
    if (trimmed(m.petition.batch)) petition.batch = trimmed(m.petition.batch)
    const at = m.petition.assignedAt
    if (at) petition.assignedAt = /^\d{4}-\d{2}-\d{2}$/.test(at) ? dateToTime(at, 'start') : wallClockToTime(at)
    if (m.petition.dueAt) petition.dueAt = dateToTime(m.petition.dueAt, 'end')
    if (trimmed(m.petition.material)) petition.material = trimmed(m.petition.material)
    body.petition = petition
  }
  return body
}

export const ID_NUMBER = /^\d{17}[\dXx]$/
// 7 to 20 digits, an optional leading + and hyphens (the server's rule)
export const PHONE = /^\+?\d[\d-]{5,}\d$/
