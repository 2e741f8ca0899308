// Test setup: every mounted component is unmounted after its test and the document emptied.
import { afterEach } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

enableAutoUnmount(afterEach)

// happy-dom lays nothing out, so Element Plus' label-width measurement warns on every form, and
// async-validator logs each failed rule: noise that would hide real warnings
const warn = console.warn.bind(console)
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ')
  if (text.includes('unexpected width') || text.startsWith('async-validator:')) return
  warn(...args)
}

afterEach(() => {
  document.body.innerHTML = ''
})
