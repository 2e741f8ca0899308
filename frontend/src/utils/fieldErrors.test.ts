import { describe, expect, it } from 'vitest'
import { mapFieldErrors, toFormProp } from './fieldErrors'

describe('toFormProp', () => {
  it.each([
    ['title', 'title'],
    ['parties[0].name', 'parties.0.name'],
    ['parties[12].idNumber', 'parties.12.idNumber'],
    ['dispute.source', 'dispute.source'],
    ['session.at', 'session.at'],
    ['a["b"].c', 'a.b.c'],
    [' agreement.terms ', 'agreement.terms'],
  ])('%s → %s', (field, prop) => expect(toFormProp(field)).toBe(prop))
})

describe('mapFieldErrors', () => {
  const known = ['title', 'parties.0.name', 'parties.1.name', 'dispute.source']

  it('puts each message on its form item', () => {
    const res = mapFieldErrors(
      [
        { field: 'parties[1].name', message: '当事人姓名为必填字段' },
        { field: 'title', message: '标题为必填字段' },
      ],
      known,
    )
    expect(res.byProp).toEqual({ 'parties.1.name': '当事人姓名为必填字段', title: '标题为必填字段' })
    expect(res.unmatched).toEqual([])
  })

  it('matches regardless of case', () => {
    const res = mapFieldErrors([{ field: 'Parties[0].Name', message: 'x' }], known)
    expect(res.byProp).toEqual({ 'parties.0.name': 'x' })
  })

  it('keeps errors the form cannot show apart', () => {
    const res = mapFieldErrors([{ field: 'parties[5].phone', message: '电话格式不正确' }], known)
    expect(res.byProp).toEqual({})
    expect(res.unmatched).toEqual([{ field: 'parties[5].phone', message: '电话格式不正确' }])
  })

  it('joins several messages for one field', () => {
    const res = mapFieldErrors(
      [
        { field: 'title', message: 'a' },
        { field: 'title', message: 'b' },
      ],
      known,
    )
    expect(res.byProp.title).toBe('a；b')
  })

  it('takes every field when no props are known', () => {
    expect(mapFieldErrors([{ field: 'x[0].y', message: 'm' }]).byProp).toEqual({ 'x.0.y': 'm' })
  })
})
