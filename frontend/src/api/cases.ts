import { api, download, uploadDownload } from './client'
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

/** What the uploader confirms or chooses for a ledger: column and value mappings and defaults. */
export type LedgerOptions = NonNullable<ImportResult['report']>['options']

function ledgerForm(file: File, options?: LedgerOptions, fields: Record<string, string> = {}): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  if (options) form.append('options', JSON.stringify(options))
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return form
}

/**
 * Uploads a ledger: with dryRun only checks every row; without, stores its cases — all or none, or with
 * options.skipRefused the good rows. Without options the office's saved mapping for the header applies.
 */
export function importLedger(file: File, dryRun: boolean, options?: LedgerOptions): Promise<ImportResult> {
  return api.upload<ImportResult>('/cases/import', ledgerForm(file, options, dryRun ? { dryRun: 'true' } : {}))
}

/** What an import would do (the report), whatever the rows hold; imports nothing. */
export function previewLedger(file: File, options?: LedgerOptions): Promise<ImportResult> {
  return api.upload<ImportResult>('/cases/import', ledgerForm(file, options, { preview: 'true' }))
}

/** Saves the rows the import refuses, as an .xlsx with a 错误说明 column. */
export function downloadRefusedRows(file: File, options?: LedgerOptions): Promise<string> {
  return uploadDownload('/cases/import/refused', ledgerForm(file, options), 'refused-rows.xlsx')
}
