import { test, expect, login, logout, pick, shot, apiToken, apiCreateUser, PASSWORD } from './fixtures'
import { serverState } from './server'

// One story, in order: the admin sets up users, a mediator of 汉阴县双乳镇 works a dispute from
// registration to close, the city leader watches the township's figures move and exports them,
// and a mediator of another township cannot see the case.
test.describe.configure({ mode: 'serial' })

const TOWNSHIP = '610921104' // 汉阴县双乳镇
const OTHER_TOWNSHIP = '610921100' // 汉阴县城关镇
const COUNTY = '610921'
const TITLE = `张某与李某宅基地边界纠纷 ${Date.now().toString(36)}`

const users = {
  mediator: { username: 'med_shuangru', name: '王调解', role: 'mediator', regionCode: TOWNSHIP },
  other: { username: 'med_chengguan', name: '赵调解', role: 'mediator', regionCode: OTHER_TOWNSHIP },
  leader: { username: 'leader_city', name: '陈领导', role: 'leader', regionCode: '6109' },
  petition: { username: 'pet_hanyin', name: '周信访', role: 'petition', regionCode: COUNTY },
}

let caseId = ''
let resolvedBefore = -1

/** The township's row in the resolution report, read through the API as the leader. */
async function townshipResolved(request: import('@playwright/test').APIRequestContext): Promise<number> {
  const token = await apiToken(request, users.leader.username, PASSWORD)
  const res = await request.get(`/api/v1/reports/resolution?region=${COUNTY}`, { headers: { Authorization: `Bearer ${token}` } })
  const body = (await res.json()) as { rows: { code: string; disputes: { resolved: number } }[] }
  return body.rows.find((r) => r.code === TOWNSHIP)!.disputes.resolved
}

test('the admin signs in and creates users', async ({ page, request }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByText('矛盾纠纷多元化解平台')).toBeVisible()
  await shot(page, '01-login')

  await login(page, 'admin', serverState().adminPassword)
  await page.getByRole('menuitem', { name: '系统管理' }).click()
  await expect(page).toHaveURL(/\/admin\/users/)

  // the mediator of 双乳镇 through the dialog
  await page.getByTestId('new-user').click()
  const dialog = page.locator('.el-dialog').filter({ hasText: '新增用户' })
  await dialog.getByTestId('u-username').fill(users.mediator.username)
  await dialog.getByTestId('u-name').fill(users.mediator.name)
  await pick(page, dialog.getByTestId('u-role'), '调解员')
  await dialog.getByTestId('u-region').click()
  await page.keyboard.type('双乳镇')
  await page.locator('.el-tree-node__content:visible', { hasText: '双乳镇' }).first().click()
  await dialog.getByTestId('u-password').fill('short')
  await dialog.getByTestId('user-save').click()
  await expect(dialog.getByText('密码至少 8 位')).toBeVisible()
  await dialog.getByTestId('u-password').fill(PASSWORD)
  await dialog.getByTestId('user-save').click()
  await expect(dialog).toBeHidden()
  const row = page.getByTestId('users-table').locator('tr', { hasText: users.mediator.username })
  await expect(row).toContainText('汉阴县双乳镇')
  await expect(row).toContainText('调解员')

  // the other two through the API
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  await apiCreateUser(request, admin, users.other)
  await apiCreateUser(request, admin, users.leader)
  await apiCreateUser(request, admin, users.petition)
  await page.reload()
  await expect(page.getByTestId('users-table')).toContainText(users.leader.name)
  await shot(page, '07-admin-users')

  resolvedBefore = await townshipResolved(request)
})

test('the leader sees the dashboard before the case', async ({ page }) => {
  await login(page, users.leader.username)
  await page.getByRole('menuitem', { name: '统计分析' }).click()
  await expect(page.getByTestId('report-table')).toContainText('汉阴县')
  await page.getByTestId('report-table').locator(`[data-region="${COUNTY}"]`).click()
  await expect(page).toHaveURL(new RegExp(`region=${COUNTY}`))
  const row = page.getByTestId('report-table').locator('.el-table__body tr', { hasText: '双乳镇' })
  await expect(row.locator('[data-col="resolved"]')).toHaveText(String(resolvedBefore))
})

