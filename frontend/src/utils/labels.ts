// Localized labels for codes, actions and API errors. Enumeration labels come from the Go code (both
// languages, utils/enums); everything else from the locale files.
import type { ActionName, CaseStatus, Kind } from '@/api/types'
import { ApiError, isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { categoryEnum, ENUMS, type EnumName } from './enums'
import { EMPTY } from './format'

const { t, te } = i18n.global

type Option = { readonly code: string; readonly label: string; readonly en: string }

function labelIn(list: readonly Option[], code: string): string | undefined {
  const o = list.find((x) => x.code === code)
  if (!o) return undefined
  return String(i18n.global.locale.value).startsWith('zh') ? o.label : o.en
}

/** The label of a code in the current language; the code itself when the enumeration does not know it. */
export function enumLabel(name: EnumName, code: string | null | undefined): string {
  if (!code) return EMPTY
  return labelIn(ENUMS[name], code) ?? code
}

/** An enumeration as select options, in the order the UI lists it. */
export function enumOptions(name: EnumName): { value: string; label: string }[] {
  return ENUMS[name].map((o) => ({ value: o.code, label: enumLabel(name, o.code) }))
}

/** A status as its kind says it: a resolved dispute is 调解成功, a resolved petition 已化解. */
export function statusLabel(kind: Kind | undefined, status: CaseStatus | '' | undefined): string {
  if (!status) return EMPTY
  const own = kind === 'petition' ? ENUMS.petitionStatuses : ENUMS.disputeStatuses
  return labelIn(own, status) ?? enumLabel('statuses', status)
}

/** A category as its kind classifies it: 纠纷类型 for a dispute, 信访事项类别 for a backlog case. */
export function categoryLabel(kind: Kind | undefined, code: string | null | undefined): string {
  return enumLabel(categoryEnum(kind), code)
}

/** An action as its kind says it: resolve is 调解成功 for a dispute, 化解 for a petition; register is 登记 or 交办. */
export function actionLabel(kind: Kind | undefined, action: ActionName | string): string {
  const own = kind === 'petition' ? ENUMS.petitionActions : ENUMS.disputeActions
  return labelIn(own, action) ?? enumLabel('actions', action)
}

/** The success message once an action went through: 已受理, 已记录调解成功, 已督办 … (never label + 成功). */
export function actionDoneMessage(kind: Kind | undefined, action: ActionName | string): string {
  if (kind === 'petition' && te(`actionDone.petition.${action}`)) return t(`actionDone.petition.${action}`)
  const key = `actionDone.${action}`
  return te(key) ? t(key) : t('detail.actionDone')
}

/** The label of a dialog field: a kind's own (签收说明), then the action's (不予受理理由), then the general one (原因). */
export function actionFieldLabel(action: ActionName, prop: string, kind?: Kind): string {
  const own = `actions.petitionOverrides.${action}.${prop}`
  if (kind === 'petition' && te(own)) return t(own)
  const special = `actions.overrides.${action}.${prop}`
  return te(special) ? t(special) : t(`actions.fields.${prop}`)
}

/** Why the session ended, told by the 401's reason: a disabled account or a changed password is not an expiry. */
export function signedOutMessage(e: ApiError): string {
  const key = `auth.signedOut.${e.reason}`
  return te(key) ? t(key) : t('auth.expired')
}

/** What to tell the user about a failed call, in their language where the server's words are not enough. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return apiErrorMessage(e)
  if (e instanceof Error && e.message) return e.message
  return t('errors.unknown')
}

/**
 * errorMessage followed by what each refused field says (排查日期不能晚于今天；…), for a form whose fields show no
 * errors of their own: a 422 then names its fields, not only 请求参数校验失败.
 */
export function errorWithFields(e: unknown): string {
  const message = errorMessage(e)
  const fields = isApiError(e) ? e.fields.map((f) => f.message).filter((m) => m && !message.includes(m)) : []
  return fields.length ? `${message}：${fields.join('；')}` : message
}

function apiErrorMessage(e: ApiError): string {
  const key = `errors.${e.code}`
  const chinese = String(i18n.global.locale.value).startsWith('zh')
  if (e.code === 'network_error') return t(key)
  if (chinese && e.message && /[\u4e00-\u9fff]/.test(e.message)) return e.message
  return te(key) ? t(key) : e.message || t('errors.unknown')
}
