import { describe, expect, it } from 'vitest'
import { checkLedgerFile, ledgerProblems, MAX_LEDGER_BYTES } from './ledger'

describe('ledger files', () => {
  it.each([
    [{ name: '台账.xlsx', size: 10 }, ''],
    [{ name: 'ledger.CSV', size: 10 }, ''],
    [{ name: '台账.xls', size: 10 }, 'wrongType'],
    [{ name: '台账', size: 10 }, 'wrongType'],
    [{ name: '台账.csv', size: 0 }, 'empty'],
    [{ name: '台账.xlsx', size: MAX_LEDGER_BYTES + 1 }, 'tooLarge'],
  ])('%j → %s', (file, problem) => expect(checkLedgerFile(file)).toBe(problem))
})

describe('problems of a refused ledger', () => {
  const rows = [
    { row: 4, column: '类别', message: '「不存在」不是有效的类别' },
    { row: 3, column: '登记日期', message: '日期格式应为 YYYY-MM-DD' },
    { row: 3, column: '标题', message: '标题为必填字段' },
  ]

  it('lists every bad cell by row, keeping the order within a row', () => {
    expect(ledgerProblems(rows, [])).toEqual([
      { row: 3, column: '登记日期', message: '日期格式应为 YYYY-MM-DD' },
      { row: 3, column: '标题', message: '标题为必填字段' },
      { row: 4, column: '类别', message: '「不存在」不是有效的类别' },
    ])
  })

  it('puts what is about the whole file first', () => {
    const got = ledgerProblems(rows, [{ field: '文件', message: '另有3处错误未列出' }])
    expect(got[0]).toEqual({ row: 0, column: '文件', message: '另有3处错误未列出' })
    expect(got).toHaveLength(4)
  })

  it('reads a header problem from the fields and reads no row back from a field name', () => {
    expect(ledgerProblems([], [{ field: '表头', message: '表头缺少「来源」列' }, { field: '第7行「类别」', message: '类别为必填字段' }])).toEqual([
      { row: 0, column: '表头', message: '表头缺少「来源」列' },
      { row: 0, column: '第7行「类别」', message: '类别为必填字段' },
    ])
  })

  it('keeps the sheet of a cell', () => {
    expect(ledgerProblems([{ sheet: '纠纷', row: 2, column: '标题', message: '标题为必填字段' }], [])).toEqual([
      { sheet: '纠纷', row: 2, column: '标题', message: '标题为必填字段' },
    ])
  })
})
