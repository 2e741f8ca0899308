// The columns every case table shares (the case lists, the backlog board, the to-do lists), so each table
// lists the columns it shows and not how a case fills them.
import { h } from 'vue'
import { ElTag } from 'element-plus'
import StatusTag from '@/components/StatusTag.vue'
import RiskBadge from '@/components/RiskBadge.vue'
import DeadlineCountdown from '@/components/DeadlineCountdown.vue'
import type { CaseSummary } from '@/api/types'
import type { ColumnWidths } from '@/composables/useColumnWidths'
import { t } from '@/i18n'
import { regions } from '@/stores/regions'
import { formatDate } from '@/utils/format'
import { categoryLabel } from '@/utils/labels'
import type { Column } from './columns'

/** What a case column reads: a list row, or a whole case (which has no supervised flag or party names). */
export type CaseRow = Omit<CaseSummary, 'supervised' | 'partyNames'> & Partial<Pick<CaseSummary, 'supervised' | 'partyNames'>>

export type CaseColumnName =
  | 'caseNo'
  | 'title'
  | 'titleTagged'
  | 'category'
  | 'township'
  | 'parties'
  | 'risk'
  | 'registeredAt'
  | 'status'
  | 'due'
  | 'dueStacked'

/**
 * The case columns of a table whose rows hold a case: `of` finds the case in a row (the row itself, or a
 * to-do item's case). Labels follow the current language, widths the table's (useColumnWidths).
 */
export function caseColumns<R>(of: (row: R) => CaseRow, w: ColumnWidths): Record<CaseColumnName, Column<R>> {
  const countdown = (c: CaseRow) => h(DeadlineCountdown, { dueAt: c.dueAt, overdue: c.overdue, warning: c.warning, followUpDueAt: c.followUpDueAt, status: c.status, kind: c.kind })
  return {
    caseNo: { key: 'caseNo', label: t('case.caseNo'), width: w.caseNo, cell: (r) => h('span', { class: 'nowrap case-no-cell' }, of(r).caseNo) },
    title: { key: 'title', label: t('case.title'), minWidth: 110, tooltip: true, cell: (r) => of(r).title },
    titleTagged: {
      key: 'title',
      label: t('case.title'),
      minWidth: 110,
      tooltip: true,
      cell: (r) => {
        const c = of(r)
        const tag = c.supervised
          ? h(ElTag, { type: 'danger', effect: 'plain', size: 'small', disableTransitions: true, class: 'sup-tag', 'data-testid': 'supervised-tag' }, () =>
              t('list.supervised'),
            )
          : null
        return [tag, h('span', c.title)]
      },
    },
    category: {
      key: 'category',
      label: t('case.category'),
      width: w.category,
      tooltip: true,
      cell: (r) => categoryLabel(of(r).kind, of(r).category),
    },
    township: {
      key: 'township',
      label: t('list.township'),
      width: w.township,
      tooltip: true,
      cell: (r) => of(r).townshipName || regions.value.name(of(r).townshipCode),
    },
    parties: { key: 'parties', label: t('case.parties'), width: w.parties, tooltip: true, cell: (r) => (of(r).partyNames ?? []).join('、') || '—' },
    risk: { key: 'risk', label: t('list.risk'), width: w.risk, cell: (r) => h(RiskBadge, { level: of(r).riskLevel, showLabel: w.riskLabel }) },
    registeredAt: { key: 'registeredAt', label: t('list.registeredAt'), width: w.date, cell: (r) => formatDate(of(r).registeredAt) },
    status: { key: 'status', label: t('case.status'), width: w.status, cell: (r) => h(StatusTag, { kind: of(r).kind, status: of(r).status }) },
    due: { key: 'due', label: t('case.dueAt'), width: w.due, cell: (r) => countdown(of(r)) },
    dueStacked: {
      key: 'due',
      label: t('case.dueAt'),
      width: w.dueStacked,
      cell: (r) => {
        const c = of(r)
        return h('div', { class: 'due-stacked' }, [h('span', { class: { 'text-overdue': c.overdue } }, formatDate(c.dueAt)), countdown(c)])
      },
    },
  }
}
