// The case file (人民调解卷宗): the documents generated from a case, its attachments and the whole file.
import { api, download, uploadWithProgress } from './client'
import type { Attachment, AttachmentList, DocumentList, Numbering } from './types'

const base = (id: string) => `/cases/${encodeURIComponent(id)}`

export const listDocuments = (id: string) => api.get<DocumentList>(`${base(id)}/documents`)

/** Downloads one document (.docx, to print from Word or WPS). */
export const downloadDocument = (id: string, code: string) => download(`${base(id)}/documents/${encodeURIComponent(code)}`, {}, `${code}.docx`)

/** Downloads the whole 卷宗: documents and attachments in catalogue order, one zip. */
export const downloadCasefile = (id: string) => download(`${base(id)}/casefile`, {}, `${id}.zip`)

export const listAttachments = (id: string) => api.get<AttachmentList>(`${base(id)}/attachments`)

export function uploadAttachment(id: string, file: File, kind: string, onProgress: (percent: number) => void): Promise<Attachment> {
  const form = new FormData()
  form.append('kind', kind)
  form.append('file', file, file.name)
  return uploadWithProgress<Attachment>(`${base(id)}/attachments`, form, onProgress)
}

export const downloadAttachment = (id: string, a: Attachment) =>
  download(`${base(id)}/attachments/${encodeURIComponent(a.id)}`, {}, a.name)

export const deleteAttachment = (id: string, fileId: string) => api.del<void>(`${base(id)}/attachments/${encodeURIComponent(fileId)}`)

/** The document number prefix of a township (（2026）汉滨瀛湖人调字第12号), and setting it (admins). */
export const getNumbering = (township: string) => api.get<Numbering>(`/casefile/numbering/${encodeURIComponent(township)}`)
export const setNumbering = (township: string, prefix: string) =>
  api.put<Numbering>(`/casefile/numbering/${encodeURIComponent(township)}`, { prefix })
