import { api, download } from './client'
import type { ActionBody, Case, CaseQuery, CaseSummary, ImportResult, Kind, NewCase, Page, TodoList } from './types'

export const listCases = (query: CaseQuery, signal?: AbortSignal) =>
  api.get<Page<CaseSummary>>('/cases', query, signal)

export const getCase = (id: string) => api.get<Case>(`/cases/${encodeURIComponent(id)}`)

export const createCase = (body: NewCase) => api.post<Case>('/cases', body)

export const act = (id: string, body: ActionBody) =>
  api.post<Case>(`/cases/${encodeURIComponent(id)}/actions`, body)

export const exportCases = (query: CaseQuery, format: 'csv' | 'xlsx') =>
  download('/cases', { ...query, page: undefined, pageSize: undefined, format }, `cases.${format}`)

/** The default and largest to-do page sizes the server allows. */
export const TODO_PAGE_SIZE = 50
export const TODO_MAX_PAGE_SIZE = 200

/** One page of the caller's to-do list; `total` counts the whole list. */
export const getTodo = (page = 1, pageSize = TODO_PAGE_SIZE) => api.get<TodoList>('/todo', { page, pageSize })

/** Saves the ledger template (with the token, so not a plain link). */
export const downloadImportTemplate = (kind: Kind, format: 'xlsx' | 'csv' = 'xlsx') =>
  download('/cases/import/template', { kind, format }, `pingan-import-${kind}.${format}`)

/** Uploads a ledger: with dryRun only checks every row; without, stores all its cases or none. */
export function importLedger(file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData()
  form.append('file', file, file.name)
  if (dryRun) form.append('dryRun', 'true')
  return api.upload<ImportResult>('/cases/import', form)
}
