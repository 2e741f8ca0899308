import { api } from './client'
import type { Role, User } from './types'

export interface NewUser {
  username: string
  password: string
  name: string
  role: Role
  regionCode: string
}

export type UserPatch = Partial<Pick<User, 'name' | 'role' | 'regionCode' | 'active'>> & { password?: string }

export const listUsers = () => api.get<{ items: User[]; total: number }>('/users')

export const createUser = (body: NewUser) => api.post<User>('/users', body)

export const updateUser = (id: string, patch: UserPatch) => api.patch<User>(`/users/${encodeURIComponent(id)}`, patch)
