import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, download, filenameFromDisposition, request, setUnauthorizedHandler } from './client'
import { login, logout } from './auth'
import { getTodo, importLedger } from './cases'
import { getToken, session, setSession } from '@/stores/session'
import { jsonResponse, mockFetch, sampleUser } from '@/test/helpers'

beforeEach(() => {
  localStorage.clear()
  setSession({ token: 'tok-1', expiresAt: '2999-01-01T00:00:00Z', user: sampleUser })
})

afterEach(() => {
  setUnauthorizedHandler(null)
  vi.unstubAllGlobals()
})

describe('buildUrl', () => {
  it.each([
    [{}, '/api/v1/cases'],
    [{ kind: 'dispute', q: '', page: 2 }, '/api/v1/cases?kind=dispute&page=2'],
    [{ overdue: true, township: undefined, status: null }, '/api/v1/cases?overdue=true'],
    [{ overdue: false, q: '张 三' }, '/api/v1/cases?q=%E5%BC%A0+%E4%B8%89'],
  ])('%j → %s', (query, url) => {
    expect(buildUrl('/cases', query)).toBe(url)
  })
})

describe('request', () => {
  it('sends the bearer token and JSON body', async () => {
    const { calls } = mockFetch(() => jsonResponse(201, { id: 'x' }))
    const res = await request<{ id: string }>('POST', '/cases', { body: { title: 't' } })
    expect(res).toEqual({ id: 'x' })
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-1')
    expect(calls[0]!.headers['Content-Type']).toBe('application/json')
    expect(calls[0]!.body).toEqual({ title: 't' })
  })

  it('maps the error body to ApiError with its fields', async () => {
    mockFetch(() =>
      jsonResponse(422, {
        error: {
          code: 'validation_failed',
          message: '请求参数校验失败',
          fields: [{ field: 'parties[0].name', message: '当事人姓名为必填字段' }],
        },
      }),
    )
    const err = await request('POST', '/cases', { body: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const api = err as ApiError
    expect(api.status).toBe(422)
    expect(api.code).toBe('validation_failed')
    expect(api.message).toBe('请求参数校验失败')
    expect(api.fields).toEqual([{ field: 'parties[0].name', message: '当事人姓名为必填字段' }])
  })

  it('carries the reason of the refusal beside its code', async () => {
    mockFetch(() => jsonResponse(404, { error: { code: 'not_found', reason: 'case_not_found', message: '案件不存在' } }))
    const err = (await request('GET', '/cases/x').catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('not_found')
    expect(err.reason).toBe('case_not_found')
  })

  it('recognises a version conflict', async () => {
    mockFetch(() => jsonResponse(409, { error: { code: 'version_conflict', message: '版本冲突' } }))
    const err = (await request('POST', '/cases/x/actions', { body: {} }).catch((e: unknown) => e)) as ApiError
    expect(err.isVersionConflict).toBe(true)
  })

  it('falls back to a code from the status when the body is not JSON', async () => {
    mockFetch(() => new Response('<html>bad gateway</html>', { status: 404, statusText: 'Not Found' }))
    const err = (await request('GET', '/cases/x').catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('not_found')
    expect(err.fields).toEqual([])
  })

  it('turns a failed connection into a network_error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const err = (await request('GET', '/todo').catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(0)
    expect(err.code).toBe('network_error')
  })

  it('answers 204 with undefined', async () => {
    mockFetch(() => new Response(null, { status: 204 }))
    await expect(request('POST', '/auth/logout')).resolves.toBeUndefined()
  })
})

describe('sign-out on 401 only', () => {
  it('clears the session and calls the handler on an authenticated call', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    mockFetch(() => jsonResponse(401, { error: { code: 'unauthorized', message: '登录已过期' } }))
    await expect(request('GET', '/todo')).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledTimes(1)
    expect(getToken()).toBe('')
    expect(session.isAuthenticated.value).toBe(false)
    expect(localStorage.getItem('pingan.session')).toBeNull()
  })

  it('leaves the session alone when the login itself is refused', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    const { calls } = mockFetch(() => jsonResponse(401, { error: { code: 'unauthorized', message: '用户名或密码错误' } }))
    const err = (await login('a', 'b').catch((e: unknown) => e)) as ApiError
    expect(err.message).toBe('用户名或密码错误')
    expect(handler).not.toHaveBeenCalled()
    expect(calls[0]!.headers.Authorization).toBeUndefined()
  })

  it.each([
    [503, 'store_unavailable', 'store_unavailable'],
    [403, 'forbidden', 'out_of_region'],
    [500, 'internal', 'internal'],
  ])('keeps the session on a %d (%s)', async (status, code, reason) => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    mockFetch(() => jsonResponse(status, { error: { code, reason, message: '数据存储暂时不可用，请稍后再试' } }))
    const err = (await request('GET', '/todo').catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(status)
    expect(err.reason).toBe(reason)
    expect(handler).not.toHaveBeenCalled()
    expect(getToken()).toBe('tok-1')
    expect(session.isAuthenticated.value).toBe(true)
  })

  it.each(['token_expired', 'token_revoked', 'account_disabled', 'password_changed'])(
    'signs out on a 401 whatever its reason (%s)',
    async (reason) => {
      const handler = vi.fn()
      setUnauthorizedHandler(handler)
      mockFetch(() => jsonResponse(401, { error: { code: 'unauthorized', reason, message: '请重新登录' } }))
      const err = (await request('GET', '/todo').catch((e: unknown) => e)) as ApiError
      expect(err.reason).toBe(reason)
      expect(handler).toHaveBeenCalledTimes(1)
      expect(getToken()).toBe('')
    },
  )

  it('does not report an expired session when logging out', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    mockFetch(() => jsonResponse(401, { error: { code: 'unauthorized', message: 'x' } }))
    await expect(logout()).rejects.toBeInstanceOf(ApiError)
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('downloads', () => {
  it.each([
    ["attachment; filename*=UTF-8''%E6%A1%88%E4%BB%B6.xlsx", '案件.xlsx'],
    ['attachment; filename="cases.csv"', 'cases.csv'],
    ['attachment; filename=report.xlsx; filename*=UTF-8\'\'%E6%8A%A5%E8%A1%A8.xlsx', '报表.xlsx'],
    [null, 'fallback.csv'],
  ])('file name from %s', (header, name) => {
    expect(filenameFromDisposition(header, 'fallback.csv')).toBe(name)
  })

  it('fetches with the token and saves through a blob link', async () => {
    const { calls } = mockFetch(
      () =>
        new Response('a,b\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="cases.csv"' },
        }),
    )
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const name = await download('/cases', { kind: 'dispute', format: 'csv' }, 'x.csv')
    expect(name).toBe('cases.csv')
    expect(calls[0]!.url).toBe('/api/v1/cases?kind=dispute&format=csv')
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-1')
    expect(created).toHaveBeenCalledOnce()
    expect(click).toHaveBeenCalledOnce()
  })
})

describe('ledger import', () => {
  it('uploads the file as multipart with the token and dryRun', async () => {
    let sent: RequestInit | undefined
    let url = ''
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        url = String(input)
        sent = init
        return jsonResponse(200, { kind: 'dispute', imported: 0, valid: 2, dryRun: true, cases: [] })
      }),
    )
    const file = new File(['乡镇代码,标题\n'], '台账.csv', { type: 'text/csv' })
    const res = await importLedger(file, true)
    expect(res.valid).toBe(2)
    expect(url).toBe('/api/v1/cases/import')
    expect(sent!.method).toBe('POST')
    const headers = sent!.headers as Record<string, string>
    expect(headers.Authorization).toBe('Bearer tok-1')
    expect(headers['Content-Type']).toBeUndefined() // the browser adds the multipart boundary
    const form = sent!.body as FormData
    expect((form.get('file') as File).name).toBe('台账.csv')
    expect(form.get('dryRun')).toBe('true')
  })

  it('sends no dryRun for the real import', async () => {
    let form: FormData | undefined
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_: RequestInfo | URL, init?: RequestInit) => {
        form = init!.body as FormData
        return jsonResponse(201, { kind: 'dispute', imported: 1, valid: 1, dryRun: false, cases: ['X'] })
      }),
    )
    await importLedger(new File(['x'], 'a.csv'), false)
    expect(form!.has('dryRun')).toBe(false)
  })

  it('keeps every bad row and column of a 422', async () => {
    const rows = [
      { row: 3, column: '登记日期', message: '日期格式应为 YYYY-MM-DD' },
      { row: 4, column: '类别', message: '「不存在」不是有效的类别' },
    ]
    mockFetch(() =>
      jsonResponse(422, {
        error: {
          code: 'validation_failed',
          reason: 'validation_failed',
          message: '导入文件有2处错误，未导入任何案件',
          rows,
        },
      }),
    )
    const err = (await importLedger(new File(['x'], 'a.csv'), true).catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(422)
    expect(err.rows).toEqual(rows)
    expect(err.fields).toEqual([])
  })
})

describe('to-do pages', () => {
  it('asks for one page of the given size', async () => {
    const { calls } = mockFetch(() => jsonResponse(200, { items: [], total: 0, page: 2, pageSize: 50 }))
    await getTodo(2, 50)
    expect(calls[0]!.url).toBe('/api/v1/todo?page=2&pageSize=50')
  })
})
