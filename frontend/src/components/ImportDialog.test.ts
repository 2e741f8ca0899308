import { beforeEach, describe, expect, it, vi } from 'vitest'
import ImportDialog from './ImportDialog.vue'
import { ApiError } from '@/api/client'
import type { ImportResult } from '@/api/types'
import type { VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { $, mountComponent, settle, tableCells } from '@/test/helpers'

const { importLedger, previewLedger, downloadImportTemplate, downloadRefusedRows } = vi.hoisted(() => ({
  importLedger: vi.fn(),
  previewLedger: vi.fn(),
  downloadImportTemplate: vi.fn(),
  downloadRefusedRows: vi.fn(),
}))
vi.mock('@/api/cases', () => ({ importLedger, previewLedger, downloadImportTemplate, downloadRefusedRows }))

type Report = NonNullable<ImportResult['report']>

function report(over: Partial<Report> = {}): Report {
  return {
    kind: 'dispute',
    signature: 'dispute-1',
    sheets: [{ name: '2023年', read: true, headerRow: 4, rows: 2, year: 2023, yearFrom: '标题' }],
    columns: [
      { source: '受理时间', target: '登记日期', by: 'alias', column: 'B' },
      { source: '事由', target: '', by: 'unused', column: 'C' },
      { source: '当事人', target: '当事人', by: 'alias', column: 'D', note: '按顿号拆分' },
    ],
    unused: ['事由'],
    values: [{ column: '结果', value: '已化解', code: 'resolved', label: '调解成功', by: 'alias', count: 2 }],
    unknown: [],
    defaults: [],
    skipped: [{ sheet: '2023年', row: 9, why: '合计行' }],
    warnings: [],
    duplicates: [],
    problems: [],
    errors: [],
    errorCount: 0,
    rows: 2,
    valid: 2,
    refused: 0,
    importing: 2,
    byStatus: [{ status: 'resolved', label: '调解成功', count: 2 }],
    byTownship: [{ code: '610902107', name: '恒口镇', total: 2, byStatus: [{ status: 'resolved', label: '调解成功', count: 2 }] }],
    summary: '2 行中 2 件将导入：调解成功 2 件；其中 2 件将进入待回访',
    targets: ['标题', '类别', '登记日期', '当事人'],
    mappingSaved: false,
    options: {},
    ...over,
  }
}

const preview = (rep: Report): ImportResult => ({ kind: rep.kind, imported: 0, valid: rep.valid, dryRun: true, cases: [], report: rep })

async function open() {
  const wrapper = mountComponent(ImportDialog, { props: { modelValue: false, kind: 'dispute' } })
  await wrapper.setProps({ modelValue: true })
  await settle()
  return wrapper
}

async function choose(name: string, content = '受理时间,当事人\n2023.5.6,张三、李四\n') {
  const input = $('[data-testid="import-file"] input[type="file"]') as HTMLInputElement
  const file = new File([content], name, { type: 'text/csv' })
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
  return file
}

const click = async (testid: string) => {
  $(`[data-testid="${testid}"]`).click()
  await settle()
}

/** Chooses value in the el-select with the test id (the dialog has many: pick by component, not by option text). */
async function pick(w: VueWrapper, testid: string, value: string) {
  const select = w.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === testid)
  if (!select) throw new Error(`no select ${testid}`)
  select.vm.$emit('change', value)
  await settle()
}

const runButton = () => $('[data-testid="import-run"]') as HTMLButtonElement

beforeEach(() => {
  importLedger.mockReset()
  previewLedger.mockReset()
  downloadImportTemplate.mockReset()
  downloadRefusedRows.mockReset()
})

