// The risk-hazard ledger (风险隐患台账) and listed supervision (挂牌督办): /hazards and /listings.
import { api, download, type Query } from './client'
import type * as gen from './generated/schema'

export type Hazard = gen.Hazard
export type HazardBody = gen.HazardRequest
export type HazardStepBody = gen.HazardActionRequest
export type HazardSummary = gen.HazardSummary
export type Listing = gen.Listing
export type ListingBody = gen.ListingRequest
export type ListingStepBody = gen.ListingActionRequest
export type ListingBoard = gen.ListingBoard
export type StepEvent = gen.StepEvent

export const listHazards = (query: Query) => api.get<gen.HazardList>('/hazards', query)
export const getHazard = (id: string) => api.get<Hazard>(`/hazards/${encodeURIComponent(id)}`)
export const createHazard = (body: HazardBody) => api.post<Hazard>('/hazards', body)
export const actOnHazard = (id: string, body: HazardStepBody) => api.post<Hazard>(`/hazards/${encodeURIComponent(id)}/actions`, body)

export const listingBoard = (query: Query) => api.get<ListingBoard>('/listings', query)
export const getListing = (id: string) => api.get<Listing>(`/listings/${encodeURIComponent(id)}`)
export const createListing = (body: ListingBody) => api.post<Listing>('/listings', body)
export const actOnListing = (id: string, body: ListingStepBody) => api.post<Listing>(`/listings/${encodeURIComponent(id)}/actions`, body)

export const hazardSummary = (query: { region?: string; from?: string; to?: string }) => api.get<HazardSummary>('/hazards/summary', query)

/** Downloads the filtered hazard ledger (风险隐患排查整治台账), every page. */
export const exportHazards = (query: Query, format: 'csv' | 'xlsx') =>
  download('/hazards', { ...query, page: undefined, pageSize: undefined, format }, `hazards.${format}`)

/** Downloads the filtered listings (挂牌督办台账). */
export const exportListings = (query: Query, format: 'csv' | 'xlsx') => download('/listings', { ...query, format }, `listings.${format}`)
