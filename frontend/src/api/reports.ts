import { api, download } from './client'
import type { BacklogReport, BatchReport, CategoryReport, ReportQuery, ResolutionReport, TrendReport } from './types'

export type TrendInterval = 'month' | 'quarter' | 'year'

export const resolutionReport = (q: ReportQuery) => api.get<ResolutionReport>('/reports/resolution', q)

export const trendReport = (q: ReportQuery & { interval: TrendInterval }) => api.get<TrendReport>('/reports/trend', q)

export const categoryReport = (q: ReportQuery) => api.get<CategoryReport>('/reports/categories', q)

export const backlogReport = (q: { region?: string } = {}) => api.get<BacklogReport>('/reports/backlog', q)

/** The batch board: the backlog cases of a region by 交办批次, as they stand now. */
export const batchReport = (q: { region?: string } = {}) => api.get<BatchReport>('/reports/batches', q)

export const exportResolution = (q: ReportQuery, format: 'csv' | 'xlsx') =>
  download('/reports/resolution', { ...q, format }, `resolution.${format}`)

export const exportBatches = (q: { region?: string }, format: 'csv' | 'xlsx') =>
  download('/reports/batches', { ...q, format }, `batches.${format}`)
