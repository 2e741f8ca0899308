import { api, request } from './client'
import type { LoginResponse, User } from './types'

export const login = (username: string, password: string) =>
  request<LoginResponse>('POST', '/auth/login', { body: { username, password }, auth: false })

export const me = () => api.get<User>('/auth/me')

export const logout = () => request<void>('POST', '/auth/logout', { ignoreUnauthorized: true })

export const changePassword = (oldPassword: string, newPassword: string) =>
  api.post<void>('/auth/password', { oldPassword, newPassword })
