import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/i18n'
import { ACTIONS } from './enums'
import { actionDef } from './actions'
import { ApiError } from '@/api/client'
import { actionDoneMessage, actionLabel, categoryLabel, enumLabel, enumOptions, signedOutMessage, statusLabel } from './labels'
import type { Kind } from '@/api/types'

afterEach(() => setLocale('zh-CN'))

const pairs = (['dispute', 'petition'] as Kind[]).flatMap((kind) =>
  ACTIONS[kind].filter((a) => actionDef(kind, a)).map((action) => [kind, action] as const),
)

describe('success messages after an action', () => {
  it.each([
    ['dispute', 'accept', '已受理'],
    ['dispute', 'resolve', '已记录调解成功'],
    ['dispute', 'close', '已结案归档'],
    ['dispute', 'session', '已添加调解笔录'],
    ['petition', 'accept', '已签收'],
    ['petition', 'assign', '已落实包案'],
    ['petition', 'reopen', '已反弹重启'],
    ['dispute', 'supervise', '已督办'],
    ['petition', 'resolve', '已记录化解情况'],
    ['petition', 'clear', '已销号'],
  ] as const)('%s %s → %s', (kind, action, message) => {
    expect(actionDoneMessage(kind, action)).toBe(message)
  })

  it('never glue 成功 onto the action label (调解成功成功) in Chinese', () => {
    for (const [kind, action] of pairs) {
      const msg = actionDoneMessage(kind, action)
      expect(msg, `${kind} ${action}`).not.toMatch(/成功成功|：已办理/)
      expect(msg, `${kind} ${action}`).not.toBe(`${actionLabel(kind, action)}成功`)
      expect(msg, `${kind} ${action}`).toMatch(/^已/)
    }
  })

  it('have their own sentence for every action in English too', () => {
    setLocale('en')
    for (const [kind, action] of pairs) {
      const msg = actionDoneMessage(kind, action)
      expect(msg, `${kind} ${action}`).not.toBe('Done')
      expect(msg, `${kind} ${action}`).not.toMatch(/[\u4e00-\u9fff]/)
    }
    expect(actionDoneMessage('dispute', 'supervise')).toBe('Supervision ordered')
  })
})

describe('enumeration labels from the Go code', () => {
  it('read a status and an action as their kind says them', () => {
    expect(statusLabel('dispute', 'resolved')).toBe('调解成功')
    expect(statusLabel('petition', 'resolved')).toBe('已化解')
    expect(actionLabel('dispute', 'resolve')).toBe('调解成功')
    expect(actionLabel('petition', 'resolve')).toBe('化解')
    expect(actionLabel('petition', 'register')).toBe('交办')
    expect(actionLabel('dispute', 'register')).toBe('登记')
    expect(categoryLabel('petition', 'natural_resources')).toBe('自然资源（国土）')
    expect(categoryLabel('dispute', 'neighbor')).toBe('邻里')
  })

  it('follow the language', () => {
    setLocale('en')
    expect(enumLabel('categories', 'traffic')).toBe('Road traffic accident')
    expect(statusLabel('petition', 'cleared')).toBe('Cleared')
    expect(actionLabel('dispute', 'close')).toBe('Close and file')
    expect(enumOptions('roles').map((o) => o.label)).toEqual(['Mediator', 'Petition officer', 'Leader', 'Administrator'])
  })

  it('show an unknown code as it is and nothing as a dash', () => {
    expect(enumLabel('categories', 'gossip')).toBe('gossip')
    expect(enumLabel('categories', '')).toBe('—')
    expect(statusLabel('dispute', undefined)).toBe('—')
  })
})

describe('why the session ended', () => {
  it.each([
    ['token_expired', '登录已过期，请重新登录'],
    ['not_signed_in', '登录已过期，请重新登录'],
    ['password_changed', '密码已修改，请用新密码重新登录'],
    ['account_disabled', '账号已停用，请联系管理员'],
  ])('%s → %s', (reason, message) => {
    expect(signedOutMessage(new ApiError(401, 'unauthorized', 'x', [], [], reason))).toBe(message)
  })
})