describe('ImportDialog', () => {
  it('downloads the template of its kind with the token', async () => {
    downloadImportTemplate.mockResolvedValue('矛盾纠纷导入模板.xlsx')
    await open()
    await click('import-template')
    expect(downloadImportTemplate).toHaveBeenCalledWith('dispute', 'xlsx')
  })

  it('previews what the import will do, then imports the same file with the options shown', async () => {
    previewLedger.mockResolvedValueOnce(preview(report()))
    importLedger.mockResolvedValueOnce({ kind: 'dispute', imported: 2, valid: 2, dryRun: false, cases: ['610902107-2023-000001', 'x'] })
    const w = await open()
    expect(runButton().disabled).toBe(true)
    const file = await choose('台账.csv')
    expect($('[data-testid="import-file-name"]').textContent).toContain('台账.csv')
    await click('import-check')
    expect(previewLedger).toHaveBeenCalledWith(file, undefined) // the office's saved mapping applies
    expect($('[data-testid="import-valid"]').textContent).toContain('2 行全部通过校验')
    expect($('[data-testid="import-summary"]').textContent).toContain('其中 2 件将进入待回访')
    expect($('[data-testid="import-sheets"]').textContent).toContain('已读取「2023年」：表头在第 4 行')
    expect(tableCells($('[data-testid="import-towns"]'))[0]).toEqual(['恒口镇', '2', '调解成功 2'])
    expect($('[data-testid="import-values"]').textContent).toContain('「结果」中的「已化解」按「调解成功」导入（2 行）')
    expect($('[data-testid="import-skipped"]').textContent).toContain('2023年 第 9 行：合计行')
    expect(runButton().textContent).toContain('导入 2 件')
    await click('import-run')
    expect(importLedger).toHaveBeenLastCalledWith(file, false, {})
    expect($('[data-testid="import-done"]').textContent).toContain('已导入 2 件')
    expect(w.emitted('imported')?.[0]?.[0]).toMatchObject({ imported: 2 })
  })

  it('maps an unknown value and a default, previews again, and only then offers to import', async () => {
    const bad = report({
      unknown: [{ column: '类别', value: '火星纠纷', count: 1, rows: ['2023年 第6行'], choices: [{ code: 'other', label: '其他', en: 'Other' }, { code: 'neighbor', label: '邻里', en: 'Neighbour' }] }],
      problems: [{ field: '来源', message: '台账没有「来源」列：请选择这些纠纷的来源' }],
      errors: [{ sheet: '2023年', row: 6, column: '类别', message: '「火星纠纷」不是有效的类别' }],
      errorCount: 1,
      refused: 1,
      valid: 1,
      importing: 1,
    })
    previewLedger.mockResolvedValueOnce(preview(bad))
    previewLedger.mockResolvedValueOnce(preview({ ...bad, unknown: [], errors: [], errorCount: 0, refused: 0, options: { values: { 类别: { 火星纠纷: 'other' } } } }))
    previewLedger.mockResolvedValueOnce(preview(report({ options: { values: { 类别: { 火星纠纷: 'other' } }, defaultSource: 'proactive' } })))
    const w = await open()
    const file = await choose('台账.xlsx')
    await click('import-check')
    expect($('[data-testid="import-invalid"]').textContent).toContain('发现 2 处错误')
    expect(tableCells($('[data-testid="import-errors"]'))).toEqual([
      ['—', '来源', '台账没有「来源」列：请选择这些纠纷的来源'],
      ['2023年 第 6 行', '类别', '「火星纠纷」不是有效的类别'],
    ])
    expect($('[data-testid="import-unknown"]').textContent).toContain('「火星纠纷」')
    expect(runButton().disabled).toBe(true)

    expect($('[data-testid="unknown-类别-火星纠纷"]').textContent).toContain('2023年 第6行')
    await pick(w, 'unknown-choice', 'other')
    expect(previewLedger).toHaveBeenLastCalledWith(file, { values: { 类别: { 火星纠纷: 'other' } } })
    expect(runButton().disabled).toBe(true) // 来源 still missing

    await pick(w, 'import-default-source', 'proactive')
    expect(previewLedger).toHaveBeenLastCalledWith(file, { values: { 类别: { 火星纠纷: 'other' } }, defaultSource: 'proactive' })
    expect(runButton().disabled).toBe(false)
  })

  it('lets the uploader change what a column is read as', async () => {
    previewLedger.mockResolvedValue(preview(report()))
    const w = await open()
    const file = await choose('台账.csv')
    await click('import-check')
    await pick(w, 'map-事由', '标题')
    expect(previewLedger).toHaveBeenLastCalledWith(file, { columns: { 事由: '标题' } })
  })

  it('says when the office mapping from last time was applied', async () => {
    previewLedger.mockResolvedValue(preview(report({ mappingSaved: true, options: { defaultSource: 'proactive' } })))
    await open()
    await choose('台账.csv')
    await click('import-check')
    expect($('[data-testid="import-mapping-saved"]').textContent).toContain('已沿用本单位上次确认的列对应')
  })

  it('offers to import the good rows alone and to download the refused ones', async () => {
    const withErrors = report({ errors: [{ row: 3, column: '登记日期', message: '无法识别日期' }], errorCount: 1, refused: 1, valid: 1, importing: 1 })
    previewLedger.mockResolvedValueOnce(preview(withErrors))
    previewLedger.mockResolvedValueOnce(preview({ ...withErrors, options: { skipRefused: true } }))
    downloadRefusedRows.mockResolvedValue('台账-未导入的行.xlsx')
    await open()
    const file = await choose('台账.csv')
    await click('import-check')
    expect(runButton().disabled).toBe(true)
    await click('import-download-refused')
    expect(downloadRefusedRows).toHaveBeenCalledWith(file, {})
    ;($('[data-testid="import-skip-refused"] input') as HTMLInputElement).click()
    await settle()
    expect(previewLedger).toHaveBeenLastCalledWith(file, { skipRefused: true })
    expect(runButton().disabled).toBe(false)
    expect(runButton().textContent).toContain('导入 1 件')
  })

  it('names each sheet when no ledger header is found', async () => {
    previewLedger.mockRejectedValue(
      new ApiError(422, 'validation_failed', '文件中没有找到台账表头', [{ field: '工作表「Sheet1」', message: '没有找到台账表头' }], [], 'ledger_header_not_found'),
    )
    await open()
    await choose('台账.csv')
    await click('import-check')
    expect($('[data-testid="import-invalid"]').textContent).toContain('发现 1 处错误')
    expect(tableCells($('[data-testid="import-errors"]'))).toEqual([['—', '工作表「Sheet1」', '没有找到台账表头']])
    expect(runButton().disabled).toBe(true)
  })

  it('says what is wrong with a file the server cannot read', async () => {
    previewLedger.mockRejectedValue(new ApiError(400, 'bad_request', '这是旧版 Excel（.xls）文件：请在 Excel/WPS 中另存为 .xlsx 后再导入'))
    await open()
    await choose('台账.csv')
    await click('import-check')
    expect($('[data-testid="import-failure"]').textContent).toContain('另存为 .xlsx')
  })

  it('refuses files other than .xlsx and .csv before sending them', async () => {
    await open()
    await choose('台账.xls')
    expect(document.body.querySelector('[data-testid="import-file-name"]')).toBeNull()
    expect(($('[data-testid="import-check"]') as HTMLButtonElement).disabled).toBe(true)
    expect(previewLedger).not.toHaveBeenCalled()
  })
})
