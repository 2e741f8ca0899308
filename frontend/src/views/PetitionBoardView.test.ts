import { describe, expect, it, vi } from 'vitest'
import PetitionBoardView from './PetitionBoardView.vue'
import { $, mountPage, sampleSummary, sampleUser, tableCells } from '@/test/helpers'
import type { BacklogItem } from '@/api/types'

const { backlogReport } = vi.hoisted(() => ({ backlogReport: vi.fn() }))
vi.mock('@/api/reports', () => ({ backlogReport }))

const item = (over: Partial<BacklogItem>): BacklogItem => ({
  ...sampleSummary({ kind: 'petition', status: 'resolving', category: 'land_requisition', riskLevel: 'red' }),
  assignedBy: 'municipal',
  daysOverdue: 0,
  ...over,
})

describe('backlog board', () => {
  it('shows each open petition with its assigning level, lead leader and deadline', async () => {
    backlogReport.mockResolvedValue({
      region: { code: '610921', name: '汉阴县', level: 'county' },
      generatedAt: '2026-03-31T09:00:00+08:00',
      total: 2,
      items: [
        item({ id: 'A', caseNo: 'A', title: '征地补偿', leadLeader: { name: '刘建国', post: '县委副书记' }, dueAt: '2026-03-01T23:59:59+08:00', overdue: true, warning: 'overdue', supervised: true }),
        item({ id: 'B', caseNo: 'B', title: '拖欠工资' }),
      ],
    })
    await mountPage(PetitionBoardView, '/petitions/board', { user: { ...sampleUser, role: 'petition', regionCode: '610921' } })
    const table = $('[data-testid="backlog-table"]')
    const [first, second] = tableCells(table)
    expect(first!.slice(0, 7)).toEqual(['A', '督办征地补偿', '双乳镇', '市', '刘建国（县委副书记）', '红', '化解中'])
    expect(first![7]).toContain('2026-03-01')
    expect(second!.slice(3, 5)).toEqual(['市', '未指定'])
    expect(table.querySelector('.row-overdue')?.textContent).toContain('征地补偿')
    expect($('.board-summary').textContent).toContain('在办积案 2 件，其中超期 1 件')
  })
})
