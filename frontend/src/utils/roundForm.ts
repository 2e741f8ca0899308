// The content of a 排查 round as the record and the correction (更正) forms edit it: names typed as text, hazards
// one per line. Both forms send it through contentBody; the server checks it (domain.CheckRound).
import type { Round } from '@/api/screening'

export interface RoundContentForm {
  date: string
  participants: string
  places: string[]
  zeroReport: boolean
  hazards: string
  prevented: number
  preventedNote: string
  note: string
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

/** Names typed with 、，, or one per line. */
export const splitNames = (s: string) =>
  s
    .split(/[,，、\n]/)
    .map((x) => x.trim())
    .filter(Boolean)

/** Hazards are one per line (a description may hold commas). */
export const splitLines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)

export function emptyRoundForm(participants = ''): RoundContentForm {
  return { date: shanghaiToday(), participants, places: [], zeroReport: false, hazards: '', prevented: 0, preventedNote: '', note: '' }
}

/** The form of a recorded round, for its correction. */
export function formOfRound(r: Round): RoundContentForm {
  return {
    date: r.date,
    participants: r.participants.join('、'),
    places: [...r.places],
    zeroReport: r.zeroReport,
    hazards: r.hazards.join('\n'),
    prevented: r.prevented,
    preventedNote: r.preventedNote ?? '',
    note: r.note ?? '',
  }
}

/** The content fields of a request body; a 零报告 sends no findings. */
export function contentBody(f: RoundContentForm) {
  const found = !f.zeroReport
  return {
    date: f.date,
    participants: splitNames(f.participants),
    places: f.places,
    zeroReport: f.zeroReport,
    hazards: found ? splitLines(f.hazards) : [],
    prevented: found ? f.prevented : 0,
    preventedNote: found ? f.preventedNote.trim() : '',
    note: f.note.trim(),
  }
}
