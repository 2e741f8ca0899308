// The audit log (审计日志) in words: the actions the server records (handlers/users.go, import.go,
// export.go, casefile.go) and their targets and details made readable.
import type { AuditEntry } from '@/api/types'
import { i18n } from '@/i18n'
import { enumLabel } from './labels'

const { t, te } = i18n.global

/** Every action the server writes to the audit log, in the order the filter lists them. */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'login_locked',
  'logout',
  'password_change',
  'user_create',
  'user_update',
  'export',
  'import',
  'attachment_upload',
  'attachment_delete',
  'document_download',
  'casefile_download',
  'numbering_update',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const TAGS: Record<AuditAction, TagType> = {
  login: 'success',
  login_failed: 'warning',
  login_locked: 'danger',
  logout: 'info',
  password_change: 'warning',
  user_create: 'primary',
  user_update: 'primary',
  export: 'info',
  import: 'primary',
  attachment_upload: 'primary',
  attachment_delete: 'danger',
  document_download: 'info',
  casefile_download: 'info',
  numbering_update: 'warning',
}

export function auditActionLabel(action: string): string {
  const key = `audit.actions.${action}`
  return te(key) ? t(key) : action
}

export function auditActionTag(action: string): TagType {
  return TAGS[action as AuditAction] ?? 'info'
}

const EXPORT_TARGETS: Record<string, string> = {
  '/api/v1/cases': 'audit.targets.cases',
  '/api/v1/reports/resolution': 'audit.targets.resolution',
  '/api/v1/reports/trend': 'audit.targets.trend',
  '/api/v1/reports/categories': 'audit.targets.categories',
  '/api/v1/reports/backlog': 'audit.targets.backlog',
}

/** What the entry was about: a user, a kind of case, an exported table. */
export function auditTarget(e: AuditEntry): string {
  const target = e.target ?? ''
  if (e.action === 'export') {
    const key = EXPORT_TARGETS[target]
    return key ? t(key) : target
  }
  if (e.action === 'import') return target ? enumLabel('kinds', target) : ''
  return target
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** The detail as a person reads it: an export's filters decoded, a new user's role and region named. */
export function auditDetail(e: AuditEntry, regionName: (code: string) => string = (c) => c): string {
  const detail = e.detail ?? ''
  if (!detail) return ''
  if (e.action === 'export') {
    return detail
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const [k = '', v = ''] = kv.split('=')
        return `${decode(k)}=${decode(v)}`
      })
      .join('，')
  }
  if (e.action === 'user_create') {
    const m = /^([a-z]+)@(\w+)$/.exec(detail)
    if (m) return `${enumLabel('roles', m[1])} · ${regionName(m[2]!)}`
  }
  return detail
}
