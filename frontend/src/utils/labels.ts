// Localized labels for codes, actions and API errors.
import type { ActionName, CaseStatus, Kind } from '@/api/types'
import { ApiError, isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { ENUM_CODES, type EnumName } from './enums'
import { EMPTY } from './format'

const { t, te } = i18n.global

export function enumLabel(name: EnumName, code: string | null | undefined): string {
  if (!code) return EMPTY
  const key = `enum.${name}.${code}`
  return te(key) ? t(key) : code
}

export function enumOptions(name: keyof typeof ENUM_CODES): { value: string; label: string }[] {
  return ENUM_CODES[name].map((code) => ({ value: code, label: enumLabel(name, code) }))
}

export function statusLabel(kind: Kind | undefined, status: CaseStatus | '' | undefined): string {
  if (!status) return EMPTY
  if (kind === 'petition' && te(`enum.petitionStatus.${status}`)) return t(`enum.petitionStatus.${status}`)
  return enumLabel('status', status)
}

export function actionLabel(kind: Kind | undefined, action: ActionName | string): string {
  if (kind === 'petition' && te(`enum.petitionAction.${action}`)) return t(`enum.petitionAction.${action}`)
  return enumLabel('action', action)
}

/** The success message once an action went through: 已受理, 已记录调解成功, 已督办 … (never label + 成功). */
export function actionDoneMessage(kind: Kind | undefined, action: ActionName | string): string {
  if (kind === 'petition' && te(`enum.petitionActionDone.${action}`)) return t(`enum.petitionActionDone.${action}`)
  const key = `enum.actionDone.${action}`
  return te(key) ? t(key) : t('detail.actionDone')
}

/** The label of a dialog field: an action-specific one (不予受理理由) before the general one (原因). */
export function actionFieldLabel(action: ActionName, prop: string): string {
  const special = `actions.overrides.${action}.${prop}`
  return te(special) ? t(special) : t(`actions.fields.${prop}`)
}

/** What to tell the user about a failed call, in their language where the server's words are not enough. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return apiErrorMessage(e)
  if (e instanceof Error && e.message) return e.message
  return t('errors.unknown')
}

function apiErrorMessage(e: ApiError): string {
  const key = `errors.${e.code}`
  const chinese = String(i18n.global.locale.value).startsWith('zh')
  if (e.code === 'network_error') return t(key)
  if (chinese && e.message && /[\u4e00-\u9fff]/.test(e.message)) return e.message
  return te(key) ? t(key) : e.message || t('errors.unknown')
}
