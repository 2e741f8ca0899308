import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

// Table column widths (px) that fit 1280 px with the menu open. English labels, tags and countdowns
// ("159 days overdue") are longer than Chinese ones, so some columns are wider there and the risk column
// shows only its colour dot (the label is on hover).
const ZH = {
  caseNo: 188,
  category: 96,
  township: 84,
  parties: 96,
  risk: 64,
  riskLabel: true,
  date: 100,
  dateTime: 146,
  todoWhen: 176,
  status: 92,
  due: 100,
  dueStacked: 112,
  reason: 96,
  assignedBy: 84,
  feedback: 176,
  leader: 160,
  userActions: 260,
}

const EN: typeof ZH = {
  caseNo: 188,
  category: 96,
  township: 96,
  parties: 80,
  risk: 56,
  riskLabel: false,
  date: 100,
  dateTime: 146,
  todoWhen: 210,
  status: 108,
  due: 136,
  dueStacked: 136,
  reason: 120,
  assignedBy: 96,
  feedback: 210,
  leader: 170,
  userActions: 320,
}

export type ColumnWidths = typeof ZH

export function useColumnWidths() {
  const { locale } = useI18n()
  return computed<ColumnWidths>(() => (locale.value === 'en' ? EN : ZH))
}
