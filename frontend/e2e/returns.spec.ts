// Monthly returns (统计月报报送), one story: 蒲溪镇 submits last month's return, the county's leader sees it on
// the board, a dispute of last month is recorded late, and the township sees the difference and submits a
// correction, which the board then counts.
import { test, expect, login, logout, shot, apiToken, apiCreateUser, shanghaiDate, PASSWORD } from './fixtures'
import { serverState } from './server'

test.describe.configure({ mode: 'serial' })

const TOWNSHIP = '610921102' // 汉阴县蒲溪镇: no other journey works there
const COUNTY = '610921'
const users = {
  mediator: { username: 'ret_puxi', name: '刘报表', role: 'mediator', regionCode: TOWNSHIP },
  leader: { username: 'ret_hanyin', name: '何县长', role: 'leader', regionCode: COUNTY },
}

/** Last month in Asia/Shanghai, as YYYY-MM. */
function lastMonth(): string {
  const [y, m] = shanghaiDate(0).split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
const MONTH = lastMonth()
const at = (day: number, hour: number) => `${MONTH}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`

/** Registers a dispute of 蒲溪镇 dated into last month through the API, accepted when asked. */
async function lastMonthDispute(request: import('@playwright/test').APIRequestContext, title: string, day: number, accept: boolean) {
  const token = await apiToken(request, users.mediator.username, PASSWORD)
  const headers = { Authorization: `Bearer ${token}` }
  const res = await request.post('/api/v1/cases', {
    headers,
    data: {
      kind: 'dispute',
      title,
      category: 'neighbor',
      townshipCode: TOWNSHIP,
      registeredAt: at(day, 9),
      parties: [
        { name: '甲某', role: 'applicant' },
        { name: '乙某', role: 'respondent' },
      ],
      dispute: { source: 'proactive' },
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  if (!accept) return
  const c = (await res.json()) as { id: string; version: number }
  const acted = await request.post(`/api/v1/cases/${c.id}/actions`, { headers, data: { action: 'accept', version: c.version, at: at(day, 10) } })
  expect(acted.status(), await acted.text()).toBe(200)
}

test('a township submits last month’s return, the county sees it, a late record is corrected', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  for (const u of Object.values(users)) await apiCreateUser(request, admin, u)
  await lastMonthDispute(request, '蒲溪镇邻里排水纠纷', 10, true)

  // the township: last month's figures, as the return will record them
  await login(page, users.mediator.username)
  await page.getByRole('menuitem', { name: '报表报送' }).click()
  await expect(page).toHaveURL(/\/returns$/)
  await expect(page.getByTestId('return-status')).toHaveText('未报送')
  await expect(page.getByTestId('return-preview').locator('[data-figure="disputes.registered"]')).toHaveText('1')
  await expect(page.getByTestId('return-preview').locator('[data-figure="disputes.accepted"]')).toHaveText('1')
  await page.locator('[data-field="note"] textarea').fill('按事项发生日期统计，已核对台账。')
  await shot(page, '20-return-preview')
  await page.getByTestId('return-submit').click()
  await page.locator('.el-message-box').getByRole('button', { name: '报送', exact: true }).click()
  await expect(page.getByTestId('return-status')).toHaveText(/^(已报送|逾期报送)$/)
  await expect(page.getByTestId('return-versions')).toContainText('原报')
  await expect(page.getByTestId('return-versions')).toContainText(users.mediator.name)
  await shot(page, '21-return-submitted')
  await logout(page)

  // the county: who has submitted, and the return assembled from them
  await login(page, users.leader.username)
  await page.getByRole('menuitem', { name: '报送情况' }).click()
  const row = page.getByTestId('returns-table').locator('.el-table__body tr', { hasText: '蒲溪镇' })
  await expect(row).toContainText(/已报送|逾期报送/)
  await expect(page.getByTestId('returns-table').locator('.el-table__body tr', { hasText: '城关镇' })).toContainText('未报送')
  await expect(page.getByTestId('returns-assembled').locator('[data-figure="disputes.accepted"]')).toHaveText('1')
  await shot(page, '22-return-board')
  await logout(page)

  // a dispute of last month recorded late changes last month's figures; the return stays as submitted
  await lastMonthDispute(request, '补录：蒲溪镇相邻通行纠纷', 20, false)
  await login(page, users.mediator.username)
  await page.getByRole('menuitem', { name: '报表报送' }).click()
  await expect(page.getByTestId('return-changed')).toContainText('现在统计的数字与已报送的不同')
  const change = page.getByTestId('return-changes').locator('.el-table__body tr', { hasText: '本期新收' })
  await expect(change).toContainText('1')
  await expect(change).toContainText('2')
  await expect(change).toContainText('+1')
  await expect(page.getByTestId('return-recorded').locator('[data-figure="disputes.registered"]')).toHaveText('1')
  await shot(page, '23-return-changed')

  await page.getByTestId('return-correct').click()
  const dialog = page.getByTestId('correction-dialog')
  await dialog.locator('[data-field="reason"] textarea').fill(`补录${MONTH}-20排查发现的相邻通行纠纷`)
  await dialog.getByTestId('correction-submit').click()
  await expect(page.getByTestId('return-versions')).toContainText('第 1 次更正')
  await expect(page.getByTestId('return-versions')).toContainText('排查发现的相邻通行纠纷')
  await expect(page.getByTestId('return-changed')).toHaveCount(0)
  await expect(page.getByTestId('return-recorded').locator('[data-figure="disputes.registered"]')).toHaveText('2')
  await shot(page, '24-return-corrected')
  await logout(page)

  // the county now counts the correction
  await login(page, users.leader.username)
  await page.getByRole('menuitem', { name: '报送情况' }).click()
  await expect(page.getByTestId('returns-assembled').locator('[data-figure="disputes.registered"]')).toHaveText('2')
  await expect(page.getByTestId('returns-table').locator('.el-table__body tr', { hasText: '蒲溪镇' })).not.toContainText('有变动')
})
