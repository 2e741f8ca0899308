import { beforeEach, describe, expect, it } from 'vitest'
import { clearSession, getToken, hasRole, restoreSession, session, SESSION_KEY, setSession, setUser } from './session'
import { sampleUser } from '@/test/helpers'

beforeEach(() => {
  localStorage.clear()
  clearSession()
})

describe('session store', () => {
  it('keeps the login in localStorage and restores it', () => {
    setSession({ token: 'abc', expiresAt: '2030-01-01T00:00:00Z', user: sampleUser })
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).token).toBe('abc')
    clearSessionInMemoryOnly()
    expect(getToken()).toBe('')
    restoreSession(new Date('2026-05-01T00:00:00Z'))
    expect(getToken()).toBe('abc')
    expect(session.user.value?.name).toBe('王调解')
    expect(session.isAuthenticated.value).toBe(true)
  })

  it('drops a stored token that has expired', () => {
    setSession({ token: 'old', expiresAt: '2026-01-01T00:00:00Z', user: sampleUser })
    clearSessionInMemoryOnly()
    restoreSession(new Date('2026-01-02T00:00:00Z'))
    expect(getToken()).toBe('')
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it.each([['not json'], [JSON.stringify({ token: '' })], [JSON.stringify({ token: 'x' })]])('ignores a broken stored value %s', (raw) => {
    localStorage.setItem(SESSION_KEY, raw)
    restoreSession()
    expect(session.isAuthenticated.value).toBe(false)
  })

  it('clears everything on sign-out', () => {
    setSession({ token: 'abc', expiresAt: '', user: sampleUser })
    clearSession()
    expect(getToken()).toBe('')
    expect(session.user.value).toBeNull()
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('answers role checks', () => {
    expect(hasRole('mediator')).toBe(false)
    setSession({ token: 'abc', expiresAt: '', user: sampleUser })
    expect(hasRole('mediator')).toBe(true)
    expect(hasRole('leader', 'admin')).toBe(false)
  })

  it('updates the user without losing the token', () => {
    setSession({ token: 'abc', expiresAt: '', user: sampleUser })
    setUser({ ...sampleUser, name: '新名字' })
    expect(getToken()).toBe('abc')
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).user.name).toBe('新名字')
  })
})

/** Forgets the in-memory session but keeps localStorage, as a page reload does. */
function clearSessionInMemoryOnly() {
  const saved = localStorage.getItem(SESSION_KEY)
  clearSession()
  if (saved) localStorage.setItem(SESSION_KEY, saved)
}
