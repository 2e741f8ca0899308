import { reactive, ref } from 'vue'
import { isApiError } from '@/api/client'
import type { FieldError } from '@/api/types'
import { mapFieldErrors } from '@/utils/fieldErrors'

/**
 * Server-side field errors for one form: `errors[prop]` feeds each el-form-item's `error`, and
 * `general` lists what no form item shows. apply() returns whether the error was a field error.
 */
export function useFieldErrors(knownProps: () => readonly string[]) {
  const errors = reactive<Record<string, string>>({})
  const general = ref<FieldError[]>([])

  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k]
    general.value = []
  }

  function apply(e: unknown): boolean {
    clear()
    if (!isApiError(e) || e.fields.length === 0) return false
    const mapped = mapFieldErrors(e.fields, knownProps())
    Object.assign(errors, mapped.byProp)
    general.value = mapped.unmatched
    return true
  }

  function clearOne(prop: string): void {
    delete errors[prop]
  }

  return { errors, general, clear, apply, clearOne }
}
