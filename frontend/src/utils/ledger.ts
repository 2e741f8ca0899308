// Ledger (台账) uploads: which files the import takes, and the server's 422 turned into one table of
// problems by row and column.
import type { FieldError, RowError } from '@/api/types'

/** The server's import body limit. */
export const MAX_LEDGER_BYTES = 20 * 1024 * 1024

export type LedgerFileProblem = '' | 'wrongType' | 'tooLarge' | 'empty'

/** What is wrong with a chosen file before it is sent ('' when nothing). */
export function checkLedgerFile(file: { name: string; size: number }): LedgerFileProblem {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'wrongType'
  if (file.size === 0) return 'empty'
  if (file.size > MAX_LEDGER_BYTES) return 'tooLarge'
  return ''
}

/** One problem of an uploaded ledger; row 0 = about the file as a whole (表头, 文件). */
export interface LedgerProblem {
  sheet?: string
  row: number
  column: string
  message: string
}

/**
 * Every problem the server named: what is about the file as a whole (its `fields`: 表头, 文件 "另有N处错误未
 * 列出") first, then the broken cells (its `rows`) by row, keeping the server's order within a row.
 */
export function ledgerProblems(rows: RowError[], fields: FieldError[]): LedgerProblem[] {
  const general = fields.map((f) => ({ row: 0, column: f.field, message: f.message }))
  const byRow = rows.map((r) => ({ ...(r.sheet ? { sheet: r.sheet } : {}), row: r.row, column: r.column, message: r.message }))
  byRow.sort((a, b) => a.row - b.row) // stable: the server's order within a row stays
  return [...general, ...byRow]
}
