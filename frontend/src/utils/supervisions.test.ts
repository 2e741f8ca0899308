import { describe, expect, it, vi } from 'vitest'
import type { Case, TodoItem, TodoList, TodoReason } from '@/api/types'
import { MAX_TODO_PAGES, myOpenSupervisions, supervisedCaseIds } from './supervisions'

const summary = (id: string) =>
  ({ id, caseNo: id, kind: 'dispute', status: 'mediating', version: 1, title: id, category: 'neighbor', townshipCode: 't',
    countyCode: 'c', riskLevel: 'blue', registeredAt: '2026-01-01T00:00:00Z', overdue: false }) as TodoItem['case']

const item = (id: string, reason: TodoReason): TodoItem => ({ case: summary(id), reason, since: '2026-01-01T00:00:00Z' })

function pager(all: TodoItem[]) {
  return vi.fn(async (page: number, pageSize: number): Promise<TodoList> => ({
    items: all.slice((page - 1) * pageSize, page * pageSize),
    total: all.length,
    page,
    pageSize,
  }))
}

const sup = (id: string, by: string, feedbackBy: string, overdue = false) =>
  ({ ...summary(id), supervision: { at: '2026-11-01T00:00:00Z', by: { id: by, name: by }, note: '请加快', feedbackBy, overdue } }) as unknown as Case

describe('my open supervisions', () => {
  it('reads every to-do page and keeps the supervised cases once each', async () => {
    const all = [item('A', 'overdue'), item('B', 'overdue'), item('A', 'supervised'), item('C', 'overdue'), item('D', 'supervised')]
    const todo = pager(all)
    const ids = await supervisedCaseIds({ todo, getCase: vi.fn(), pageSize: 2 })
    expect(ids).toEqual(['A', 'D'])
    expect(todo.mock.calls.map((c) => c[0])).toEqual([1, 2, 3])
  })

  it('stops after a bounded number of pages', async () => {
    const all = Array.from({ length: 100 }, (_, i) => item(`X${i}`, 'overdue'))
    const todo = pager(all)
    await supervisedCaseIds({ todo, getCase: vi.fn(), pageSize: 1 })
    expect(todo).toHaveBeenCalledTimes(MAX_TODO_PAGES)
  })

  it('keeps only what the user ordered, overdue feedback first, then the soonest', async () => {
    const cases: Record<string, Case> = {
      A: sup('A', 'leader1', '2026-12-30T00:00:00Z'),
      B: sup('B', 'someone-else', '2026-12-01T00:00:00Z'),
      C: sup('C', 'leader1', '2026-12-10T00:00:00+08:00'),
      D: sup('D', 'leader1', '2026-11-20T00:00:00Z', true),
    }
    const todo = pager(['A', 'B', 'C', 'D', 'E'].map((id) => item(id, 'supervised')))
    const getCase = vi.fn(async (id: string) => {
      if (id === 'E') throw new Error('gone')
      return cases[id]!
    })
    const got = await myOpenSupervisions('leader1', { todo, getCase, pageSize: 200 })
    expect(got.map((s) => s.case.id)).toEqual(['D', 'C', 'A'])
    expect(getCase).toHaveBeenCalledTimes(5)
  })
})
