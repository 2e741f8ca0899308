import { beforeEach, describe, expect, it, vi } from 'vitest'
import CaseDocumentsTab from './CaseDocumentsTab.vue'
import { $, mountComponent, sampleUser, settle, tableCells, type } from '@/test/helpers'

const api = vi.hoisted(() => ({ listDocuments: vi.fn(), downloadDocument: vi.fn(), downloadCasefile: vi.fn(), getNumbering: vi.fn(), setNumbering: vi.fn() }))
vi.mock('@/api/casefile', () => api)

const id = '610921102-2026-000001'

const numbering = (over = {}) => ({ township: '610921102', prefix: '汉阴蒲溪', default: '汉阴蒲溪', configured: false, example: '（2026）汉阴蒲溪人调字第1号', ...over })

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset()
  api.getNumbering.mockResolvedValue(numbering())
  api.listDocuments.mockResolvedValue({ items: [] })
  document.body.innerHTML = ''
})

describe('文书 tab', () => {
  it('offers 打印/下载 for each document the case has, and says when the others come', async () => {
    api.listDocuments.mockResolvedValue({
      items: [
        { code: 'registration', title: '人民调解受理登记表', available: true, filename: 'a.docx' },
        { code: 'agreement', title: '人民调解协议书', available: true, filename: 'b.docx' },
        { code: 'visit', title: '人民调解回访记录', available: false, filename: 'c.docx' },
      ],
    })
    api.downloadDocument.mockResolvedValue(`${id}-人民调解协议书.docx`)
    api.downloadCasefile.mockResolvedValue(`${id}-人民调解卷宗.zip`)
    mountComponent(CaseDocumentsTab, { props: { caseId: id, township: '610921102' } })
    await settle()
    const rows = tableCells($('[data-testid="documents-table"]'))
    expect(rows.map((r) => r.slice(1, 4))).toEqual([
      ['人民调解受理登记表', '可生成', '打印/下载'],
      ['人民调解协议书', '可生成', '打印/下载'],
      ['人民调解回访记录', '回访后生成', ''],
    ])
    $('[data-document="agreement"]').click()
    await settle()
    expect(api.downloadDocument).toHaveBeenCalledWith(id, 'agreement')
    expect(document.body.textContent).toContain(`已下载：${id}-人民调解协议书.docx`)
    $('[data-testid="download-casefile"]').click()
    await settle()
    expect(api.downloadCasefile).toHaveBeenCalledWith(id)
  })

  it('shows the document number, and lets an admin change its prefix', async () => {
    mountComponent(CaseDocumentsTab, { props: { caseId: id, township: '610921102' } })
    await settle()
    expect($('[data-testid="numbering"]').textContent).toContain('文书编号格式：（2026）汉阴蒲溪人调字第1号 （默认前缀）')
    expect(document.querySelector('[data-testid="edit-prefix"]')).toBeNull() // a mediator
    document.body.innerHTML = ''
    api.setNumbering.mockResolvedValue(numbering({ prefix: '汉阴县蒲溪', configured: true, example: '（2026）汉阴县蒲溪人调字第1号' }))
    mountComponent(CaseDocumentsTab, { props: { caseId: id, township: '610921102' }, user: { ...sampleUser, role: 'admin' } })
    await settle()
    $('[data-testid="edit-prefix"]').click()
    await settle()
    await type($('.el-message-box input'), '汉阴县蒲溪')
    ;[...document.querySelectorAll<HTMLElement>('.el-message-box button')].find((b) => b.textContent?.trim() === '保存')!.click()
    await settle(50)
    expect(api.setNumbering).toHaveBeenCalledWith('610921102', '汉阴县蒲溪')
    expect($('[data-testid="numbering"]').textContent).toContain('（2026）汉阴县蒲溪人调字第1号')
  })
})
