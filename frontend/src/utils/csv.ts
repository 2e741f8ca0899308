// CSV for lists the page already holds (积案看板's open cases): quoted where needed, a BOM so Excel reads
// the Chinese as UTF-8, CRLF line ends as RFC 4180 has them.

/** One CSV text from a header and rows. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v)
    // a leading = + - @ would be read as a formula by spreadsheets: quote it as text
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
    return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** Saves text as a file through the browser. */
export function saveText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
