// The one place that talks HTTP to the Pingan server: adds the bearer token, maps the error body
// {error:{code,reason,message,fields,rows}} to ApiError and turns a 401 on an authenticated call into a
// sign-out (only a 401: a 503 says the store is briefly away, not that the session ended).
import type { ErrorBody, FieldError, RowError } from './types'
import { clearSession, getToken } from '@/stores/session'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  /** The class of the refusal (API.md's error table), or network_error / http_error from the client. */
  readonly code: string
  /** The exact refusal within its class (case_not_found, token_expired, …); '' when the server sent none. */
  readonly reason: string
  /** The broken fields (422), and what is wrong with an uploaded ledger as a whole (field 表头, 文件). */
  readonly fields: FieldError[]
  /** The broken cells of an uploaded ledger (import answers only). */
  readonly rows: RowError[]

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldError[] = [],
    rows: RowError[] = [],
    reason = '',
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.reason = reason
    this.fields = fields
    this.rows = rows
  }

  get isVersionConflict(): boolean {
    return this.status === 409 && this.code === 'version_conflict'
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'store_unavailable',
}

type UnauthorizedHandler = (err: ApiError) => void
let unauthorizedHandler: UnauthorizedHandler | null = null

/** Registers what happens when the server says the session is no longer valid (the router sends the user to /login). */
export function setUnauthorizedHandler(fn: UnauthorizedHandler | null): void {
  unauthorizedHandler = fn
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

/** Builds `/api/v1{path}?query`, leaving out empty values. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '' || v === false) continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** Send the bearer token (default true); login does not. */
  auth?: boolean
  /** Do not treat a 401 as an expired session (logout: the session ends anyway). */
  ignoreUnauthorized?: boolean
}

async function toApiError(res: Response): Promise<ApiError> {
  return errorFromBody(res.status, res.statusText, await res.text().catch(() => ''))
}

/** The ApiError of an answer's status and body text (fetch and XMLHttpRequest answers alike). */
function errorFromBody(status: number, statusText: string, text: string): ApiError {
  let body: Partial<ErrorBody> | null = null
  try {
    body = JSON.parse(text) as Partial<ErrorBody>
  } catch {
    body = null
  }
  const res = { status, statusText }
  const err = body?.error as Partial<ErrorBody['error']> | undefined
  const code = err?.code || codeByStatus[res.status] || 'http_error'
  const reason = typeof err?.reason === 'string' ? err.reason : ''
  const message = err?.message || res.statusText || `HTTP ${res.status}`
  const fields = Array.isArray(err?.fields) ? err.fields.filter((f) => f && typeof f.field === 'string') : []
  const rows = Array.isArray(err?.rows) ? err.rows.filter((r) => r && typeof r.message === 'string' && typeof r.row === 'number') : []
  return new ApiError(res.status, code, message, fields, rows, reason)
}

async function send(method: string, url: string, opts: RequestOptions): Promise<Response> {
  const auth = opts.auth ?? true
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getToken()
  if (auth && token) headers.Authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (opts.body instanceof FormData) {
    body = opts.body // the browser sets the multipart boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(url, { method, headers, body, signal: opts.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network_error', 'network error')
  }
  if (res.ok) return res
  const err = await toApiError(res)
  if (res.status === 401 && auth && !opts.ignoreUnauthorized) {
    clearSession()
    unauthorizedHandler?.(err)
  }
  throw err
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, buildUrl(path, opts.query), opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  /** POST multipart/form-data (file uploads). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
}

/**
 * POSTs a multipart form with XMLHttpRequest, which (unlike fetch) reports the upload's progress: onProgress
 * gets the percent sent. Errors are ApiErrors as for every other call; a 401 signs out.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', buildUrl(path))
    xhr.setRequestHeader('Accept', 'application/json')
    const token = getToken()
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network error'))
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T)
        return
      }
      const err = errorFromBody(xhr.status, xhr.statusText, xhr.responseText)
      if (xhr.status === 401) {
        clearSession()
        unauthorizedHandler?.(err)
      }
      reject(err)
    }
    xhr.send(form)
  })
}

/** Reads the file name from Content-Disposition (RFC 5987 `filename*` first). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header)
  return plain?.[1]?.trim() || fallback
}

/** Posts a form (a file upload) and saves the file the server answers, as download does. */
export async function uploadDownload(path: string, form: FormData, fallbackName: string): Promise<string> {
  const res = await send('POST', buildUrl(path), { body: form })
  return saveBlob(res, fallbackName)
}

/** Downloads an export with the bearer token (a plain link could not carry it) and saves it via a blob URL. */
export async function download(path: string, query: Query, fallbackName: string): Promise<string> {
  const res = await send('GET', buildUrl(path, query), {})
  return saveBlob(res, fallbackName)
}

async function saveBlob(res: Response, fallbackName: string): Promise<string> {
  const blob = await res.blob()
  const name = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackName)
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
