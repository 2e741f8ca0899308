import { api, download } from './client'
import type { BacklogReport, CategoryReport, ReportQuery, ResolutionReport, TrendReport } from './types'

export const resolutionReport = (q: ReportQuery) => api.get<ResolutionReport>('/reports/resolution', q)

export const trendReport = (q: ReportQuery & { interval: 'month' | 'quarter' | 'year' }) =>
  api.get<TrendReport>('/reports/trend', q)

export const categoryReport = (q: ReportQuery) => api.get<CategoryReport>('/reports/categories', q)

export const backlogReport = (q: { region?: string } = {}) => api.get<BacklogReport>('/reports/backlog', q)

export const exportResolution = (q: ReportQuery, format: 'csv' | 'xlsx') =>
  download('/reports/resolution', { ...q, format }, `resolution.${format}`)
