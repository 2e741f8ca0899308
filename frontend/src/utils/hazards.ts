// What each step of a hazard or a listing asks for (the dialogs are built from these tables, as the
// server's lifecycle tables in domain/hazard.go and domain/listing.go decide what is required), and the
// request bodies made from what the user typed.
import type { HazardStepBody, ListingStepBody } from '@/api/hazards'

export type StepFieldKind = 'text' | 'textarea' | 'date' | 'level'

export interface StepField {
  prop: string
  /** i18n key of the label */
  label: string
  kind: StepFieldKind
  required?: boolean
}

const at: StepField = { prop: 'at', label: 'hazard.at', kind: 'date' }

export const HAZARD_STEP_FIELDS: Record<string, StepField[]> = {
  assess: [
    { prop: 'assessment', label: 'hazard.assessment', kind: 'textarea', required: true },
    { prop: 'level', label: 'hazard.level', kind: 'level' },
    at,
  ],
  rectify: [
    { prop: 'responsibleUnit', label: 'hazard.responsibleUnit', kind: 'text', required: true },
    { prop: 'responsiblePerson', label: 'hazard.responsiblePerson', kind: 'text', required: true },
    { prop: 'deadline', label: 'hazard.deadline', kind: 'date', required: true },
    { prop: 'measures', label: 'hazard.measures', kind: 'textarea' },
    at,
  ],
  progress: [{ prop: 'note', label: 'hazard.progressNote', kind: 'textarea', required: true }, at],
  request_check: [{ prop: 'note', label: 'hazard.note', kind: 'textarea' }, at],
  pass: [{ prop: 'note', label: 'hazard.checkNote', kind: 'textarea' }, at],
  send_back: [
    { prop: 'reason', label: 'hazard.sendBackReason', kind: 'textarea', required: true },
    { prop: 'deadline', label: 'hazard.newDeadline', kind: 'date' },
    at,
  ],
  reopen: [{ prop: 'reason', label: 'hazard.reopenReason', kind: 'textarea', required: true }, at],
}

export const LISTING_STEP_FIELDS: Record<string, StepField[]> = {
  progress: [{ prop: 'note', label: 'listing.progressNote', kind: 'textarea', required: true }, at],
  extend: [
    { prop: 'deadline', label: 'listing.newDeadline', kind: 'date', required: true },
    { prop: 'reason', label: 'listing.extendReason', kind: 'textarea', required: true },
  ],
  delist: [{ prop: 'conclusion', label: 'listing.conclusion', kind: 'textarea', required: true }, at],
}

/** Steps that end something (验收销号, 摘牌) ask for confirmation. */
export const FINAL_STEPS = new Set(['pass', 'delist'])

/** The body of a step: the fields of the step that were filled in, trimmed. Dates go as YYYY-MM-DD: the server reads
 * a deadline as the end of that day and a stated `at` as that day, as late as the clock allows. */
export function stepBody<B extends HazardStepBody | ListingStepBody>(
  fields: StepField[],
  action: string,
  version: number,
  values: Record<string, string>,
): B {
  const body: Record<string, unknown> = { action, version }
  for (const f of fields) {
    const v = (values[f.prop] ?? '').trim()
    if (!v) continue
    body[f.prop] = v
  }
  return body as B
}
