import { beforeEach, describe, expect, it, vi } from 'vitest'
import ActionDialog from './ActionDialog.vue'
import { ApiError } from '@/api/client'
import { $, mountComponent, sampleCase, settle, showErrors, type } from '@/test/helpers'
import type { ActionName, Case } from '@/api/types'
import { shanghaiWallClock } from '@/utils/format'

const { act, getCase, confirm } = vi.hoisted(() => ({ act: vi.fn(), getCase: vi.fn(), confirm: vi.fn() }))
vi.mock('@/api/cases', () => ({ act, getCase }))
vi.mock('element-plus', async (importOriginal) => {
  const mod = await importOriginal<typeof import('element-plus')>()
  return { ...mod, ElMessageBox: { ...mod.ElMessageBox, confirm } }
})

const petition = (over: Partial<Case> = {}) =>
  sampleCase({
    id: 'C1',
    kind: 'petition',
    status: 'resolving',
    category: 'natural_resources',
    dispute: undefined,
    petition: { assignedBy: 'county', assignerRegion: '610921', repeatCount: 0 },
    ...over,
  })

function open(action: ActionName, c: Case = sampleCase({ id: 'C1', version: 4 })) {
  return mountComponent(ActionDialog, { props: { modelValue: true, c, action } })
}

async function submit() {
  $('[data-testid="action-submit"]').click()
  await settle()
}

