// Mounting helpers for component tests: Element Plus and i18n installed, the page attached to the document.
import ElementPlus from 'element-plus'
import { flushPromises } from '@vue/test-utils'
import { i18n } from '@/i18n'

export const plugins = [ElementPlus, i18n]

/** Global mount options: real transitions, since the stubs do not re-render Element Plus' error messages. */
export const globalOptions = { plugins, stubs: { transition: false, 'transition-group': false } }

/** Lets promises, Vue updates and Element Plus' timers settle. */
export async function settle(ms = 0): Promise<void> {
  if (ms) await new Promise((r) => setTimeout(r, ms))
  for (let i = 0; i < 3; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

export function $(selector: string): HTMLElement {
  const el = document.body.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`no element matches ${selector}`)
  return el
}

export async function type(el: HTMLElement, value: string): Promise<void> {
  const input = el.matches('input, textarea') ? (el as HTMLInputElement) : el.querySelector<HTMLInputElement>('input, textarea')!
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.dispatchEvent(new Event('change', { bubbles: true }))
  input.dispatchEvent(new Event('blur', { bubbles: true }))
  await settle()
}

/** Element Plus shows a form item's error state after a 100 ms debounce. */
export async function showErrors(): Promise<void> {
  await settle()
  await settle(150)
}
