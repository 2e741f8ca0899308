import { describe, expect, it } from 'vitest'
import DeadlineCountdown from './DeadlineCountdown.vue'
import { mountComponent } from '@/test/helpers'

// The countdown believes the server: 超期 only when the case says overdue (or warning overdue); a case
// concluded before its due date, or an imported historical one, never reads 超期 whatever its due date.
describe('DeadlineCountdown', () => {
  const now = new Date('2026-05-10T10:00:00+08:00')
  const past = '2026-02-27T23:59:59+08:00' // 72 days before now
  it.each([
    ['调解成功 awaiting 回访: its 回访期限', { status: 'resolved', kind: 'dispute', dueAt: past, overdue: false, warning: '', followUpDueAt: '2026-05-20T10:00:00+08:00' }, 'follow-up', '回访期限 2026-05-20'],
    ['an imported closed case: nothing', { status: 'closed', kind: 'dispute', dueAt: past, overdue: false, warning: '' }, null, '—'],
    ['running, past due but not flagged (clocks differ): no 超期', { status: 'mediating', kind: 'dispute', dueAt: '2026-05-10T09:00:00+08:00', overdue: false, warning: 'due_soon' }, null, '—'],
    ['running and overdue by the server', { status: 'mediating', kind: 'dispute', dueAt: '2026-05-07T10:00:00+08:00', overdue: true, warning: 'overdue' }, 'overdue', '超期 3 天'],
    ['running, due soon', { status: 'accepted', kind: 'dispute', dueAt: '2026-05-12T10:00:00+08:00', overdue: false, warning: 'due_soon' }, 'soon', '剩余 2 天'],
    ['a backlog case under review: clock stopped', { status: 'reviewing', kind: 'petition', dueAt: past, overdue: false, warning: '' }, 'paused', '审核中，期限暂停'],
  ])('%s', (_name, props, state, text) => {
    const w = mountComponent(DeadlineCountdown, { props: { ...props, now } })
    expect(w.text()).toBe(text)
    expect(w.text()).not.toMatch(state === 'overdue' ? /剩余/ : /超期/)
    const el = w.find('[data-state]')
    expect(el.exists() ? el.attributes('data-state') : null).toBe(state)
  })
})