test('a mediator registers a dispute and works it to the end', async ({ page }) => {
  await login(page, users.mediator.username)
  await expect(page.getByTestId('current-user')).toContainText('调解员 · 汉阴县双乳镇')
  await expect(page.getByTestId('todo')).toBeVisible()
  await shot(page, '02-home-todo')

  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await expect(page).toHaveURL(/\/disputes/)
  await page.getByTestId('new-case').click()
  await expect(page).toHaveURL(/\/disputes\/new/)

  // required fields are checked before anything is sent
  await page.getByTestId('submit-case').click()
  await expect(page.getByText('请填写标题')).toBeVisible()

  await page.getByTestId('f-title').fill(TITLE)
  await pick(page, page.getByTestId('f-category'), '房屋宅基地')
  await page.getByTestId('f-risk').getByText('橙').click()
  await page.getByTestId('f-village').fill('双乳村三组')
  await pick(page, page.getByTestId('f-source'), '当事人申请')
  await page.getByTestId('f-summary').fill('双方因宅基地边界界桩位置发生争执，申请调解。')
  await page.getByTestId('f-party-0-name').fill('张三')
  await page.getByTestId('f-party-0-id').fill('610921199001011234')
  await page.getByTestId('f-party-0-phone').fill('13812345678')
  await page.getByTestId('f-party-1-name').fill('李四')
  await shot(page, '04-register-form')
  await page.getByTestId('submit-case').click()

  await expect(page).toHaveURL(/\/cases\//)
  caseId = decodeURIComponent(page.url().split('/cases/')[1]!)
  expect(caseId).toMatch(new RegExp(`^${TOWNSHIP}-\\d{4}-\\d{6}$`))
  await expect(page.getByTestId('case-no')).toHaveText(caseId)
  await expect(page.getByTestId('case-status')).toHaveText('已登记')

  const act = async (action: string, fill?: () => Promise<void>, confirm?: string) => {
    await page.getByTestId('case-actions').locator(`[data-action="${action}"]`).click()
    const dialog = page.locator(`.el-dialog[data-action="${action}"]`)
    await expect(dialog).toBeVisible()
    await fill?.()
    await dialog.getByTestId('action-submit').click()
    if (confirm) await page.locator('.el-message-box').getByRole('button', { name: confirm }).click()
    await expect(dialog).toBeHidden()
  }

  await act('accept', async () => {
    await page.locator('.el-dialog[data-action="accept"] textarea').fill('材料齐全，予以受理')
  })
  await expect(page.getByTestId('case-status')).toHaveText('已受理')
  await expect(page.getByTestId('case-head')).toContainText('剩余 30 天')

  await act('start', async () => {
    const input = page.locator('.el-dialog[data-action="start"] [data-field="mediators"] input')
    await input.fill('王调解')
    await input.press('Enter')
    await input.fill('刘调解')
    await input.press('Enter')
    await page.locator('.el-dialog[data-action="start"] .el-dialog__title').click()
  })
  await expect(page.getByTestId('case-status')).toHaveText('调解中')
  await expect(page.getByTestId('case-actions').locator('[data-action="resolve"]')).toBeVisible()
  await shot(page, '05-case-page')

  await act('resolve', async () => {
    await page.locator('.el-dialog[data-action="resolve"] [data-field="agreement.terms"] textarea').fill('以原界桩为准，李四赔偿张三损失 2,000 元。')
  })
  await expect(page.getByTestId('case-status')).toHaveText('调解成功')

  await act(
    'close',
    async () => {
      await page.locator('.el-dialog[data-action="close"] [data-field="followUp.satisfaction"]').getByText('满意', { exact: true }).click()
      await shot(page, '10-action-dialog')
    },
    '回访结案',
  )
  await expect(page.getByTestId('case-status')).toHaveText('已结案')
  await expect(page.getByTestId('case-actions')).toContainText('当前无可办理的操作')

  await page.getByRole('tab', { name: '办理过程' }).click()
  await expect(page.getByTestId('timeline').locator('.el-timeline-item')).toHaveCount(5)
  await page.getByRole('tab', { name: '当事人' }).click()
  await expect(page.getByTestId('parties-table')).toContainText('610921199001011234')
  await page.getByRole('tab', { name: '协议/结果' }).click()
  await expect(page.locator('#pane-result')).toContainText('李四赔偿张三损失')
  await page.getByRole('tab', { name: '基本信息' }).click()

  // the list finds it by keyword and keeps the filter in the URL
  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await page.getByTestId('filter-q').fill('宅基地边界')
  await page.getByTestId('filter-search').click()
  await expect(page).toHaveURL(/q=/)
  await expect(page.getByTestId('case-table')).toContainText(caseId)
  await expect(page.getByTestId('case-table')).toContainText('已结案')
  await page.reload()
  await expect(page.getByTestId('filter-q')).toHaveValue('宅基地边界')
  await expect(page.getByTestId('case-table')).toContainText(caseId)
  await expect(page.getByText('共 1 条')).toBeVisible()
  await shot(page, '03-dispute-list')

  await logout(page)
})

test('the list works at phone size', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: serverState().baseURL,
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    hasTouch: true,
    isMobile: true,
  })
  const page = await context.newPage()
  await login(page, users.mediator.username)
  await page.goto('/disputes')
  await expect(page.getByTestId('case-cards')).toContainText(TITLE)
  const search = page.getByTestId('filter-search')
  expect((await search.boundingBox())!.height).toBeGreaterThanOrEqual(40)
  await shot(page, '08-dispute-list-phone')
  await page.getByRole('button', { name: '打开菜单' }).click()
  await expect(page.getByRole('menuitem', { name: '统计分析' })).toBeVisible()
  await shot(page, '09-menu-drawer-phone')
  await context.close()
})

