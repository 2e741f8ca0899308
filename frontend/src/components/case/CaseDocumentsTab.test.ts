import { beforeEach, describe, expect, it, vi } from 'vitest'
import CaseDocumentsTab from './CaseDocumentsTab.vue'
import { $, mountComponent, settle, tableCells } from '@/test/helpers'

const api = vi.hoisted(() => ({ listDocuments: vi.fn(), downloadDocument: vi.fn(), downloadCasefile: vi.fn() }))
vi.mock('@/api/casefile', () => api)

const id = '610921102-2026-000001'

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset()
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
    mountComponent(CaseDocumentsTab, { props: { caseId: id } })
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
})
