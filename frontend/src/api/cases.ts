import { api, download } from './client'
import type { ActionBody, Case, CaseQuery, CaseSummary, NewCase, Page, TodoList } from './types'

export const listCases = (query: CaseQuery, signal?: AbortSignal) =>
  api.get<Page<CaseSummary>>('/cases', query, signal)

export const getCase = (id: string) => api.get<Case>(`/cases/${encodeURIComponent(id)}`)

export const createCase = (body: NewCase) => api.post<Case>('/cases', body)

export const act = (id: string, body: ActionBody) =>
  api.post<Case>(`/cases/${encodeURIComponent(id)}/actions`, body)

export const exportCases = (query: CaseQuery, format: 'csv' | 'xlsx') =>
  download('/cases', { ...query, page: undefined, pageSize: undefined, format }, `cases.${format}`)

export const getTodo = () => api.get<TodoList>('/todo')