test('the leader sees the township figures change and exports them', async ({ page, request }) => {
  expect(await townshipResolved(request)).toBe(resolvedBefore + 1)

  await login(page, users.leader.username)
  await page.goto('/reports')
  await expect(page.locator('[data-figure="disputesTotal"]')).not.toContainText('—')
  await page.getByTestId('report-table').locator(`[data-region="${COUNTY}"]`).click()
  const row = page.getByTestId('report-table').locator('.el-table__body tr', { hasText: '双乳镇' })
  await expect(row.locator('[data-col="resolved"]')).toHaveText(String(resolvedBefore + 1))
  await expect(row).toContainText('100.0%')
  await expect(page.getByTestId('region-crumbs')).toContainText('安康市')
  await expect(page.getByTestId('region-crumbs')).toContainText('汉阴县')
  await shot(page, '06-dashboard')

  const download = page.waitForEvent('download')
  await page.getByTestId('report-export-xlsx').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/)
  const path = await file.path()
  expect(path).toBeTruthy()

  // back up to the city through the breadcrumb
  await page.getByTestId('region-crumbs').getByText('安康市').click()
  await expect(page.getByTestId('report-table')).toContainText('汉滨区')
})

test('petition staff work a backlog case from the board', async ({ page, request }) => {
  const token = await apiToken(request, users.petition.username, PASSWORD)
  const res = await request.post('/api/v1/cases', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      kind: 'petition',
      title: '征地补偿款分配信访积案',
      summary: '村民反映征地补偿款分配不公，多次到市信访。',
      category: 'land_requisition',
      townshipCode: TOWNSHIP,
      riskLevel: 'red',
      parties: [{ name: '赵六', role: 'petitioner' }],
      petition: { assignedBy: 'municipal', batch: '2026 年第一批' },
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const petitionId = ((await res.json()) as { id: string }).id

  await login(page, users.petition.username)
  await page.getByRole('menuitem', { name: '积案看板' }).click()
  const row = page.getByTestId('backlog-table').locator('tr', { hasText: petitionId })
  await expect(row).toContainText('市')
  await row.click()
  await expect(page).toHaveURL(new RegExp(`/cases/${petitionId}`))
  await expect(page.getByTestId('case-status')).toHaveText('已接收')

  await page.getByTestId('case-actions').locator('[data-action="accept"]').click()
  await page.locator('.el-dialog[data-action="accept"]').getByTestId('action-submit').click()
  await expect(page.getByTestId('case-status')).toHaveText('已受理')
  await expect(page.getByTestId('case-head')).toContainText('剩余 60 天')

  await page.getByTestId('case-actions').locator('[data-action="assign"]').click()
  const dialog = page.locator('.el-dialog[data-action="assign"]')
  await dialog.locator('[data-field="leadLeader.name"] input').fill('张书记')
  await dialog.locator('[data-field="leadLeader.post"] input').fill('双乳镇党委书记')
  await dialog.locator('[data-field="plan"] textarea').fill('一案一策：核实补偿款分配台账，逐户公示。')
  await dialog.getByTestId('action-submit').click()
  await expect(page.getByTestId('case-status')).toHaveText('化解中')

  await page.getByRole('menuitem', { name: '积案看板' }).click()
  await expect(page.getByTestId('backlog-table').locator('tr', { hasText: petitionId })).toContainText('张书记（双乳镇党委书记）')
  await shot(page, '11-backlog-board')
})

test('a mediator of another township cannot see the case', async ({ page }) => {
  expect(caseId).not.toBe('')
  await login(page, users.other.username)
  await page.goto('/disputes')
  await expect(page.getByTestId('case-table')).not.toContainText(caseId)
  await expect(page.getByTestId('case-table')).toContainText('暂无案件')
  await page.goto(`/cases/${caseId}`)
  await expect(page.getByTestId('case-not-found')).toContainText('案件不存在或不在您的辖区内')
})

test('an expired session goes back to the login page', async ({ page }) => {
  await login(page, users.mediator.username)
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('pingan.session')!)
    s.token = 'expired.token.value'
    localStorage.setItem('pingan.session', JSON.stringify(s))
  })
  await page.goto('/disputes')
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByTestId('login-notice')).toContainText('登录已过期，请重新登录')
})
