import { api } from './client'
import type { Region } from './types'

export const listRegions = () => api.get<{ items: Region[] }>('/regions')
