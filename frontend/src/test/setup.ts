// Test setup: every mounted component is unmounted after its test, and a test fails on any Vue warning
// (a warning is a bug: a wrong prop, a missing injection, an event its component does not declare).
import { afterEach } from 'vitest'
import { config, enableAutoUnmount } from '@vue/test-utils'

enableAutoUnmount(afterEach)

const vueWarnings: string[] = []

config.global.config.warnHandler = (msg, _instance, trace) => {
  vueWarnings.push(`[Vue warn]: ${msg}${trace ? `\n${trace}` : ''}`)
}

const warn = console.warn.bind(console)
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ')
  // apps Element Plus mounts on its own (messages, message boxes) warn on the console, not through the handler
  if (text.includes('[Vue warn]')) {
    vueWarnings.push(text)
    return
  }
  // happy-dom lays nothing out, so Element Plus' label-width measurement warns on every form, and
  // async-validator logs each failed rule: noise that would hide real warnings
  if (text.includes('unexpected width') || text.startsWith('async-validator:')) return
  warn(...args)
}

afterEach(() => {
  document.body.innerHTML = ''
  if (vueWarnings.length) {
    const found = vueWarnings.splice(0)
    throw new Error(`Vue warned during this test:\n${found.join('\n')}`)
  }
})
