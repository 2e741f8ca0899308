// The registration form's model (shaped like the POST /cases body, so server field paths match
// form-item props; '' is a choice not made yet) and its conversion into the request body, once the form's
// rules have checked every required choice is made.
import type { Category, Kind, NewCase, Party, PartyInput, RiskLevel } from '@/api/types'
import type { AssignedBy, PartyRole, ReferralFrom, Source } from '@/api/generated/schema'
import { dateToTime, wallClockToTime } from './format'

export interface CaseFormModel {
  title: string
  summary: string
  category: Category | ''
  townshipCode: string
  village: string
  riskLevel: RiskLevel
  registeredAt: string
  parties: Required<Party>[]
  dispute: { source: Source | ''; referralFrom: ReferralFrom | '' }
  petition: { assignedBy: AssignedBy | ''; batch: string; assignedAt: string; dueAt: string }
}

export const MIN_PARTIES: Record<Kind, number> = { dispute: 2, petition: 1 }
export const PARTY_FIELDS = ['name', 'role', 'idNumber', 'phone', 'address'] as const

export function newParty(role: PartyRole): Required<Party> {
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
    category: m.category as Category,
    townshipCode: m.townshipCode,
    riskLevel: m.riskLevel,
    parties: m.parties.map((p) => {
      const party: PartyInput = { name: trimmed(p.name), role: p.role }
      if (trimmed(p.idNumber)) party.idNumber = trimmed(p.idNumber).toUpperCase()
      if (trimmed(p.phone)) party.phone = trimmed(p.phone)
      if (trimmed(p.address)) party.address = trimmed(p.address)
      return party
    }),
  }
  if (trimmed(m.village)) body.village = trimmed(m.village)
  if (m.registeredAt) body.registeredAt = wallClockToTime(m.registeredAt)
  if (kind === 'dispute') {
    const dispute: NonNullable<NewCase['dispute']> = { source: m.dispute.source as Source }
    if (m.dispute.source === 'referral' && m.dispute.referralFrom) dispute.referralFrom = m.dispute.referralFrom
    body.dispute = dispute
  } else {
    const petition: NonNullable<NewCase['petition']> = { assignedBy: m.petition.assignedBy as AssignedBy }
    if (trimmed(m.petition.batch)) petition.batch = trimmed(m.petition.batch)
    if (m.petition.assignedAt) petition.assignedAt = dateToTime(m.petition.assignedAt, 'start')
    if (m.petition.dueAt) petition.dueAt = dateToTime(m.petition.dueAt, 'end')
    body.petition = petition
  }
  return body
}

export const ID_NUMBER = /^\d{17}[\dXx]$/
// 7 to 20 digits, an optional leading + and hyphens (the server's rule)
export const PHONE = /^\+?\d[\d-]{5,}\d$/
