import { beforeEach, describe, expect, it, vi } from 'vitest'
import ActionDialog from './ActionDialog.vue'
import { ApiError } from '@/api/client'
import { $, mountComponent, settle, showErrors, type } from '@/test/helpers'
import type { ActionName, Kind } from '@/api/types'

const { act, confirm } = vi.hoisted(() => ({ act: vi.fn(), confirm: vi.fn() }))
vi.mock('@/api/cases', () => ({ act }))
vi.mock('element-plus', async (importOriginal) => {
  const mod = await importOriginal<typeof import('element-plus')>()
  return { ...mod, ElMessageBox: { ...mod.ElMessageBox, confirm } }
})

function open(kind: Kind, action: ActionName, version = 4) {
  return mountComponent(ActionDialog, { props: { modelValue: true, kind, action, caseId: 'C1', version } })
}

async function submit() {
  $('[data-testid="action-submit"]').click()
  await settle()
}

beforeEach(() => {
  act.mockReset()
  confirm.mockReset()
  confirm.mockResolvedValue('confirm')
})

describe('ActionDialog', () => {
  it('shows exactly the fields of the action', async () => {
    open('dispute', 'close')
    await settle()
    const fields = [...document.body.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field'))
    expect(fields).toEqual(['followUp.at', 'followUp.satisfaction', 'followUp.note'])
  })

  it('confirms a final action, then sends the body with the version', async () => {
    const updated = { id: 'C1', version: 5 }
    act.mockResolvedValue(updated)
    const w = open('dispute', 'reject')
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
    open('dispute', 'resolve')
    await settle()
    await type($('[data-field="agreement.terms"] textarea'), '李四赔偿张三 2,000 元')
    await submit()
    await settle()
    const toast = document.body.querySelector('.el-message--success')?.textContent ?? ''
    expect(toast).toContain('已记录调解成功')
    expect(toast).not.toContain('成功成功')
  })

  it('sends nothing when the user cancels the confirmation', async () => {
    confirm.mockRejectedValue('cancel')
    open('petition', 'clear')
    await settle()
    await submit()
    expect(act).not.toHaveBeenCalled()
  })

  it('does not send an incomplete form', async () => {
    open('dispute', 'reject')
    await settle()
    await submit()
    await showErrors()
    expect(act).not.toHaveBeenCalled()
    expect(document.body.querySelector('[data-field="reason"] .el-form-item__error')?.textContent).toContain('不予受理理由')
  })

  it('sends a mediation session with its prefilled time and mode, without confirming', async () => {
    act.mockResolvedValue({ id: 'C1', version: 9 })
    open('dispute', 'session', 8)
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
    const w = open('petition', 'assign')
    await settle()
    await type($('[data-field="leadLeader.name"] input'), '张书记')
    await type($('[data-field="leadLeader.post"] input'), '书记')
    await submit()
    await showErrors()
    expect(act).toHaveBeenCalledWith('C1', { action: 'assign', version: 4, leadLeader: { name: '张书记', post: '书记' } })
    expect($('[data-field="leadLeader.post"] .el-form-item__error').textContent).toContain('职务为必填字段')
    expect(($('[data-field="leadLeader.name"] input') as HTMLInputElement).value).toBe('张书记')
    expect(w.emitted('done')).toBeUndefined()
  })

  it('asks for a reload when someone else changed the case', async () => {
    act.mockRejectedValue(new ApiError(409, 'version_conflict', '案件已被他人更新'))
    const w = open('dispute', 'accept')
    await settle()
    await submit()
    expect(w.emitted('stale')).toHaveLength(1)
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })
})
