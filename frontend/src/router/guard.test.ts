import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { guard, routes } from './index'
import { clearSession, setSession } from '@/stores/session'
import { sampleUser } from '@/test/helpers'
import type { Role } from '@/api/types'

const router = createRouter({ history: createMemoryHistory(), routes })

function signIn(role: Role) {
  setSession({ token: 't', expiresAt: '', user: { ...sampleUser, role } })
}

beforeEach(() => clearSession())

describe('route guard', () => {
  it('sends a signed-out visitor to the login page, remembering where they were going', () => {
    expect(guard(router.resolve('/disputes?q=a'))).toEqual({ name: 'login', query: { redirect: '/disputes?q=a' } })
    expect(guard(router.resolve('/login'))).toBe(true)
  })

  it('sends a signed-in user away from the login page', () => {
    signIn('mediator')
    expect(guard(router.resolve('/login'))).toEqual({ name: 'home' })
  })

  it.each([
    ['mediator', '/disputes/new', true],
    ['mediator', '/petitions/new', false],
    ['mediator', '/petitions', false],
    ['mediator', '/admin/users', false],
    ['petition', '/petitions/new', true],
    ['petition', '/petitions/board', true],
    ['petition', '/disputes/new', false],
    ['leader', '/reports', true],
    ['leader', '/disputes/new', false],
    ['leader', '/petitions/board', true],
    ['admin', '/admin/users', true],
    ['admin', '/disputes/new', true],
    ['mediator', '/cases/610921102-2026-000001', true],
  ] as [Role, string, boolean][])('%s may open %s: %s', (role, path, allowed) => {
    signIn(role)
    expect(guard(router.resolve(path))).toEqual(allowed ? true : { name: 'home' })
  })
})

describe('a password someone else chose', () => {
  it('is changed before anything else, and the page it was going to is kept', () => {
    setSession({ token: 't', expiresAt: '', user: { ...sampleUser, mustChangePassword: true } })
    expect(guard(router.resolve('/disputes?q=a'))).toEqual({ name: 'password', query: { redirect: '/disputes?q=a' } })
    expect(guard(router.resolve('/'))).toEqual({ name: 'password', query: {} })
    expect(guard(router.resolve('/password'))).toBe(true)
  })

  it('leaves a user who chose its own password alone; every role may change it', () => {
    for (const role of ['admin', 'leader', 'mediator', 'petition'] as Role[]) {
      signIn(role)
      expect(guard(router.resolve('/password'))).toBe(true)
      expect(guard(router.resolve('/reports'))).toBe(true)
    }
  })
})
