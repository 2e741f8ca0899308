// The list filters live in the URL query, so back, refresh and shared links keep them.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CaseQuery, Kind } from '@/api/types'

export interface CaseFilters {
  q: string
  status: string
  category: string
  township: string
  riskLevel: string
  warning: string
  /** 'true': only cases with an open 督办. */
  supervised: string
  from: string
  to: string
  page: number
  pageSize: number
}

export const PAGE_SIZES = [10, 20, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 20

const TEXT_KEYS = ['q', 'status', 'category', 'township', 'riskLevel', 'warning', 'supervised', 'from', 'to'] as const
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function emptyFilters(): CaseFilters {
  return {
    q: '',
    status: '',
    category: '',
    township: '',
    riskLevel: '',
    warning: '',
    supervised: '',
    from: '',
    to: '',
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
  }
}

function first(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}

/** Reads the filters from a route query, ignoring what does not parse. */
export function filtersFromQuery(query: LocationQuery): CaseFilters {
  const f = emptyFilters()
  for (const k of TEXT_KEYS) f[k] = first(query[k]).trim()
  if (!DATE.test(f.from)) f.from = ''
  if (!DATE.test(f.to)) f.to = ''
  if (f.warning !== 'due_soon' && f.warning !== 'overdue') f.warning = ''
  if (f.supervised !== 'true') f.supervised = ''
  const page = Number.parseInt(first(query.page), 10)
  f.page = Number.isFinite(page) && page > 0 ? page : 1
  const size = Number.parseInt(first(query.pageSize), 10)
  f.pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE
  return f
}

/** The route query for filters: only what differs from the defaults. */
export function filtersToQuery(f: CaseFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  for (const k of TEXT_KEYS) {
    const v = f[k].trim()
    if (v) q[k] = v
  }
  if (f.page > 1) q.page = String(f.page)
  if (f.pageSize !== DEFAULT_PAGE_SIZE) q.pageSize = String(f.pageSize)
  return q
}

/** The GET /cases query for a kind of case and the filters. */
export function filtersToApi(kind: Kind, f: CaseFilters): CaseQuery {
  const q: CaseQuery = { kind, page: f.page, pageSize: f.pageSize }
  for (const k of TEXT_KEYS) {
    const v = f[k].trim()
    if (!v) continue
    if (k === 'supervised') q.supervised = v === 'true'
    else q[k] = v
  }
  return q
}

export function sameQuery(a: LocationQueryRaw, b: LocationQueryRaw): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => String(a[k]) === String(b[k]))
}
