import { describe, expect, it } from 'vitest'
import { emptyFilters, filtersFromQuery, filtersToApi, filtersToQuery, sameQuery } from './caseQuery'

describe('filters in the URL query', () => {
  it('reads defaults from an empty query', () => {
    expect(filtersFromQuery({})).toEqual(emptyFilters())
  })

  it('round-trips every filter', () => {
    const f = {
      ...emptyFilters(),
      q: '宅基地',
      status: 'mediating',
      category: 'neighbor',
      township: '610921102',
      riskLevel: 'red',
      warning: 'overdue',
      supervised: 'true',
      from: '2026-01-01',
      to: '2026-03-31',
      page: 3,
      pageSize: 50,
    }
    const query = filtersToQuery(f)
    expect(query).toEqual({
      q: '宅基地',
      status: 'mediating',
      category: 'neighbor',
      township: '610921102',
      riskLevel: 'red',
      warning: 'overdue',
      supervised: 'true',
      from: '2026-01-01',
      to: '2026-03-31',
      page: '3',
      pageSize: '50',
    })
    expect(filtersFromQuery(query as Record<string, string>)).toEqual(f)
  })

  it('leaves defaults out of the URL', () => {
    expect(filtersToQuery({ ...emptyFilters(), q: '  ' })).toEqual({})
  })

  it.each([
    [{ page: '0' }, 'page', 1],
    [{ page: 'x' }, 'page', 1],
    [{ pageSize: '7' }, 'pageSize', 20],
    [{ from: '2026-1-1' }, 'from', ''],
    [{ warning: 'soon' }, 'warning', ''],
    [{ supervised: 'yes' }, 'supervised', ''],
    [{ status: ['accepted', 'closed'] }, 'status', 'accepted'],
  ])('ignores what does not parse: %j', (query, key, value) => {
    expect(filtersFromQuery(query)[key as keyof ReturnType<typeof emptyFilters>]).toBe(value)
  })

  it('builds the API query with the kind', () => {
    expect(filtersToApi('petition', { ...emptyFilters(), township: '610921102', warning: 'due_soon' })).toEqual({
      kind: 'petition',
      township: '610921102',
      warning: 'due_soon',
      page: 1,
      pageSize: 20,
    })
  })

  it('asks the API for supervised cases only when the filter is on', () => {
    expect(filtersToApi('dispute', { ...emptyFilters(), supervised: 'true' })).toEqual({ kind: 'dispute', supervised: true, page: 1, pageSize: 20 })
  })

  it('compares queries by value', () => {
    expect(sameQuery({ page: '2', q: 'a' }, { q: 'a', page: '2' })).toBe(true)
    expect(sameQuery({ page: '2' }, { page: '3' })).toBe(false)
    expect(sameQuery({}, { q: 'a' })).toBe(false)
  })
})
