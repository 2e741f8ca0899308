import { describe, expect, it } from 'vitest'
import {
  countdown,
  dateToTime,
  formatChange,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRate,
  maskIdNumber,
  maskPhone,
  nowInShanghai,
  orDash,
  parseTime,
  shanghaiWallClock,
  wallClockToTime,
} from './format'

describe('numbers and rates', () => {
  it.each([
    [7759, '7,759'],
    [0, '0'],
    [1234567, '1,234,567'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('formatNumber(%s) = %s', (n, s) => expect(formatNumber(n)).toBe(s))

  it.each([
    [0.9871, '98.7%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.5, '50.0%'],
    [0.33335, '33.3%'],
    [null, '—'],
    [undefined, '—'],
  ])('formatRate(%s) = %s', (r, s) => expect(formatRate(r)).toBe(s))

  it.each([
    [0.125, '+12.5%'],
    [-0.05, '-5.0%'],
    [0, '0.0%'],
    [null, '—'],
  ])('formatChange(%s) = %s', (r, s) => expect(formatChange(r)).toBe(s))
})

describe('dates in Asia/Shanghai', () => {
  it.each([
    ['2026-03-01T17:00:00Z', '2026-03-02'],
    ['2026-03-01T15:59:59Z', '2026-03-01'],
    ['2026-03-02T00:30:00+08:00', '2026-03-02'],
    ['', '—'],
    [null, '—'],
    ['not a date', '—'],
  ])('formatDate(%s) = %s', (v, s) => expect(formatDate(v)).toBe(s))

  it('formats date and time with minutes, 24-hour', () => {
    expect(formatDateTime('2026-03-01T16:05:00Z')).toBe('2026-03-02 00:05')
    expect(formatDateTime('2026-03-01T06:45:10Z')).toBe('2026-03-01 14:45')
  })

  it('turns a picked date into the start or end of that day in Shanghai', () => {
    expect(dateToTime('2026-04-30')).toBe('2026-04-30T00:00:00+08:00')
    expect(dateToTime('2026-04-30', 'end')).toBe('2026-04-30T23:59:59+08:00')
  })

  it.each([
    ['2026-11-21T02:26:00Z', '2026-11-21 10:26'],
    ['2026-11-21T10:26:00+08:00', '2026-11-21 10:26'],
    ['2026-11-21T10:26:00.123+08:00', '2026-11-21 10:26'],
    ['2026-11-20T21:26:00-05:00', '2026-11-21 10:26'],
    ['2026-11-21T10:26:00', '2026-11-21 10:26'],
    ['2026-11-21 10:26', '2026-11-21 10:26'],
  ])('shows %s as %s whatever offset the server used', (v, s) => expect(formatDateTime(v)).toBe(s))

  it('reads a bare date as that day in Shanghai', () => {
    expect(formatDate('2026-12-21')).toBe('2026-12-21')
    expect(parseTime('2026-12-21')!.toISOString()).toBe('2026-12-20T16:00:00.000Z')
  })

  it('works in Shanghai wall-clock time for the time pickers', () => {
    expect(shanghaiWallClock(new Date('2026-03-01T17:04:09Z'))).toBe('2026-03-02 01:04:09')
    expect(wallClockToTime('2026-03-02 01:04:09')).toBe('2026-03-02T01:04:09+08:00')
    expect(wallClockToTime('2026-03-02 01:04')).toBe('2026-03-02T01:04:00+08:00')
    expect(wallClockToTime('2026-03-02T01:04:09+08:00')).toBe('2026-03-02T01:04:09+08:00')
  })

  it('gives now as an RFC 3339 time in Shanghai', () => {
    expect(nowInShanghai(new Date('2026-03-01T17:04:09Z'))).toBe('2026-03-02T01:04:09+08:00')
  })
})

describe('deadline countdown', () => {
  const now = new Date('2026-05-10T10:00:00+08:00')
  it.each([
    ['no deadline', { dueAt: undefined }, null],
    ['far away', { dueAt: '2026-06-09T10:00:00+08:00' }, { days: 30, state: 'normal' }],
    ['a started day counts', { dueAt: '2026-05-25T09:00:00+08:00' }, { days: 15, state: 'normal' }],
    ['within a week', { dueAt: '2026-05-15T10:00:00+08:00' }, { days: 5, state: 'soon' }],
    ['server says due soon', { dueAt: '2026-05-25T10:00:00+08:00', warning: 'due_soon' }, { days: 15, state: 'soon' }],
    ['server says no warning', { dueAt: '2026-05-15T10:00:00+08:00', warning: '' }, { days: 5, state: 'normal' }],
    ['past, flagged by the server', { dueAt: '2026-05-07T10:00:00+08:00', overdue: true }, { days: 3, state: 'overdue' }],
    ['a few hours past, warning overdue', { dueAt: '2026-05-10T08:00:00+08:00', warning: 'overdue' }, { days: 1, state: 'overdue' }],
    // the server says overdue:false (concluded in time, imported history): a past date is no 超期
    ['past but not overdue by the server', { dueAt: '2026-03-01T10:00:00+08:00', overdue: false, warning: '' }, null],
    ['flagged overdue by the server', { dueAt: '2026-05-11T10:00:00+08:00', overdue: true }, { days: 1, state: 'overdue' }],
    ['a date-only deadline at the end of its day', { dueAt: '2026-05-30T23:59:59+08:00' }, { days: 20, state: 'normal' }],
    ['the same deadline given in UTC', { dueAt: '2026-05-30T15:59:59Z' }, { days: 20, state: 'normal' }],
    ['due later today', { dueAt: '2026-05-10T23:00:00+08:00' }, { days: 1, state: 'soon' }],
    ['two calendar days past at any hour', { dueAt: '2026-05-08T23:00:00+08:00', overdue: true }, { days: 2, state: 'overdue' }],
  ])('%s', (_name, input, expected) => {
    expect(countdown(input, now)).toEqual(expected)
  })
})

describe('masking for display', () => {
  it.each([
    ['610921199001011234', '6109**********1234'],
    ['6109**********1234', '6109**********1234'],
    ['', '—'],
    [undefined, '—'],
  ])('maskIdNumber(%s) = %s', (v, s) => expect(maskIdNumber(v)).toBe(s))

  it.each([
    ['13812345678', '138****5678'],
    ['138****5678', '138****5678'],
    ['0915-1234567', '091*****4567'],
    [null, '—'],
  ])('maskPhone(%s) = %s', (v, s) => expect(maskPhone(v)).toBe(s))

  it('shows a dash for nothing', () => {
    expect(orDash('')).toBe('—')
    expect(orDash(0)).toBe('0')
    expect(orDash('x')).toBe('x')
  })
})
