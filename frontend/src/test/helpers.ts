// Shared helpers for unit tests: a fake fetch that records calls and answers from a script.
import { vi } from 'vitest'
import type { CaseSummary } from '@/api/types'

export interface RecordedCall {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** Replaces global fetch; each call is recorded and answered by `answer`. */
export function mockFetch(answer: (call: RecordedCall) => Response | Promise<Response>) {
  const calls: RecordedCall[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...((init?.headers as Record<string, string>) ?? {}) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    return answer(call)
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

export const sampleUser = {
  id: 'med1',
  username: 'med1',
  name: '王调解',
  role: 'mediator' as const,
  regionCode: '610921102',
  active: true,
  createdAt: '2026-01-01T00:00:00+08:00',
  updatedAt: '2026-01-01T00:00:00+08:00',
}

/** A case as lists show it; override what a test is about. */
export function sampleSummary(over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: '610921102-2026-000001',
    caseNo: '610921102-2026-000001',
    kind: 'dispute',
    status: 'mediating',
    version: 3,
    title: '宅基地边界纠纷',
    category: 'housing_homestead',
    townshipCode: '610921102',
    townshipName: '双乳镇',
    countyCode: '610921',
    countyName: '汉阴县',
    riskLevel: 'orange',
    registeredAt: '2026-03-01T09:00:00+08:00',
    overdue: false,
    warning: '',
    supervised: false,
    partyNames: [],
    allowedActions: [],
    ...over,
  }
}
