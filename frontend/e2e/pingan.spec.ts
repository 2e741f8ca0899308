import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect, login, logout, pick, shot, apiToken, apiCreateUser, shanghaiDate, PASSWORD } from './fixtures'
import { RESULTS_DIR, serverState } from './server'

// One story, in order: the admin sets up users, a mediator of 汉阴县双乳镇 works a dispute from
// registration to close and imports a ledger, the city leader watches the township's figures move,
// exports them and orders a 督办 that the mediator answers, petition staff work the backlog board, the
// admin reads the audit log, the app switches to English and back, times stay in Asia/Shanghai from a
// browser elsewhere, and a mediator of another township cannot see the case.
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
const LEDGER_TAG = `TZ${Math.random().toString(36).slice(2, 7)}`
const LEDGER_TITLES = [`台账导入邻里纠纷 ${LEDGER_TAG}`, `台账导入合同纠纷 ${LEDGER_TAG}`]
let importedIds: string[] = []
const SUPERVISION_NOTE = '请于反馈期限前报告调解进展。'

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
  await page.getByRole('menuitem', { name: '用户管理' }).click()
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
  await page.getByRole('menuitem', { name: '统计报表' }).click()
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
  await expect(page.locator('.el-message--success').last()).toHaveText('已受理')
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
  // the message says what was done, not the action's name with 成功 glued on (调解成功成功)
  await expect(page.locator('.el-message--success').last()).toHaveText('已记录调解成功')

  await act(
    'close',
    async () => {
      await page.locator('.el-dialog[data-action="close"] [data-field="followUp.satisfaction"]').getByText('满意', { exact: true }).click()
      await shot(page, '10-action-dialog')
    },
    '回访结案',
  )
  await expect(page.getByTestId('case-status')).toHaveText('已结案')
  await expect(page.locator('.el-message--success').last()).toHaveText('已结案回访')
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
  // every column fits at 1280×800 with the menu open: no horizontal scroll, the last header on screen
  const wrap = page.getByTestId('case-table').locator('.el-table__body-wrapper .el-scrollbar__wrap')
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1)
  const lastHeader = page.getByTestId('case-table').locator('thead th').filter({ hasText: '办理期限' }).first()
  expect((await lastHeader.boundingBox())!.x + (await lastHeader.boundingBox())!.width).toBeLessThanOrEqual(1280)
  await shot(page, '03-dispute-list')

  await logout(page)
})

