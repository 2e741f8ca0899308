import { api } from './client'
import type { Role, User } from './types'

export interface NewUser {
  username: string
  password: string
  name: string
  role: Role
  regionCode: string
  /** Ask for a new password at the first login (the server's default: true). */
  mustChangePassword?: boolean
}

export type UserPatch = Partial<Pick<User, 'name' | 'role' | 'regionCode' | 'active' | 'mustChangePassword'>> & { password?: string }

/** A user of the admin's list, with whether its login is locked now. */
export type UserListItem = User & { locked: boolean }

export interface UserQuery {
  q?: string
  role?: Role | ''
  locked?: boolean
  page?: number
  pageSize?: number
}

export interface UserPage {
  items: UserListItem[]
  total: number
  page: number
  pageSize: number
}

export const listUsers = (query: UserQuery = {}) =>
  api.get<UserPage>('/users', {
    q: query.q?.trim() || undefined,
    role: query.role || undefined,
    locked: query.locked ? 'true' : undefined,
    page: query.page,
    pageSize: query.pageSize,
  })

export const unlockUser = (id: string) => api.post<void>(`/users/${encodeURIComponent(id)}/unlock`)

export const createUser = (body: NewUser) => api.post<User>('/users', body)

export const updateUser = (id: string, patch: UserPatch) => api.patch<User>(`/users/${encodeURIComponent(id)}`, patch)
