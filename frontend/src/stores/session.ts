// The signed-in user's session: the bearer token and who they are, kept in localStorage so a
// reload stays signed in.
import { computed, reactive } from 'vue'
import type { LoginResponse, Role, User } from '@/api/types'

export const SESSION_KEY = 'pingan.session'

interface SessionState {
  token: string
  expiresAt: string
  user: User | null
}

const state = reactive<SessionState>({ token: '', expiresAt: '', user: null })

function read(): SessionState | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<SessionState>
    if (typeof parsed.token !== 'string' || !parsed.token || !parsed.user) return null
    return { token: parsed.token, expiresAt: parsed.expiresAt ?? '', user: parsed.user }
  } catch {
    return null
  }
}

function expired(expiresAt: string, now: Date): boolean {
  if (!expiresAt) return false
  const t = Date.parse(expiresAt)
  return !Number.isNaN(t) && t <= now.getTime()
}

/** Loads the stored session, dropping it when its token has expired. */
export function restoreSession(now: Date = new Date()): void {
  const stored = read()
  if (!stored || expired(stored.expiresAt, now)) {
    clearSession()
    return
  }
  Object.assign(state, stored)
}

export function setSession(login: LoginResponse): void {
  state.token = login.token
  state.expiresAt = login.expiresAt
  state.user = login.user
  localStorage.setItem(SESSION_KEY, JSON.stringify({ ...state }))
}

/** Replaces the user (after /auth/me) without touching the token. */
export function setUser(user: User): void {
  state.user = user
  if (state.token) localStorage.setItem(SESSION_KEY, JSON.stringify({ ...state }))
}

export function clearSession(): void {
  state.token = ''
  state.expiresAt = ''
  state.user = null
  localStorage.removeItem(SESSION_KEY)
}

export function getToken(): string {
  return state.token
}

export function hasRole(...roles: Role[]): boolean {
  return !!state.user && roles.includes(state.user.role)
}

export const session = {
  state,
  user: computed(() => state.user),
  isAuthenticated: computed(() => !!state.token && !!state.user),
}
