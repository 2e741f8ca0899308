import { beforeEach, describe, expect, it, vi } from 'vitest'
import CaseAttachmentsTab from './CaseAttachmentsTab.vue'
import { ApiError } from '@/api/client'
import { $, choose, mountComponent, settle, tableCells } from '@/test/helpers'
import type { Attachment, AttachmentList } from '@/api/types'

const api = vi.hoisted(() => ({
  listAttachments: vi.fn(),
  uploadAttachment: vi.fn(),
  deleteAttachment: vi.fn(),
  downloadAttachment: vi.fn(),
}))
vi.mock('@/api/casefile', () => api)

const id = '610921102-2026-000001'
const file = (over: Partial<Attachment> = {}): Attachment => ({
  id: 'f1',
  caseId: id,
  kind: 'signed_agreement',
  name: '协议书签字.jpg',
  contentType: 'image/jpeg',
  size: 1536000,
  sha256: 'x',
  uploadedAt: '2026-03-05T10:00:00+08:00',
  uploadedBy: { id: 'm1', name: '刘调解' },
  office: '610921102',
  canDelete: true,
  ...over,
})
const listing = (items: Attachment[], over: Partial<AttachmentList> = {}): AttachmentList => ({
  items,
  usedBytes: items.reduce((n, a) => n + a.size, 0),
  fileLimit: 20 << 20,
  caseLimit: 200 << 20,
  canUpload: true,
  ...over,
})

async function mountTab() {
  mountComponent(CaseAttachmentsTab, { props: { caseId: id } })
  await settle()
}

async function drop(f: File) {
  const input = $('[data-testid="attachment-upload"] input[type="file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [f], configurable: true })
  input.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
}

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset()
  document.body.innerHTML = ''
})

describe('附件 tab', () => {
  it('lists the files with their kind, size and uploader; only the uploader office may delete', async () => {
    api.listAttachments.mockResolvedValue(listing([file(), file({ id: 'f2', kind: 'id_proof', name: '身份证.png', size: 2048, canDelete: false })]))
    await mountTab()
    const rows = tableCells($('[data-testid="attachments-table"]'))
    expect(rows[0]!.slice(1, 6)).toEqual(['协议书签字.jpg', '签字的调解协议书', '1.5 MB', '刘调解', '2026-03-05 10:00'])
    expect(rows[1]!.slice(1, 4)).toEqual(['身份证.png', '当事人身份证明', '2 KB'])
    expect(document.querySelector('[data-delete="协议书签字.jpg"]')).not.toBeNull()
    expect(document.querySelector('[data-delete="身份证.png"]')).toBeNull()
    expect($('[data-testid="attachments"]').textContent).toContain('每个文件不超过 20 MB')
  })

  it('deletes only after the confirmation', async () => {
    api.listAttachments.mockResolvedValue(listing([file()]))
    api.deleteAttachment.mockResolvedValue(undefined)
    await mountTab()
    $('[data-delete="协议书签字.jpg"]').click()
    await settle()
    expect(document.querySelector('.el-message-box')?.textContent).toContain('确定删除附件“协议书签字.jpg”吗')
    ;[...document.querySelectorAll<HTMLElement>('.el-message-box button')].find((b) => b.textContent?.trim() === '取消')!.click()
    await settle(50)
    expect(api.deleteAttachment).not.toHaveBeenCalled()
    $('[data-delete="协议书签字.jpg"]').click()
    await settle()
    ;[...document.querySelectorAll<HTMLElement>('.el-message-box button')].find((b) => b.textContent?.trim() === '删除')!.click()
    await settle(50)
    expect(api.deleteAttachment).toHaveBeenCalledWith(id, 'f1')
    expect(api.listAttachments).toHaveBeenCalledTimes(2)
  })

  it('uploads a dropped file as the kind chosen, with progress, and lists it', async () => {
    api.listAttachments.mockResolvedValueOnce(listing([])).mockResolvedValue(listing([file({ kind: 'photo', name: '现场.png' })]))
    let progress: ((p: number) => void) | undefined
    api.uploadAttachment.mockImplementation(async (_id: string, _f: File, _kind: string, onProgress: (p: number) => void) => {
      progress = onProgress
      onProgress(40)
      return file({ kind: 'photo', name: '现场.png' })
    })
    await mountTab()
    expect($('[data-testid="attachments"]').textContent).toContain('暂无附件，可将签字的协议书')
    await choose($('[data-testid="attachment-kind"]'), '现场照片')
    await drop(new File(['png'], '现场.png', { type: 'image/png' }))
    expect(api.uploadAttachment).toHaveBeenCalledWith(id, expect.any(File), 'photo', expect.any(Function))
    expect(progress).toBeDefined()
    expect(document.body.textContent).toContain('已上传：现场.png')
    expect(tableCells($('[data-testid="attachments-table"]'))[0]![1]).toBe('现场.png')
  })

  it("says why the server refused a file, in the server's words", async () => {
    api.listAttachments.mockResolvedValue(listing([]))
    api.uploadAttachment.mockRejectedValue(new ApiError(422, 'validation_failed', '附件类型不支持', [], [], 'attachment_type'))
    await mountTab()
    await drop(new File(['<html>'], '扫描.jpg', { type: 'image/jpeg' }))
    expect(document.body.textContent).toContain('“扫描.jpg”未能上传：附件类型不支持')
  })

  it('refuses at once a file over the per-file limit', async () => {
    api.listAttachments.mockResolvedValue(listing([], { fileLimit: 1024 }))
    await mountTab()
    await drop(new File([new Uint8Array(2048)], '大文件.pdf', { type: 'application/pdf' }))
    expect(api.uploadAttachment).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('“大文件.pdf”超过 1 KB，不能上传')
  })

  it('offers no upload to a reader (a leader)', async () => {
    api.listAttachments.mockResolvedValue(listing([file({ canDelete: false })], { canUpload: false }))
    await mountTab()
    expect(document.querySelector('[data-testid="attachment-upload"]')).toBeNull()
    expect(document.querySelector('[data-delete]')).toBeNull()
    $('[data-download="协议书签字.jpg"]').click()
    await settle()
    expect(api.downloadAttachment).toHaveBeenCalledWith(id, expect.objectContaining({ id: 'f1' }))
  })
})
