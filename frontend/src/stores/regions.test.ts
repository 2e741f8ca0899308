import { describe, expect, it } from 'vitest'
import { RegionIndex } from './regions'
import type { Region } from '@/api/types'

const items: Region[] = [
  { code: '6109', name: '安康市', level: 'city', parentCode: '' },
  { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
  { code: '610902', name: '汉滨区', level: 'county', parentCode: '6109' },
  { code: '610921102', name: '双乳镇', level: 'township', parentCode: '610921' },
  { code: '610921100', name: '城关镇', level: 'township', parentCode: '610921' },
  { code: '610902001', name: '老城街道', level: 'township', parentCode: '610902' },
]
const idx = new RegionIndex(items)

describe('RegionIndex', () => {
  it.each([
    ['610921102', '汉阴县双乳镇'],
    ['610921', '汉阴县'],
    ['6109', '安康市'],
    ['999', '999'],
  ])('fullName(%s) = %s', (code, name) => expect(idx.fullName(code)).toBe(name))

  it('lists townships under a region, sorted by code', () => {
    expect(idx.townshipsUnder('6109').map((r) => r.code)).toEqual(['610902001', '610921100', '610921102'])
    expect(idx.townshipsUnder('610921102').map((r) => r.code)).toEqual(['610921102'])
    expect(idx.townshipsUnder('nope')).toEqual([])
  })

  it('groups townships by county', () => {
    expect(idx.townshipGroups('6109').map((g) => [g.label, g.options.length])).toEqual([
      ['汉滨区', 1],
      ['汉阴县', 2],
    ])
  })

  it('walks the path from the top and answers containment', () => {
    expect(idx.pathTo('610921102').map((r) => r.name)).toEqual(['安康市', '汉阴县', '双乳镇'])
    expect(idx.contains('610921', '610921102')).toBe(true)
    expect(idx.contains('610902', '610921102')).toBe(false)
    expect(idx.contains('610921102', '610921102')).toBe(true)
  })

  it('builds the tree for the region picker', () => {
    const tree = idx.tree()
    expect(tree).toHaveLength(1)
    expect(tree[0]!.label).toBe('安康市')
    expect(tree[0]!.children!.map((c) => c.label)).toEqual(['汉滨区', '汉阴县'])
    expect(idx.tree('610921')[0]!.children!.map((c) => c.value)).toEqual(['610921100', '610921102'])
  })
})
