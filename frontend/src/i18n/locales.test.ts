import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { ENUMS } from '@/utils/enums'

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

  it('keep no copy of the enumerations, which come from the Go code', () => {
    expect(keys(zhCN).filter((k) => k.startsWith('enum.'))).toEqual([])
  })

  it('have a success sentence for every action of both lifecycles', () => {
    const actions = [...ENUMS.disputeActions, ...ENUMS.petitionActions].map((o) => o.code).filter((a) => a !== 'register')
    for (const locale of [zhCN, en]) {
      expect(actions.filter((a) => typeof lookup(locale, `actionDone.${a}`) !== 'string')).toEqual([])
    }
  })

  it('use the official Chinese words', () => {
    expect(zhCN.actionDone.clear).toBe('已销号')
    expect(zhCN.actionDone.close).toBe('已结案归档')
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

describe('enumerations from the Go code', () => {
  it('label every code in both languages', () => {
    for (const [name, options] of Object.entries(ENUMS)) {
      for (const o of options) {
        expect(o.label, `${name}.${o.code}`).not.toBe('')
        expect(o.en, `${name}.${o.code}`).not.toMatch(/^$|[\u4e00-\u9fff]/)
      }
    }
  })

  it('use the words the users use', () => {
    const label = (name: keyof typeof ENUMS, code: string) => ENUMS[name].find((o) => o.code === code)?.label
    expect(label('categories', 'traffic')).toBe('道路交通事故')
    expect(label('disputeStatuses', 'registered')).toBe('待受理')
    expect(label('disputeActions', 'session')).toBe('添加调解笔录')
    expect(label('disputeActions', 'close')).toBe('结案归档')
    expect(label('disputeActions', 'resolve')).toBe('调解成功')
    expect(label('petitionStatuses', 'received')).toBe('待签收')
    expect(label('petitionStatuses', 'accepted')).toBe('已签收')
    expect(label('petitionStatuses', 'cleared')).toBe('已销号')
    expect(label('petitionActions', 'register')).toBe('交办')
    expect(label('petitionActions', 'assign')).toBe('落实包案')
    expect(label('petitionActions', 'clear')).toBe('审核通过（销号）')
    expect(label('petitionActions', 'reopen')).toBe('反弹重启')
    expect(label('petitionCategories', 'natural_resources')).toBe('自然资源（国土）')
    expect(zhCN.case.repeatCount).toBe('反弹次数')
    expect(zhCN.case.petitionCategory).toBe('信访事项类别')
    expect(zhCN.case.disputeCategory).toBe('纠纷类型')
  })
})
