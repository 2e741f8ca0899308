import { describe, expect, it } from 'vitest'
import { ENUMS } from '@/utils/enums'
import { HAZARD_STEP_FIELDS, LISTING_STEP_FIELDS, stepBody } from './hazards'

describe('hazard and listing steps', () => {
  it('have a form for every step a user takes (register and list are the intakes)', () => {
    expect(ENUMS.hazardActions.map((o) => o.code).filter((a) => a !== 'register' && !HAZARD_STEP_FIELDS[a])).toEqual([])
    expect(ENUMS.listingActions.map((o) => o.code).filter((a) => a !== 'list' && !LISTING_STEP_FIELDS[a])).toEqual([])
  })

  it('ask for what the server requires', () => {
    const required = (f: { prop: string; required?: boolean }[]) => f.filter((x) => x.required).map((x) => x.prop)
    expect(required(HAZARD_STEP_FIELDS.rectify!)).toEqual(['responsibleUnit', 'responsiblePerson', 'deadline'])
    expect(required(HAZARD_STEP_FIELDS.send_back!)).toEqual(['reason'])
    expect(required(LISTING_STEP_FIELDS.extend!)).toEqual(['deadline', 'reason'])
    expect(required(LISTING_STEP_FIELDS.delist!)).toEqual(['conclusion'])
  })

  it('send the filled fields trimmed, with the action and the version read', () => {
    const body = stepBody(HAZARD_STEP_FIELDS.rectify!, 'rectify', 4, {
      responsibleUnit: ' 月河村委会 ',
      responsiblePerson: '陈大华',
      deadline: '2026-03-20',
      measures: '',
      at: '',
    })
    expect(body).toEqual({ action: 'rectify', version: 4, responsibleUnit: '月河村委会', responsiblePerson: '陈大华', deadline: '2026-03-20' })
  })
})
