import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect, login, pick, shot, apiToken, apiCreateUser, PASSWORD } from './fixtures'
import { RESULTS_DIR, serverState } from './server'

// A county mediator brings in the county's own 台账 (issue 19): a WPS-saved CSV with a title row, a 填报单位
// row, its own column names, short township names, dates without a year, a 合计 and a signature row, no 来源
// column and a category word nobody mapped. The preview says what it will do; the mediator confirms the
// mapping (事由 is the title), picks the source, maps the unknown word, imports, and sees the cases and the
// report. Next month's file from the same office maps itself, and the row already imported is a duplicate.
test.describe.configure({ mode: 'serial' })

// 石泉县: a county no other journey touches, so these 2025 cases change no figure another journey reads.
const COUNTY = '610922'
const TAG = `TZ${Math.random().toString(36).slice(2, 7)}`
const mediator = { username: `med_ledger_${TAG.toLowerCase()}`, name: '钱调解', role: 'mediator', regionCode: COUNTY }
const HEADER = '序号,受理时间,当事人,纠纷类型,事由,镇（街道）,化解情况,化解时间,备注'

function ledger(name: string, rows: string[]): string {
  const file = resolve(RESULTS_DIR, `${name}-${TAG}.csv`)
  const lines = ['石泉县2025年矛盾纠纷排查化解台账', '填报单位：石泉县司法局,,,,填报日期：2026年1月5日', HEADER, ...rows, '合计,,3件', '填报人：某某,,审核人：某某']
  writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`)
  return file
}

const first = [
  `1,5月6日,张甲、李乙,民间借贷纠纷,借款纠纷 ${TAG}A,饶峰,已化解,5月20日,`,
  `2,6.8,王丙与赵丁,赡养,赡养纠纷 ${TAG}B,城关镇,化解中,,`,
  `3,2025.7.2,钱戊、孙己,火星纠纷,宅旁空地纠纷 ${TAG}C,石泉县饶峰镇,调解不成功,2025/7/20,`,
]
const next = [first[0], `2,8月3日,周庚、吴辛,火星纠纷,堆放杂物纠纷 ${TAG}D,池河镇,已化解,8月9日,`]

test.beforeAll(async ({ request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  await apiCreateUser(request, admin, mediator)
})

test('a county mediator imports the county ledger as it is kept, and next month it maps itself', async ({ page, request }) => {
  await login(page, mediator.username)
  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await page.getByTestId('import-open').click()
  const dialog = page.getByTestId('import-dialog')
  const input = dialog.getByTestId('import-file').locator('input[type="file"]')

  await input.setInputFiles(ledger('county-ledger', first))
  await dialog.getByTestId('import-check').click()
  // what it will do, and what it needs: the header found under the title, 合计 and signature rows skipped,
  // no 来源 column, an unknown category word
  await expect(dialog.getByTestId('import-sheets')).toContainText('表头在第 3 行')
  await expect(dialog.getByTestId('import-skipped')).toContainText('合计行')
  await expect(dialog.getByTestId('import-invalid')).toBeVisible()
  await expect(dialog.getByTestId('import-errors')).toContainText('请选择这些纠纷的来源')
  await expect(dialog.getByTestId('import-unknown')).toContainText('「火星纠纷」')
  await expect(dialog.getByTestId('import-run')).toBeDisabled()
  await shot(page, 'ledger-01-preview')

  // confirm the mapping: 事由 is the title
  await pick(page, dialog.getByTestId('map-事由'), '标题')
  await expect(dialog.getByTestId('import-mapping')).toContainText('已选择')
  await pick(page, dialog.getByTestId('import-default-source'), '主动调解')
  await expect(dialog.getByTestId('import-errors')).not.toContainText('请选择这些纠纷的来源')
  await pick(page, dialog.getByTestId('unknown-choice'), '其他')
  await expect(dialog.getByTestId('import-valid')).toContainText('3 行全部通过校验')
  await expect(dialog.getByTestId('import-summary')).toContainText('3 行中 3 件将导入')
  await expect(dialog.getByTestId('import-summary')).toContainText('其中 1 件将进入待回访')
  await expect(dialog.getByTestId('import-towns')).toContainText('饶峰镇')
  await expect(dialog.getByTestId('import-towns')).toContainText('城关镇')
  await shot(page, 'ledger-02-confirmed')
  await dialog.getByTestId('import-run').click()
  await expect(dialog.getByTestId('import-done')).toContainText('已导入 3 件')
  await dialog.getByTestId('import-close').click()
  await expect(dialog).toBeHidden()

  // the cases in the list, and the report of 2025 counts them on the ledger's dates
  await page.getByTestId('filter-q').fill(TAG)
  await page.getByTestId('filter-search').click()
  for (const t of ['A', 'B', 'C']) await expect(page.getByTestId('case-table')).toContainText(`${TAG}${t}`)
  const token = await apiToken(request, mediator.username, PASSWORD)
  const res = await request.get(`/api/v1/reports/resolution?region=${COUNTY}&from=2025-01-01&to=2025-12-31`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  const body = (await res.json()) as { totals: { disputes: { registered: number; resolved: number; failed: number } } }
  expect(body.totals.disputes).toMatchObject({ registered: 3, resolved: 1, failed: 1 })

  // next month: the same header maps itself; the row imported last month is a duplicate
  await page.getByTestId('import-open').click()
  await input.setInputFiles(ledger('county-ledger-next', next))
  await dialog.getByTestId('import-check').click()
  await expect(dialog.getByTestId('import-mapping-saved')).toBeVisible()
  await expect(dialog.getByTestId('import-valid')).toContainText('全部通过校验')
  await expect(dialog.getByTestId('import-duplicate')).toContainText('与已有案件')
  await expect(dialog.getByTestId('import-run')).toContainText('导入 1 件')
  await shot(page, 'ledger-03-next-month')
  await dialog.getByTestId('import-run').click()
  await expect(dialog.getByTestId('import-done')).toContainText('已导入 1 件')
})
