// 排查 (screening): the townships' lists of places, rounds, who reported (GET/PUT/POST /screening/...).
import { api, download, type Query } from './client'
import type * as gen from './generated/schema'

export type PlaceList = gen.PlaceList
export type Round = gen.Round
export type RoundBody = gen.RoundRequest
export type RoundList = gen.RoundList
export type ScreeningBoard = gen.ScreeningBoard

export const listPlaces = (township?: string) =>
  api.get<gen.PlaceLists>('/screening/places', township ? { township } : undefined)

export const savePlaces = (township: string, body: gen.PlaceListRequest) =>
  api.put<PlaceList>(`/screening/places/${encodeURIComponent(township)}`, body)

export const listRounds = (query: { region?: string; page?: number; pageSize?: number }) =>
  api.get<RoundList>('/screening/rounds', query)

export const getRound = (id: string) => api.get<Round>(`/screening/rounds/${encodeURIComponent(id)}`)

export const createRound = (body: RoundBody) => api.post<Round>('/screening/rounds', body)

export const screeningBoard = (query: { region?: string; month?: string }) =>
  api.get<ScreeningBoard>('/screening/board', query)

export const screeningSummary = (query: { region?: string; from?: string; to?: string }) =>
  api.get<gen.ScreeningSummary>('/screening/summary', query)

/** 更正: the round's content corrected in place, against the version read, with a reason. */
export const correctRound = (id: string, body: gen.RoundCorrectionRequest) =>
  api.put<Round>(`/screening/rounds/${encodeURIComponent(id)}`, body)

/** Downloads the rounds the query selects (矛盾纠纷排查台账), every page. */
export const exportRounds = (query: Query, format: 'csv' | 'xlsx') =>
  download('/screening/rounds', { ...query, page: undefined, pageSize: undefined, format }, `rounds.${format}`)

/** Downloads the month's 排查报送情况. */
export const exportScreeningBoard = (query: { region?: string; month?: string }, format: 'csv' | 'xlsx') =>
  download('/screening/board', { ...query, format }, `screening-board.${format}`)

/** Downloads the 排查 summary per township. */
export const exportScreeningSummary = (query: { region?: string; from?: string; to?: string }, format: 'csv' | 'xlsx') =>
  download('/screening/summary', { ...query, format }, `screening-summary.${format}`)
