// The 稳评 register (重大决策社会稳定风险评估): GET/POST/PUT /assessments, follow-up actions, the summary.
import { api, download, type Query } from './client'
import type * as gen from './generated/schema'

export type Assessment = gen.Assessment
export type AssessmentBody = gen.AssessmentRequest
export type AssessmentActionBody = gen.AssessmentActionRequest
export type AssessmentSummary = gen.AssessmentSummary
export type AssessmentSummaryRow = gen.AssessmentSummaryRow
export type AssessmentTodo = gen.AssessmentTodo

export const listAssessments = (query: Query) => api.get<gen.AssessmentList>('/assessments', query)

export const getAssessment = (id: string) => api.get<Assessment>(`/assessments/${encodeURIComponent(id)}`)

export const createAssessment = (body: AssessmentBody) => api.post<Assessment>('/assessments', body)

export const saveAssessment = (id: string, body: AssessmentBody) => api.put<Assessment>(`/assessments/${encodeURIComponent(id)}`, body)

export const actOnAssessment = (id: string, body: AssessmentActionBody) =>
  api.post<Assessment>(`/assessments/${encodeURIComponent(id)}/actions`, body)

export const assessmentSummary = (query: Query) => api.get<AssessmentSummary>('/assessments/summary', query)

/** Downloads the filtered 稳评 register (重大决策社会稳定风险评估台账), every page. */
export const exportAssessments = (query: Query, format: 'csv' | 'xlsx') =>
  download('/assessments', { ...query, page: undefined, pageSize: undefined, format }, `assessments.${format}`)
