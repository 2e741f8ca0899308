// The administrative divisions (city → county → township), loaded once from GET /regions and
// looked up by code everywhere: names in the top bar, township selects, drill-down, the region tree.
import { shallowRef } from 'vue'
import { listRegions } from '@/api/regions'
import type { Region } from '@/api/types'

export interface RegionTreeNode {
  value: string
  label: string
  level: Region['level']
  children?: RegionTreeNode[]
}

export class RegionIndex {
  readonly byCode = new Map<string, Region>()
  private readonly children = new Map<string, Region[]>()

  constructor(readonly items: Region[]) {
    for (const r of items) this.byCode.set(r.code, r)
    for (const r of items) {
      const key = r.parentCode && this.byCode.has(r.parentCode) ? r.parentCode : ''
      const list = this.children.get(key) ?? []
      list.push(r)
      this.children.set(key, list)
    }
    for (const list of this.children.values()) list.sort((a, b) => a.code.localeCompare(b.code))
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code)
  }

  name(code: string): string {
    return this.byCode.get(code)?.name ?? code
  }

  /** The name as people say it: 汉阴县双乳镇 for a township, 汉阴县 for a county, 安康市 for the city. */
  fullName(code: string): string {
    const r = this.byCode.get(code)
    if (!r) return code
    if (r.level === 'township') {
      const county = this.byCode.get(r.parentCode)
      return county ? `${county.name}${r.name}` : r.name
    }
    return r.name
  }

  childrenOf(code: string): Region[] {
    return this.children.get(code) ?? []
  }

  roots(): Region[] {
    return this.children.get('') ?? []
  }

  /** From the top of the tree down to code, both ends included. */
  pathTo(code: string): Region[] {
    const path: Region[] = []
    let r = this.byCode.get(code)
    while (r) {
      path.unshift(r)
      r = r.parentCode ? this.byCode.get(r.parentCode) : undefined
    }
    return path
  }

  contains(ancestor: string, code: string): boolean {
    return this.pathTo(code).some((r) => r.code === ancestor)
  }

  /** Every township inside code (code itself when it is a township). */
  townshipsUnder(code: string): Region[] {
    const r = this.byCode.get(code)
    if (!r) return []
    if (r.level === 'township') return [r]
    return this.childrenOf(code).flatMap((c) => this.townshipsUnder(c.code))
  }

  /** Townships under code grouped by county, for grouped selects. */
  townshipGroups(code: string): { label: string; code: string; options: Region[] }[] {
    const groups = new Map<string, { label: string; code: string; options: Region[] }>()
    for (const t of this.townshipsUnder(code)) {
      const g = groups.get(t.parentCode) ?? { label: this.name(t.parentCode), code: t.parentCode, options: [] }
      g.options.push(t)
      groups.set(t.parentCode, g)
    }
    return [...groups.values()]
  }

  /** The tree below (and including) root, or the whole tree, for el-tree-select. */
  tree(root?: string): RegionTreeNode[] {
    const build = (r: Region): RegionTreeNode => {
      const kids = this.childrenOf(r.code)
      return { value: r.code, label: r.name, level: r.level, ...(kids.length ? { children: kids.map(build) } : {}) }
    }
    const start = root ? [this.byCode.get(root)].filter((r): r is Region => !!r) : this.roots()
    return start.map(build)
  }
}

export const regions = shallowRef<RegionIndex>(new RegionIndex([]))
let loading: Promise<RegionIndex> | null = null

/** Loads the regions once; later calls share the same answer. */
export function ensureRegions(): Promise<RegionIndex> {
  if (regions.value.items.length) return Promise.resolve(regions.value)
  if (!loading) {
    loading = listRegions()
      .then((res) => {
        regions.value = new RegionIndex(res.items ?? [])
        return regions.value
      })
      .finally(() => {
        loading = null
      })
  }
  return loading
}

export function resetRegions(): void {
  regions.value = new RegionIndex([])
}