const fields = () => [...document.body.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field'))

beforeEach(() => {
  act.mockReset()
  getCase.mockReset()
  confirm.mockReset()
  confirm.mockResolvedValue('confirm')
})

describe('ActionDialog', () => {
  it('asks first when the action happened, says reports count by it, and sends no time left at now', async () => {
    act.mockResolvedValue(sampleCase({ version: 5 }))
    open('accept', sampleCase({ id: 'C1', status: 'registered', version: 4 }))
    await settle()
    expect(fields()).toEqual(['at', 'note'])
    expect($('[data-field="at"] label').textContent).toContain('发生时间')
    expect($('[data-field="at"] [data-hint]').textContent).toContain('统计报表按发生时间计入')
    expect(($('[data-field="at"] input') as HTMLInputElement).value).toBe(shanghaiWallClock().slice(0, 16))
    await submit()
    expect(act).toHaveBeenCalledWith('C1', { action: 'accept', version: 4 })
  })

  it('refuses a 发生时间 before the previous step, keeping the dialog open', async () => {
    const day = 86_400_000
    const yesterday = new Date(Date.now() - day).toISOString()
    const c = sampleCase({ id: 'C1', status: 'mediating' })
    c.timeline = [{ ...c.timeline[1]!, at: yesterday, recordedAt: yesterday, action: 'start', from: 'accepted', to: 'mediating' }]
    const w = open('session', c)
    await settle()
    await type($('[data-field="session.record"] textarea'), '双方到场')
    // as if picked: the picker hands over Shanghai wall-clock time
    w.findAllComponents({ name: 'ActionFieldInput' })[0]!.vm.$emit('update:modelValue', shanghaiWallClock(new Date(Date.now() - 2 * day)))
    await settle()
    await submit()
    await showErrors()
    expect(act).not.toHaveBeenCalled()
    expect($('[data-field="at"] .el-form-item__error').textContent).toContain('发生时间不能早于上一步「开始调解」')
  })

  it('shows the visit date as the event date of a visit, with its performance', async () => {
    open('visit', sampleCase({ status: 'resolved' }))
    await settle()
    expect(fields()).toEqual(['followUp.at', 'followUp.satisfaction', 'followUp.performance', 'followUp.note'])
    expect($('[data-field="followUp.at"] [data-hint]').textContent).toContain('统计报表按此时间计入')
    expect($('[data-field="followUp.performance"]').textContent).toContain('部分履行')
  })

  it('sends a visit left at its default as the moment of sending, never before the previous step', async () => {
    act.mockResolvedValue(sampleCase({ version: 5 }))
    const c = sampleCase({ status: 'resolved' })
    // the previous step was recorded a moment after the dialog's clock read the time (clocks differ, seconds are cut)
    const prev = new Date(Date.now() + 1500).toISOString()
    c.timeline = [{ ...c.timeline[1]!, at: prev, recordedAt: prev, action: 'resolve', from: 'mediating', to: 'resolved' }]
    open('visit', c)
    await settle()
    $('[data-field="followUp.satisfaction"] .el-radio').click()
    await settle()
    await submit()
    const sent = act.mock.calls[0]![1].followUp.at as string
    expect(Date.parse(sent)).toBeGreaterThanOrEqual(Date.parse(prev))
  })

  it('confirms a final action, then sends the body with the version', async () => {
    const updated = { id: 'C1', version: 5 }
    act.mockResolvedValue(updated)
    const w = open('reject', sampleCase({ id: 'C1', status: 'registered', version: 4 }))
    await settle()
    await type($('[data-field="reason"] textarea'), '不属于人民调解受理范围')
    await submit()
    expect(confirm).toHaveBeenCalledOnce()
    expect(act).toHaveBeenCalledWith('C1', { action: 'reject', version: 4, reason: '不属于人民调解受理范围' })
    expect(w.emitted('done')?.[0]).toEqual([updated])
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('says in words what was done, not the label with 成功 glued on', async () => {
    act.mockResolvedValue({ id: 'C1', version: 5 })
    open('resolve')
    await settle()
    $('[data-field="agreement.createsObligations"] [data-value="no"]').click()
    await type($('[data-field="agreement.terms"] textarea'), '李四赔偿张三 2,000 元')
    await submit()
    await settle()
    const toast = document.body.querySelector('.el-message--success')?.textContent ?? ''
    expect(toast).toContain('已记录调解成功')
    expect(toast).not.toContain('成功成功')
  })

  it('offers no oral agreement once it creates civil rights and duties', async () => {
    act.mockResolvedValue({ id: 'C1', version: 5 })
    open('resolve')
    await settle()
    const oral = () => [...document.body.querySelectorAll<HTMLInputElement>('[data-field="agreement.type"] input')].find((i) => i.value === 'oral')!
    expect(oral().disabled).toBe(false)
    oral().click()
    await settle()
    $('[data-field="agreement.createsObligations"] [data-value="yes"]').click()
    await settle()
    expect(oral().disabled).toBe(true)
    // an oral agreement chosen before gives way to a written one
    expect(document.body.querySelector<HTMLInputElement>('[data-field="agreement.type"] input:checked')?.value).toBe('written')
    expect($('[data-field="agreement.createsObligations"]').textContent).toContain('不能采用口头协议')
    await type($('[data-field="agreement.terms"] textarea'), '李四于5月底前赔偿2000元')
    await submit()
    expect(act.mock.calls[0]![1].agreement).toEqual({ createsObligations: true, type: 'written', terms: '李四于5月底前赔偿2000元' })
  })

  it('asks who consented to an extension among the parties of the case', async () => {
    act.mockResolvedValue({ id: 'C1', version: 5 })
    open('extend')
    await settle()
    const boxes = [...document.body.querySelectorAll<HTMLElement>('[data-field="consentBy"] .el-checkbox')]
    expect(boxes.map((b) => b.textContent)).toEqual(['张三申请人', '李四被申请人'])
    await type($('[data-field="reason"] textarea'), '双方同意继续调解')
    await submit()
    await showErrors()
    expect(act).not.toHaveBeenCalled()
    expect($('[data-field="consentBy"] .el-form-item__error').textContent).toContain('同意延期的当事人')
    for (const b of boxes) {
      b.querySelector<HTMLInputElement>('input')!.click()
      await settle()
    }
    await submit()
    expect(act.mock.calls[0]![1]).toMatchObject({ action: 'extend', days: 15, consentBy: ['张三', '李四'], reason: '双方同意继续调解' })
  })

  it('sends nothing when the user cancels the confirmation', async () => {
    confirm.mockRejectedValue('cancel')
    open('clear', petition({ status: 'reviewing' }))
    await settle()
    await submit()
    expect(act).not.toHaveBeenCalled()
  })

  it('gives every field of every action an input', async () => {
    const { TRANSITIONS } = await import('@/api/generated/enums')
    const { actionDef } = await import('@/utils/actions')
    for (const row of TRANSITIONS) {
      const c = row.kind === 'petition' ? petition() : sampleCase()
      const w = open(row.action, c)
      await settle()
      for (const f of actionDef(row.kind, row.action, c)!.fields.filter((f) => !f.showIf)) {
        const item = document.body.querySelector(`.el-dialog[data-action="${row.action}"] [data-field="${f.prop}"] .el-form-item__content`)
        expect(item?.children.length, `${row.kind} ${row.action} ${f.prop}`).toBeGreaterThan(0)
      }
      w.unmount()
      document.body.innerHTML = ''
    }
  })

  it('confirms a withdrawal by the assigning office', async () => {
    act.mockResolvedValue({ id: 'C1', version: 5 })
    open('withdraw', petition({ status: 'returned' }))
    await settle()
    await submit()
    expect(confirm).toHaveBeenCalledOnce()
    expect(act).toHaveBeenCalledWith('C1', { action: 'withdraw', version: 3 })
  })

  it('does not send an incomplete form', async () => {
    open('reject', sampleCase({ status: 'registered' }))
    await settle()
    await submit()
    await showErrors()
    expect(act).not.toHaveBeenCalled()
    expect(document.body.querySelector('[data-field="reason"] .el-form-item__error')?.textContent).toContain('不予受理理由')
  })

  it('sends a mediation session with its prefilled time and mode, without confirming', async () => {
    act.mockResolvedValue({ id: 'C1', version: 9 })
    open('session', sampleCase({ id: 'C1', version: 8 }))
    await settle()
    await type($('[data-field="session.record"] textarea'), '双方到场，初步达成意向')
    await submit()
    expect(confirm).not.toHaveBeenCalled()
    const body = act.mock.calls[0]![1]
    expect(body).toMatchObject({ action: 'session', version: 8, session: { mode: 'onsite', record: '双方到场，初步达成意向' } })
    expect(body.session.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
  })

  it('shows the server field errors at the field and keeps the dialog open with the input', async () => {
    act.mockRejectedValue(
      new ApiError(422, 'validation_failed', '请求参数校验失败', [{ field: 'leadLeader.post', message: '职务为必填字段' }]),
    )
    const w = open('assign', petition({ status: 'accepted' }))
    await settle()
    await type($('[data-field="leadLeader.name"] input'), '张书记')
    await type($('[data-field="leadLeader.post"] input'), '书记')
    await type($('[data-field="responsibleUnit"] input'), '镇综治办')
    await submit()
    await showErrors()
    expect(act).toHaveBeenCalledWith('C1', {
      action: 'assign',
      version: 3,
      leadLeader: { name: '张书记', post: '书记' },
      responsibleUnit: '镇综治办',
    })
    expect($('[data-field="leadLeader.post"] .el-form-item__error').textContent).toContain('职务为必填字段')
    expect(($('[data-field="leadLeader.name"] input') as HTMLInputElement).value).toBe('张书记')
    expect(w.emitted('done')).toBeUndefined()
  })

  it('places a refused event date of a visit at the visit date', async () => {
    act.mockRejectedValue(new ApiError(422, 'validation_failed', 'x', [{ field: 'at', message: '发生时间不能早于上一步「调解成功」' }]))
    open('visit', sampleCase({ status: 'resolved' }))
    await settle()
    $('[data-field="followUp.satisfaction"] .el-radio').click()
    await settle()
    await submit()
    await showErrors()
    expect($('[data-field="followUp.at"] .el-form-item__error').textContent).toContain('不能早于上一步')
  })

  it('keeps what was typed when someone else changed the case, reloads it and says what changed', async () => {
    const before = sampleCase({ id: 'C1', version: 4 })
    const after = sampleCase({
      id: 'C1',
      version: 5,
      timeline: [
        ...before.timeline,
        { at: '2026-03-04T10:00:00+08:00', recordedAt: '2026-03-04T10:00:00+08:00', actor: { id: 'm2', name: '刘调解' }, action: 'session', from: 'mediating', to: 'mediating', note: '' },
      ],
      allowedActions: ['session', 'extend', 'resolve', 'fail'],
    })
    act.mockRejectedValueOnce(new ApiError(409, 'version_conflict', '案件已被他人更新'))
    getCase.mockResolvedValue(after)
    const w = open('session', before)
    await settle()
    await type($('[data-field="session.record"] textarea'), '双方到场')
    await submit()
    expect(getCase).toHaveBeenCalledWith('C1')
    expect(w.emitted('refreshed')?.[0]).toEqual([after])
    expect(w.emitted('update:modelValue')).toBeUndefined()
    const alert = $('[data-testid="action-conflict"]').textContent ?? ''
    expect(alert).toContain('案件已被他人更新')
    expect(alert).toContain('2026-03-04 10:00 刘调解 添加调解笔录')
    expect(alert).toContain('您填写的内容已保留')
    expect(($('[data-field="session.record"] textarea') as HTMLTextAreaElement).value).toBe('双方到场')

    // the page hands the fresh case back: the next try sends its version
    act.mockResolvedValue({ ...after, version: 6 })
    await w.setProps({ c: after })
    await submit()
    expect(act.mock.calls[1]![1]).toMatchObject({ version: 5, session: { record: '双方到场' } })
  })

  it('says so, and offers no resubmit, when the case moved on so the action is gone', async () => {
    act.mockRejectedValue(new ApiError(409, 'version_conflict', 'x'))
    getCase.mockResolvedValue(sampleCase({ id: 'C1', status: 'resolved', version: 6, allowedActions: ['visit'] }))
    const w = open('resolve')
    await settle()
    $('[data-field="agreement.createsObligations"] [data-value="no"]').click()
    await type($('[data-field="agreement.terms"] textarea'), '赔偿 500 元')
    await submit()
    await w.setProps({ c: w.emitted('refreshed')![0]![0] as Case })
    expect($('[data-testid="action-conflict"]').textContent).toContain('案件当前为「调解成功」，已不能调解成功')
    expect(($('[data-testid="action-submit"]') as HTMLButtonElement).disabled).toBe(true)
    expect(($('[data-field="agreement.terms"] textarea') as HTMLTextAreaElement).value).toBe('赔偿 500 元')
  })

  it('reassigns within the assigning office, keeping the clock unless told otherwise', async () => {
    act.mockResolvedValue({ id: 'C1', version: 5 })
    const regions = [
      { code: '6109', name: '安康市', level: 'city' as const, parentCode: '' },
      { code: '610921', name: '汉阴县', level: 'county' as const, parentCode: '6109' },
      { code: '610921102', name: '双乳镇', level: 'township' as const, parentCode: '610921' },
      { code: '610921100', name: '城关镇', level: 'township' as const, parentCode: '610921' },
      { code: '610902001', name: '老城街道', level: 'township' as const, parentCode: '610902' },
    ]
    mountComponent(ActionDialog, {
      props: { modelValue: true, c: petition({ status: 'returned', dueAt: '2026-09-30T23:59:59+08:00' }), action: 'reassign' },
      regions,
    })
    await settle()
    expect(fields()).toEqual(['at', 'townshipCode', 'keepClock', 'note'])
    $('[data-field="townshipCode"] .el-select__wrapper').click()
    await settle()
    const options = [...document.querySelectorAll('.el-select-dropdown__item')].map((e) => e.textContent?.trim())
    expect(options).toEqual(['城关镇'])
    ;(document.querySelector('.el-select-dropdown__item') as HTMLElement).click()
    await settle()
    expect($('[data-field="keepClock"]').textContent).toContain('保留原办结期限（至 2026-09-30）')
    $('[data-field="keepClock"] .el-switch').click()
    await settle()
    expect(fields()).toEqual(['at', 'townshipCode', 'keepClock', 'dueAt', 'note'])
    await submit()
    await showErrors()
    expect(act).not.toHaveBeenCalled()
    expect($('[data-field="dueAt"] .el-form-item__error').textContent).toContain('新的办结期限')
  })
})
