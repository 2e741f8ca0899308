import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('CSV of a list on the page', () => {
  it('quotes what needs it, keeps Chinese readable in Excel and defuses formulas', () => {
    const text = toCsv(['案件编号', '标题', '超期天数'], [
      ['610921104-2026-000001', '王某反映"征地"补偿, 多次', 3],
      ['610921104-2026-000002', '=HYPERLINK("x")', null],
    ])
    expect(text.startsWith('\uFEFF案件编号,标题,超期天数\r\n')).toBe(true)
    expect(text).toContain('610921104-2026-000001,"王某反映""征地""补偿, 多次",3\r\n')
    expect(text).toContain(`610921104-2026-000002,"'=HYPERLINK(""x"")",\r\n`)
  })
})
