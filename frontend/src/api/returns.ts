// Monthly returns (统计月报报送): a township submits a month's figures as they stand, corrects them when later
// records change them; counties and the city read who has submitted and the return assembled from them.
import { api, download } from './client'
import type { MonthlyReturn, NewReturn, ReturnBoard, ReturnCorrection, ReturnHistory, ReturnMonths } from './types'

export const submitReturn = (body: NewReturn) => api.post<MonthlyReturn>('/returns', body)

export const correctReturn = (id: string, body: ReturnCorrection) =>
  api.post<MonthlyReturn>(`/returns/${encodeURIComponent(id)}/corrections`, body)

export const getReturn = (id: string) => api.get<ReturnHistory>(`/returns/${encodeURIComponent(id)}`)

export const returnBoard = (q: { region?: string; month?: string }) => api.get<ReturnBoard>('/returns', q)

export const returnMonths = (q: { township?: string; year?: number }) => api.get<ReturnMonths>('/returns/months', q)

export const exportReturnBoard = (q: { region?: string; month?: string }, format: 'csv' | 'xlsx') =>
  download('/returns', { ...q, format }, `returns.${format}`)
