import { beforeEach, describe, expect, it, vi } from 'vitest'
import ChangePasswordView from './ChangePasswordView.vue'
import { ApiError } from '@/api/client'
import { $, mountPage, sampleUser, settle, showErrors, type } from '@/test/helpers'
import { session } from '@/stores/session'

const { changePassword, login } = vi.hoisted(() => ({ changePassword: vi.fn(), login: vi.fn() }))
vi.mock('@/api/auth', () => ({ changePassword, login }))

const forcedUser = { ...sampleUser, mustChangePassword: true }

async function fill(oldPw: string, newPw: string, confirm = newPw) {
  await type($('[data-testid="pw-old"]'), oldPw)
  await type($('[data-testid="pw-new"]'), newPw)
  await type($('[data-testid="pw-confirm"]'), confirm)
  $('[data-testid="pw-submit"]').click()
  await settle(20)
  await showErrors()
}

beforeEach(() => {
  changePassword.mockReset().mockResolvedValue(undefined)
  login.mockReset().mockResolvedValue({ token: 't2', expiresAt: '', user: { ...sampleUser, mustChangePassword: false } })
})

describe('修改密码', () => {
  it('says why when the change is forced, changes, signs in again and goes where the user was going', async () => {
    const { router } = await mountPage(ChangePasswordView, '/password?redirect=/disputes', { user: forcedUser, routes: [{ path: '/disputes', component: { render: () => null } }] })
    expect(document.body.textContent).toContain('您的密码由管理员设定')
    await fill('Temp-2026-aa', 'Mine-2026-bb')
    expect(changePassword).toHaveBeenCalledWith('Temp-2026-aa', 'Mine-2026-bb')
    expect(login).toHaveBeenCalledWith('med1', 'Mine-2026-bb')
    expect(session.user.value?.mustChangePassword).toBe(false)
    expect(router.currentRoute.value.fullPath).toBe('/disputes')
  })

  it.each([
    ['too short', 'Temp-2026-aa', 'short', 'short', '新密码至少 8 位'],
    ['the same as before', 'Temp-2026-aa', 'Temp-2026-aa', 'Temp-2026-aa', '新密码不能与原密码相同'],
    ['confirmed differently', 'Temp-2026-aa', 'Mine-2026-bb', 'Mine-2026-cc', '两次输入的新密码不一致'],
  ])('refuses a new password %s before sending', async (_n, oldPw, newPw, confirm, message) => {
    await mountPage(ChangePasswordView, '/password', { user: forcedUser })
    await fill(oldPw, newPw, confirm)
    expect(changePassword).not.toHaveBeenCalled()
    if (message) expect(document.body.textContent).toContain(message)
  })

  it('shows a wrong current password at its field and keeps what was typed', async () => {
    changePassword.mockRejectedValueOnce(new ApiError(422, 'validation_failed', '参数校验失败', [{ field: 'oldPassword', message: '原密码不正确' }]))
    await mountPage(ChangePasswordView, '/password', { user: sampleUser })
    expect(document.body.textContent).not.toContain('您的密码由管理员设定')
    await fill('Wrong-2026-aa', 'Mine-2026-bb')
    expect(document.body.textContent).toContain('原密码不正确')
    expect(($('[data-testid="pw-new"]') as HTMLInputElement).value).toBe('Mine-2026-bb')
    expect(login).not.toHaveBeenCalled()
  })
})
