// Maps the server's field paths ("parties[0].name") to Element Plus form-item props ("parties.0.name")
// so a 422 shows each message under the input it is about.
import type { FieldError } from '@/api/types'

/** "parties[0].name" → "parties.0.name"; "body.title" style prefixes are left as they are. */
export function toFormProp(field: string): string {
  return field
    .trim()
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\[["']?([^\]"']+)["']?\]/g, '.$1')
    .replace(/^\.+/, '')
    .replace(/\.{2,}/g, '.')
}

export interface MappedFieldErrors {
  /** Messages by form-item prop, several messages for one field joined. */
  byProp: Record<string, string>
  /** Errors about fields the form has no item for: show them above the form. */
  unmatched: FieldError[]
}

/**
 * Spreads field errors over the form's props. With knownProps the match ignores case (a server may
 * name "Parties[0].Name") and errors for fields the form does not show end up in unmatched.
 */
export function mapFieldErrors(fields: FieldError[], knownProps?: readonly string[]): MappedFieldErrors {
  const byProp: Record<string, string> = {}
  const unmatched: FieldError[] = []
  const known = knownProps ? new Map(knownProps.map((p) => [p.toLowerCase(), p])) : null
  for (const f of fields) {
    const prop = toFormProp(f.field)
    const target = known ? known.get(prop.toLowerCase()) : prop
    if (!target) {
      unmatched.push(f)
      continue
    }
    byProp[target] = byProp[target] ? `${byProp[target]}；${f.message}` : f.message
  }
  return { byProp, unmatched }
}
