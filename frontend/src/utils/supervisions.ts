// "My open supervisions" (我督办的案件) for a leader's or admin's home: the 督办 they gave that still await
// feedback. The to-do list names them (reason `supervised`: for leaders and admins only their own), the case
// page has the supervision's note and feedback date.
import type { Case, Supervision, TodoItem, TodoList } from '@/api/types'
import { parseTime } from './format'

export interface OpenSupervision {
  case: Case
  supervision: Supervision
}

/** How many to-do pages (of maxPageSize) are read at most looking for supervisions. */
export const MAX_TODO_PAGES = 10

export interface SupervisionSources {
  todo: (page: number, pageSize: number) => Promise<TodoList>
  getCase: (id: string) => Promise<Case>
  pageSize: number
  /** Case pages fetched at once. */
  concurrency?: number
}

/** The IDs of the cases the to-do list holds for reason `supervised`, in list order, each once. */
export async function supervisedCaseIds(src: SupervisionSources): Promise<string[]> {
  const ids: string[] = []
  const seen = new Set<string>()
  for (let page = 1; page <= MAX_TODO_PAGES; page++) {
    const res = await src.todo(page, src.pageSize)
    const items: TodoItem[] = res.items ?? []
    for (const it of items) {
      if (it.reason === 'supervised' && !seen.has(it.case.id)) {
        seen.add(it.case.id)
        ids.push(it.case.id)
      }
    }
    if (items.length < src.pageSize || page * src.pageSize >= (res.total ?? 0)) break
  }
  return ids
}

async function mapLimited<T, R>(xs: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length)
  let next = 0
  const worker = async () => {
    while (next < xs.length) {
      const i = next++
      out[i] = await fn(xs[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker))
  return out
}

/** Overdue feedback first, then the soonest feedback date. */
export function bySupervisionUrgency(a: OpenSupervision, b: OpenSupervision): number {
  const ao = a.supervision.overdue ? 0 : 1
  const bo = b.supervision.overdue ? 0 : 1
  if (ao !== bo) return ao - bo
  const ad = parseTime(a.supervision.feedbackBy)?.getTime() ?? Infinity
  const bd = parseTime(b.supervision.feedbackBy)?.getTime() ?? Infinity
  return ad - bd
}

/**
 * The open supervisions the user gave. A case that can no longer be read (closed in between, out of
 * scope) is left out rather than failing the whole list.
 */
export async function myOpenSupervisions(userId: string, src: SupervisionSources): Promise<OpenSupervision[]> {
  const ids = await supervisedCaseIds(src)
  const cases = await mapLimited(ids, src.concurrency ?? 4, (id) => src.getCase(id).catch(() => null))
  return cases
    .filter((c): c is Case => !!c?.supervision && (!c.supervision.by?.id || c.supervision.by.id === userId))
    .map((c) => ({ case: c, supervision: c.supervision! }))
    .sort(bySupervisionUrgency)
}
