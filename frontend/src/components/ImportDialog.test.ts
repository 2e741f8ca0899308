import { beforeEach, describe, expect, it, vi } from 'vitest'
import ImportDialog from './ImportDialog.vue'
import { ApiError } from '@/api/client'
import { $, mountComponent, settle, tableCells } from '@/test/helpers'

const { importLedger, downloadImportTemplate } = vi.hoisted(() => ({ importLedger: vi.fn(), downloadImportTemplate: vi.fn() }))
vi.mock('@/api/cases', () => ({ importLedger, downloadImportTemplate }))

async function open() {
  const wrapper = mountComponent(ImportDialog, { props: { modelValue: false, kind: 'dispute' } })
  await wrapper.setProps({ modelValue: true })
  await settle()
  return wrapper
}

async function choose(name: string, content = '乡镇代码,标题\n610921110,测试\n') {
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

beforeEach(() => {
  importLedger.mockReset()
  downloadImportTemplate.mockReset()
})

describe('ImportDialog', () => {
  it('downloads the template of its kind with the token', async () => {
    downloadImportTemplate.mockResolvedValue('矛盾纠纷导入模板.xlsx')
    await open()
    await click('import-template')
    expect(downloadImportTemplate).toHaveBeenCalledWith('dispute', 'xlsx')
  })

  it('checks first, then imports the same file and reports how many cases', async () => {
    importLedger.mockResolvedValueOnce({ kind: 'dispute', imported: 0, valid: 2, dryRun: true, cases: [] })
    importLedger.mockResolvedValueOnce({ kind: 'dispute', imported: 2, valid: 2, dryRun: false, cases: ['610921110-2026-000010', 'x'] })
    const w = await open()
    expect(($('[data-testid="import-run"]') as HTMLButtonElement).disabled).toBe(true)
    const file = await choose('台账.csv')
    expect($('[data-testid="import-file-name"]').textContent).toContain('台账.csv')
    await click('import-check')
    expect(importLedger).toHaveBeenCalledWith(file, true)
    expect($('[data-testid="import-valid"]').textContent).toContain('2 行全部通过校验')
    await click('import-run')
    expect(importLedger).toHaveBeenLastCalledWith(file, false)
    expect($('[data-testid="import-done"]').textContent).toContain('已导入 2 件')
    expect(w.emitted('imported')?.[0]?.[0]).toMatchObject({ imported: 2 })
  })

  it('lists every bad row and column and does not offer to import', async () => {
    const rows = [
      { row: 4, column: '类别', message: '「不存在」不是有效的类别' },
      { row: 3, column: '登记日期', message: '日期格式应为 YYYY-MM-DD' },
    ]
    importLedger.mockRejectedValue(
      new ApiError(422, 'validation_failed', '导入文件有2处错误，未导入任何案件', [], rows, 'validation_failed'),
    )
    await open()
    await choose('台账.csv')
    await click('import-check')
    expect($('[data-testid="import-invalid"]').textContent).toContain('发现 2 处错误')
    expect(tableCells($('[data-testid="import-errors"]'))).toEqual([
      ['第 3 行', '登记日期', '日期格式应为 YYYY-MM-DD'],
      ['第 4 行', '类别', '「不存在」不是有效的类别'],
    ])
    expect(($('[data-testid="import-run"]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('says what is wrong with a file the server cannot read', async () => {
    importLedger.mockRejectedValue(new ApiError(400, 'bad_request', '上传的文件为空'))
    await open()
    await choose('台账.csv')
    await click('import-check')
    expect($('[data-testid="import-failure"]').textContent).toContain('上传的文件为空')
  })

  it('refuses files other than .xlsx and .csv before sending them', async () => {
    await open()
    await choose('台账.xls')
    expect(document.body.querySelector('[data-testid="import-file-name"]')).toBeNull()
    expect(($('[data-testid="import-check"]') as HTMLButtonElement).disabled).toBe(true)
    expect(importLedger).not.toHaveBeenCalled()
  })
})
