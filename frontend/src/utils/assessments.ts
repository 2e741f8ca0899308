// The 稳评 register form: the rules the server applies (domain/assessment.go), checked before sending so a user
// sees every broken field at once; the server's answer stays the authority (its field errors are shown too).
import type { AssessmentBody } from '@/api/assessments'
import type { AssessmentConclusion, AssessmentGrade } from '@/api/generated/schema'
import { i18n } from '@/i18n'
import { enumCodes } from './enums'
import { enumLabel } from './labels'

const { t } = i18n.global

/** The conclusions a grade allows, from the most permissive: high at most 暂缓实施, medium at most 调整后实施. */
export function allowedConclusions(grade: AssessmentGrade | ''): AssessmentConclusion[] {
  const all = enumCodes('assessmentConclusions') as AssessmentConclusion[]
  const from = { high: all.indexOf('suspend'), medium: all.indexOf('implement_adjusted'), low: 0, '': 0 }[grade]
  return all.slice(from)
}

export interface AssessmentForm {
  project: string
  kind: string
  regionCode: string
  decidingBody: string
  assessingBody: string
  assessedOn: string
  grade: AssessmentGrade | ''
  conclusion: AssessmentConclusion | ''
  summary: string
  reviewDays: number
  /** Conditions: n of one already recorded (its met state is kept), 0 for a new one. */
  conditions: { n: number; text: string }[]
}

export function emptyAssessmentForm(): AssessmentForm {
  return {
    project: '',
    kind: '',
    regionCode: '',
    decidingBody: '',
    assessingBody: '',
    assessedOn: '',
    grade: '',
    conclusion: '',
    summary: '',
    reviewDays: 90,
    conditions: [],
  }
}

/** The broken fields of the form by prop (conditions[i] for a condition), with Chinese messages; empty: fine. */
export function assessmentFormErrors(f: AssessmentForm, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  // [prop, label, chosen from a list]
  const required: [keyof AssessmentForm, string, boolean][] = [
    ['project', 'assessment.project', false],
    ['kind', 'assessment.kind', true],
    ['regionCode', 'assessment.region', true],
    ['decidingBody', 'assessment.decidingBody', false],
    ['assessingBody', 'assessment.assessingBody', false],
    ['assessedOn', 'assessment.assessedOn', true],
    ['grade', 'assessment.grade', true],
    ['conclusion', 'assessment.conclusion', true],
  ]
  for (const [prop, label, select] of required) {
    if (!String(f[prop]).trim()) errors[prop] = t(select ? 'common.requiredSelect' : 'common.required', { field: t(label) })
  }
  if (f.assessedOn && f.assessedOn > today) errors.assessedOn = t('assessment.errors.future')
  if (f.grade && f.conclusion && !allowedConclusions(f.grade).includes(f.conclusion)) {
    errors.conclusion = t('assessment.errors.beyondGrade', {
      grade: enumLabel('assessmentGrades', f.grade),
      max: enumLabel('assessmentConclusions', allowedConclusions(f.grade)[0]!),
    })
  }
  const conditions = f.conditions.map((c) => c.text.trim())
  if (f.conclusion === 'implement_adjusted' && conditions.filter(Boolean).length === 0) errors.conditions = t('assessment.errors.needsConditions')
  if (f.conclusion === 'reject' && conditions.some(Boolean)) errors.conditions = t('assessment.errors.rejectNoConditions')
  conditions.forEach((c, i) => {
    if (c && conditions.indexOf(c) < i) errors[`conditions[${i}]`] = t('assessment.errors.duplicate', { text: c })
  })
  return errors
}

/** The request body of a form (blank conditions left out; version for an edit). */
export function assessmentBody(f: AssessmentForm, version?: number): AssessmentBody {
  const body: AssessmentBody = {
    project: f.project.trim(),
    kind: f.kind as AssessmentBody['kind'],
    regionCode: f.regionCode,
    decidingBody: f.decidingBody.trim(),
    assessingBody: f.assessingBody.trim(),
    assessedOn: f.assessedOn,
    grade: f.grade as AssessmentGrade,
    conclusion: f.conclusion as AssessmentConclusion,
    reviewDays: f.reviewDays,
    conditions: f.conditions.filter((c) => c.text.trim()).map((c) => (c.n ? { n: c.n, text: c.text.trim() } : { text: c.text.trim() })),
  }
  if (f.summary.trim()) body.summary = f.summary.trim()
  if (version !== undefined) body.version = version
  return body
}
