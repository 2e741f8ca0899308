// The registration form's model (shaped like the POST /cases body, so server field paths match
// form-item props) and its conversion into the request body.
import type { Kind, NewCase, Party, RiskLevel } from '@/api/types'
import { dateToTime, wallClockToTime } from './format'

export interface CaseFormModel {
  title: string
  summary: string
  category: string
  townshipCode: string
  village: string
  riskLevel: RiskLevel
  registeredAt: string
  parties: Required<Party>[]
  dispute: { source: string; referralFrom: string }
  petition: { assignedBy: string; batch: string; assignedAt: string; dueAt: string }
}

export const MIN_PARTIES: Record<Kind, number> = { dispute: 2, petition: 1 }
export const PARTY_FIELDS = ['name', 'role', 'idNumber', 'phone', 'address'] as const

export function newParty(role: string): Required<Party> {
  return { name: '', role, idNumber: '', phone: '', address: '' }
}

export function emptyCaseForm(kind: Kind, townshipCode = ''): CaseFormModel {
  return {
    title: '',
    summary: '',
    category: '',
    townshipCode,
    village: '',
    riskLevel: 'blue',
    registeredAt: '',
    parties: kind === 'dispute' ? [newParty('applicant'), newParty('respondent')] : [newParty('petitioner')],
    dispute: { source: '', referralFrom: '' },
    petition: { assignedBy: '', batch: '', assignedAt: '', dueAt: '' },
  }
}

const trimmed = (s: string) => s.trim()

/** Every form-item prop of the form, for placing server field errors. */
export function caseFormProps(kind: Kind, model: CaseFormModel): string[] {
  const props = ['kind', 'title', 'summary', 'category', 'townshipCode', 'village', 'riskLevel', 'registeredAt', 'parties']
  model.parties.forEach((_, i) => PARTY_FIELDS.forEach((f) => props.push(`parties.${i}.${f}`)))
  if (kind === 'dispute') props.push('dispute', 'dispute.source', 'dispute.referralFrom')
  else props.push('petition', 'petition.assignedBy', 'petition.batch', 'petition.assignedAt', 'petition.dueAt')
  return props
}

/** The POST /cases body: trimmed, empty optional values left out, picked dates as Asia/Shanghai times. */
export function buildNewCase(kind: Kind, m: CaseFormModel): NewCase {
  const body: NewCase = {
    kind,
    title: trimmed(m.title),
    summary: trimmed(m.summary),
    category: m.category,
    townshipCode: m.townshipCode,
    riskLevel: m.riskLevel,
    parties: m.parties.map((p) => {
      const party: Party = { name: trimmed(p.name), role: p.role }
      if (trimmed(p.idNumber)) party.idNumber = trimmed(p.idNumber).toUpperCase()
      if (trimmed(p.phone)) party.phone = trimmed(p.phone)
      if (trimmed(p.address)) party.address = trimmed(p.address)
      return party
    }),
  }
  if (trimmed(m.village)) body.village = trimmed(m.village)
  if (m.registeredAt) body.registeredAt = wallClockToTime(m.registeredAt)
  if (kind === 'dispute') {
    body.dispute = { source: m.dispute.source }
    if (m.dispute.source === 'referral' && m.dispute.referralFrom) body.dispute.referralFrom = m.dispute.referralFrom
  } else {
    body.petition = { assignedBy: m.petition.assignedBy }
    if (trimmed(m.petition.batch)) body.petition.batch = trimmed(m.petition.batch)
    if (m.petition.assignedAt) body.petition.assignedAt = dateToTime(m.petition.assignedAt, 'start')
    if (m.petition.dueAt) body.petition.dueAt = dateToTime(m.petition.dueAt, 'end')
  }
  return body
}

export const ID_NUMBER = /^\d{17}[\dXx]$/
// 7 to 20 digits, an optional leading + and hyphens (the server's rule)
export const PHONE = /^\+?\d[\d-]{5,}\d$/
