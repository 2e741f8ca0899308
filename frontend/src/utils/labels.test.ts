import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/i18n'
import { ACTION_ORDER } from './enums'
import { actionDef } from './actions'
import { actionDoneMessage, actionLabel } from './labels'
import type { Kind } from '@/api/types'

afterEach(() => setLocale('zh-CN'))

const pairs = (['dispute', 'petition'] as Kind[]).flatMap((kind) =>
  ACTION_ORDER.filter((a) => actionDef(kind, a)).map((action) => [kind, action] as const),
)

describe('success messages after an action', () => {
  it.each([
    ['dispute', 'accept', '已受理'],
    ['dispute', 'resolve', '已记录调解成功'],
    ['dispute', 'close', '已结案回访'],
    ['dispute', 'supervise', '已督办'],
    ['petition', 'resolve', '已化解办结'],
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
