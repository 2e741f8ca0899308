import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/i18n'
import type { AuditEntry } from '@/api/types'
import { AUDIT_ACTIONS, auditActionLabel, auditDetail, auditTarget } from './audit'

afterEach(() => setLocale('zh-CN'))

const entry = (e: Partial<AuditEntry>): AuditEntry => ({ id: '1', at: '2026-11-26T10:00:00Z', actor: 'admin', action: 'login', ...e })

describe('audit log labels', () => {
  it.each([
    ['login', '登录'],
    ['login_failed', '登录失败'],
    ['login_locked', '账号锁定'],
    ['logout', '退出'],
    ['user_create', '新建用户'],
    ['user_update', '修改用户'],
    ['password_change', '修改密码'],
    ['export', '导出'],
    ['import', '导入'],
  ])('%s → %s', (action, label) => expect(auditActionLabel(action)).toBe(label))

  it('labels every action in English too, and shows an unknown one as it is', () => {
    setLocale('en')
    for (const a of AUDIT_ACTIONS) expect(auditActionLabel(a)).not.toMatch(/[\u4e00-\u9fff]/)
    expect(auditActionLabel('something_new')).toBe('something_new')
  })

  it('names what was exported and decodes its filters', () => {
    const e = entry({ action: 'export', target: '/api/v1/cases', detail: 'kind=dispute&q=%E5%AE%85%E5%9F%BA%E5%9C%B0&format=xlsx' })
    expect(auditTarget(e)).toBe('案件列表')
    expect(auditDetail(e)).toBe('kind=dispute，q=宅基地，format=xlsx')
  })

  it('names the kind of an imported ledger and the role and region of a new user', () => {
    expect(auditTarget(entry({ action: 'import', target: 'petition' }))).toBe('信访积案')
    const names: Record<string, string> = { '610921104': '汉阴县双乳镇' }
    expect(auditDetail(entry({ action: 'user_create', target: 'med1', detail: 'mediator@610921104' }), (c) => names[c] ?? c)).toBe('调解员 · 汉阴县双乳镇')
  })
})
