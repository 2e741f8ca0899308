import { api } from './client'
import type { AuditEntry } from './types'

/** The newest audit entries (at most limit, 1–1000). */
export const listAudit = (limit = 200) => api.get<{ items: AuditEntry[] | null; total: number }>('/audit', { limit })
