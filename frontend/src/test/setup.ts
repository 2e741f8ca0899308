// happy-dom lays nothing out, so Element Plus' label-width measurement warns on every form; that noise hides real warnings.
const warn = console.warn.bind(console)
console.warn = (...args: unknown[]) => {
  if (args.some((a) => String(a).includes('unexpected width'))) return
  warn(...args)
}
