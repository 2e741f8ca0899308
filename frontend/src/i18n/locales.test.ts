import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { ENUM_CODES, STATUSES, ACTION_ORDER } from '@/utils/enums'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)))
}

function lookup(o: object, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[k], o)
}

describe('locale files', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('label every enumeration code in both languages', () => {
    const paths = [
      ...Object.entries(ENUM_CODES).flatMap(([name, codes]) => codes.map((c) => `enum.${name}.${c}`)),
      ...[...STATUSES.dispute, ...STATUSES.petition].map((s) => `enum.status.${s}`),
      ...ACTION_ORDER.map((a) => `enum.action.${a}`),
    ]
    for (const locale of [zhCN, en]) {
      const missing = paths.filter((p) => typeof lookup(locale, p) !== 'string')
      expect(missing).toEqual([])
    }
  })

  it('use the official Chinese words', () => {
    expect(zhCN.enum.category.traffic).toBe('道路交通事故')
    expect(zhCN.enum.action.clear).toBe('销号')
    expect(zhCN.auth.expired).toBe('登录已过期，请重新登录')
    expect(zhCN.list.emptyDisputes).toBe('暂无案件，点击"登记纠纷"新增')
  })

  it('contain no characters vue-i18n would treat as syntax', () => {
    const bad = keys(zhCN)
      .map((k) => [k, lookup(zhCN, k) as string, lookup(en, k) as string])
      .filter(([, zh, e]) => /[@|]/.test(zh!) || /[@|]/.test(e!))
    expect(bad).toEqual([])
  })
})