test('a mediator imports a ledger: template, checks, row errors, import', async ({ page, request }) => {
  await login(page, users.mediator.username)
  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await page.getByTestId('import-open').click()
  const dialog = page.getByTestId('import-dialog')
  await expect(dialog).toContainText('导入矛盾纠纷台账')

  // the template comes with the token, as a file
  const download = page.waitForEvent('download')
  await dialog.getByTestId('import-template').click()
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/)

  // a ledger made here: two good rows, and a copy with a bad date and an unknown category
  const header = '乡镇代码,标题,类别,来源,登记日期,当事人1姓名,当事人2姓名'
  const good = [
    header,
    `${TOWNSHIP},${LEDGER_TITLES[0]},邻里,当事人申请,${shanghaiDate(-6)},孙一,钱二`,
    `${TOWNSHIP},${LEDGER_TITLES[1]},合同,主动排查,${shanghaiDate(-4)},周三,吴四`,
  ].join('\n')
  const bad = good.replace(shanghaiDate(-6), '2026-13-45').replace(',合同,', ',不存在的类别,')
  const goodFile = resolve(RESULTS_DIR, `ledger-${LEDGER_TAG}.csv`)
  const badFile = resolve(RESULTS_DIR, `ledger-${LEDGER_TAG}-bad.csv`)
  writeFileSync(goodFile, `\ufeff${good}\n`)
  writeFileSync(badFile, `\ufeff${bad}\n`)
  const input = dialog.getByTestId('import-file').locator('input[type="file"]')

  await input.setInputFiles(badFile)
  await expect(dialog.getByTestId('import-file-name')).toContainText('-bad.csv')
  await dialog.getByTestId('import-check').click()
  await expect(dialog.getByTestId('import-invalid')).toContainText('发现 2 处错误')
  const errors = dialog.getByTestId('import-errors')
  await expect(errors.locator('.el-table__body tr').filter({ hasText: '第 2 行' })).toContainText('登记日期')
  await expect(errors.locator('.el-table__body tr').filter({ hasText: '第 3 行' })).toContainText('类别')
  await expect(dialog.getByTestId('import-run')).toBeDisabled()
  await shot(page, '12-import-errors')

  await input.setInputFiles(goodFile)
  await dialog.getByTestId('import-check').click()
  await expect(dialog.getByTestId('import-valid')).toContainText('2 行全部通过校验')
  await dialog.getByTestId('import-run').click()
  await expect(dialog.getByTestId('import-done')).toContainText('已导入 2 件')
  await dialog.getByTestId('import-close').click()
  await expect(dialog).toBeHidden()
  for (const title of LEDGER_TITLES) await expect(page.getByTestId('case-table')).toContainText(title)

  const token = await apiToken(request, users.mediator.username, PASSWORD)
  const res = await request.get(`/api/v1/cases?kind=dispute&q=${encodeURIComponent(LEDGER_TAG)}`, { headers: { Authorization: `Bearer ${token}` } })
  const found = ((await res.json()) as { items: { id: string; title: string }[] }).items
  expect(found).toHaveLength(2)
  importedIds = LEDGER_TITLES.map((title) => found.find((c) => c.title === title)!.id) // in file order
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
  // all filters open: none runs past the right edge of the screen
  await page.getByRole('button', { name: '更多条件' }).click()
  await expect(page.getByTestId('filter-status')).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  for (const input of await page.locator('.filter-row .el-input__wrapper, .filter-row .el-select__wrapper, .filter-row .el-date-editor').all()) {
    const box = (await input.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(390)
  }
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

test('the leader orders a 督办 and sees it on the home page', async ({ page }) => {
  const target = importedIds[0]!
  const feedbackBy = shanghaiDate(20)
  await login(page, users.leader.username)
  await page.goto(`/cases/${target}`)
  await expect(page.getByTestId('case-title')).toHaveText(LEDGER_TITLES[0]!)
  await expect(page.getByTestId('supervision-banner')).toHaveCount(0)
  await page.getByTestId('case-actions').locator('[data-action="supervise"]').click()
  const dialog = page.locator('.el-dialog[data-action="supervise"]')
  await dialog.locator('[data-field="note"] textarea').fill(SUPERVISION_NOTE)
  const date = dialog.locator('[data-field="feedbackBy"] input')
  await date.fill(feedbackBy)
  await date.press('Enter')
  await dialog.locator('.el-dialog__title').click()
  await dialog.getByTestId('action-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.locator('.el-message--success').last()).toHaveText('已督办')
  const banner = page.getByTestId('supervision-banner')
  await expect(banner).toContainText(SUPERVISION_NOTE)
  await expect(banner).toContainText('陈领导')
  await expect(banner.getByTestId('supervision-deadline')).toContainText(feedbackBy)
  await expect(banner.getByTestId('supervision-deadline')).toContainText('剩余 20 天') // calendar days to the picked day

  await page.getByRole('menuitem', { name: '工作台（待办）' }).click()
  const mine = page.getByTestId('my-supervisions-table')
  await expect(mine).toContainText(target)
  await expect(mine).toContainText(feedbackBy)
  await shot(page, '13-leader-home-supervisions')
})

test('the mediator sees the 督办 and answers it', async ({ page, request }) => {
  const target = importedIds[0]!
  await login(page, users.mediator.username)
  // the to-do list is paged: the header badge and 共 N 条 both show the whole list's total
  const token = await apiToken(request, users.mediator.username, PASSWORD)
  const todo = (await (await request.get('/api/v1/todo?pageSize=1', { headers: { Authorization: `Bearer ${token}` } })).json()) as { total: number }
  expect(todo.total).toBeGreaterThan(0)
  await expect(page.getByTestId('todo-pagination')).toContainText(`共 ${todo.total} 条`)
  await expect(page.getByTestId('todo-badge')).toContainText(String(todo.total))
  await expect(page.getByTestId('todo-table').locator('tr', { hasText: target })).toContainText('督办')
  await shot(page, '18-home-todo-paged')

  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  const row = page.getByTestId('case-table').locator('.el-table__body tr', { hasText: LEDGER_TITLES[0]! })
  await expect(row.getByTestId('supervised-tag')).toHaveText('督办')
  await expect(page.getByTestId('case-table').locator('.el-table__body tr', { hasText: LEDGER_TITLES[1]! }).getByTestId('supervised-tag')).toHaveCount(0)
  await row.click()

  await expect(page.getByTestId('supervision-banner')).toContainText(SUPERVISION_NOTE)
  await shot(page, '14-case-supervised')
  await page.getByTestId('case-actions').locator('[data-action="feedback"]').click()
  const dialog = page.locator('.el-dialog[data-action="feedback"]')
  await dialog.locator('[data-field="note"] textarea').fill('已约双方于本周五到村委会现场调解。')
  await dialog.getByTestId('action-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.locator('.el-message--success').last()).toHaveText('已反馈督办情况')
  await expect(page.getByTestId('supervision-banner')).toHaveCount(0)
  await page.getByRole('tab', { name: /督办/ }).click()
  await expect(page.locator('#pane-supervision')).toContainText('已约双方于本周五到村委会现场调解。')
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

test('the admin finds the import in the audit log', async ({ page }) => {
  await login(page, 'admin', serverState().adminPassword)
  await page.getByRole('menuitem', { name: '审计日志' }).click()
  await expect(page).toHaveURL(/\/admin\/audit/)
  await expect(page.getByTestId('audit-table')).toContainText('登录')
  await pick(page, page.getByTestId('audit-action'), '导入')
  const rows = page.getByTestId('audit-table').locator('.el-table__body tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(users.mediator.name)
  await expect(rows.first()).toContainText('矛盾纠纷')
  await expect(rows.first()).toContainText('导入2件')
  await shot(page, '15-audit-log')
})

test('the whole app switches to English and back', async ({ page }) => {
  await login(page, users.leader.username)
  await page.locator('.topbar').getByRole('button', { name: '中文' }).click()
  await page.getByRole('menuitem', { name: 'English' }).click()
  await expect(page.getByRole('menuitem', { name: 'Disputes' })).toBeVisible()
  await expect(page.getByTestId('todo')).toContainText('My to-do list')
  await expect(page.getByTestId('my-supervisions')).toContainText('supervision')
  await expect(page.getByTestId('current-user')).toContainText('Leader')
  await shot(page, '16-english-home')

  await page.getByRole('menuitem', { name: 'Disputes' }).click()
  await expect(page.getByTestId('case-table')).toContainText('Case no.')
  await expect(page.getByTestId('filter-search')).toHaveText('Search')
  await page.getByTestId('case-table').locator('.el-table__body tr', { hasText: LEDGER_TITLES[0]! }).click()
  await expect(page.getByRole('tab', { name: 'Basic information' })).toBeVisible()
  await expect(page.getByTestId('case-status')).toHaveText('Mediating')
  await shot(page, '17-english-case')

  await page.getByRole('menuitem', { name: 'Report tables' }).click()
  await expect(page.locator('[data-figure="successRate"]')).toContainText('Success rate')
  await expect(page.getByTestId('report-table')).toContainText('Rank')

  // the choice sticks across a reload, and switches back
  await page.reload()
  await expect(page.getByRole('menuitem', { name: 'Statistics' })).toBeVisible()
  await page.locator('.topbar').getByRole('button', { name: 'English' }).click()
  await page.getByRole('menuitem', { name: '中文' }).click()
  await expect(page.getByRole('menuitem', { name: '统计分析' })).toBeVisible()
})

test('times read in Asia/Shanghai from a browser set to another zone', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: serverState().baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
  })
  const page = await context.newPage()
  await login(page, users.mediator.username)
  // imported as registered on that day, i.e. 00:00 in Shanghai (the day before, 11:00 or 12:00, in New York)
  await page.goto(`/cases/${importedIds[1]}`)
  await expect(page.getByTestId('case-head')).toContainText(`登记时间 ${shanghaiDate(-4)} 00:00`)
  await context.close()
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
