// People's mediation committees (人民调解委员会) and their mediators (GET/POST/PUT /committees).
import { api } from './client'
import type * as gen from './generated/schema'

export type Committee = gen.Committee
export type Mediator = gen.Mediator
export type CommitteeBody = gen.CommitteeRequest

/** The committees the signed-in user reads: in their region and above it (those a case may go to). */
export const listCommittees = (region?: string) =>
  api.get<{ items: Committee[]; total: number }>('/committees', region ? { region } : undefined)

export const getCommittee = (id: string) => api.get<Committee>(`/committees/${encodeURIComponent(id)}`)

export const createCommittee = (body: CommitteeBody) => api.post<Committee>('/committees', body)

export const saveCommittee = (id: string, body: CommitteeBody) => api.put<Committee>(`/committees/${encodeURIComponent(id)}`, body)
