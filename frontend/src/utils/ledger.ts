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
  row: number
  column: string
  message: string
}

const ROW_FIELD = /^第(\d+)行(?:「(.*)」)?$/

/**
 * Every problem the server named, by row: `error.rows` when it sent them, else what the `fields` say
 * (第3行「登记日期」 read back into row and column). Fields that are not about a row (表头, 文件: "另有N处
 * 错误未列出") come first.
 */
export function ledgerProblems(rows: RowError[], fields: FieldError[]): LedgerProblem[] {
  const general: LedgerProblem[] = []
  const byRow: LedgerProblem[] = rows.map((r) => ({ row: r.row, column: r.column, message: r.message }))
  for (const f of fields) {
    const m = ROW_FIELD.exec(f.field.trim())
    if (!m) general.push({ row: 0, column: f.field, message: f.message })
    else if (!rows.length) byRow.push({ row: Number(m[1]), column: m[2] ?? '', message: f.message })
  }
  byRow.sort((a, b) => a.row - b.row) // stable: the server's order within a row stays
  return [...general, ...byRow]
}
