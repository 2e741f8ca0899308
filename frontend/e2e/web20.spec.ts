// Issue 20, the web app as its users met it: no false 超期 (a resolved dispute shows its 回访期限), a failed
// load says so once, 修改密码 forced at the first login of a password someone else chose, 用户管理 with
// search and unlock, the leaders' county map (a click lands on the county's townships) and its 大屏, and a
// slow link that shows the splash at once, and a dialog that keeps its text when someone else changed the
// case. Each at 1440×900, the main ones also at 390×844 (screenshots 40–59 in test-results/screenshots). Its users and cases are its own (石泉县饶峰镇).
import type { APIRequestContext, Page } from '@playwright/test'
import { test, expect, login, logout, shot, apiToken, apiCreateUser, shanghaiDate, PASSWORD } from './fixtures'
import { serverState } from './server'

test.describe.configure({ mode: 'serial' })

const TOWNSHIP = '610922101' // 石泉县饶峰镇: no other journey works there
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const users = {
  mediator: { username: 'w20_raofeng', name: '饶调解', role: 'mediator', regionCode: TOWNSHIP },
  leader: { username: 'w20_city', name: '市领导', role: 'leader', regionCode: '6109' },
  locked: { username: 'w20_forgetful', name: '易忘记', role: 'mediator', regionCode: TOWNSHIP },
}
const FRESH = { username: 'w20_newcomer', name: '新同事', role: 'mediator', regionCode: TOWNSHIP }
const TITLE = '饶峰镇林地边界纠纷（已调解待回访）'
const at = (days: number, hour: number) => `${shanghaiDate(days)}T${String(hour).padStart(2, '0')}:00:00+08:00`

/** A dispute accepted 50 days ago (due 20 days ago) and resolved 45 days ago, in time: awaiting 回访. */
async function resolvedInTime(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${await apiToken(request, users.mediator.username, PASSWORD)}` }
  const res = await request.post('/api/v1/cases', {
    headers,
    data: {
      kind: 'dispute',
      title: TITLE,
      category: 'neighbor',
      townshipCode: TOWNSHIP,
      registeredAt: at(-50, 9),
      parties: [
        { name: '甲某', role: 'applicant' },
        { name: '乙某', role: 'respondent' },
      ],
      dispute: { source: 'application' },
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  let c = (await res.json()) as { id: string; version: number }
  const steps = [
    { action: 'accept', at: at(-50, 10) },
    { action: 'start', at: at(-49, 10), mediators: ['饶调解'] },
    { action: 'resolve', at: at(-45, 10), agreement: { type: 'written', terms: '重新确认界桩位置', performBy: at(20, 17) } },
  ]
  for (const s of steps) {
    const r = await request.post(`/api/v1/cases/${c.id}/actions`, { headers, data: { ...s, version: c.version } })
    expect(r.status(), await r.text()).toBe(200)
    c = (await r.json()) as { id: string; version: number }
  }
}

test('setup: the users and a dispute resolved before its due date', async ({ request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  for (const u of Object.values(users)) await apiCreateUser(request, admin, u)
  await resolvedInTime(request)
})

test('a dispute resolved in time shows its 回访期限, never 超期, in the list, on its page and on a phone', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await login(page, users.mediator.username)
  // the mediator's home: the township's month over the to-do list
  await expect(page.getByTestId('month-figures')).toContainText('本月情况')
  await expect(page.getByTestId('month-figures')).toContainText('期末在办')
  await shot(page, '39-mediator-home')
  await page.goto('/disputes')
  const row = page.getByTestId('case-table').locator('.el-table__body tr', { hasText: TITLE })
  await expect(row).toContainText(`回访期限 ${shanghaiDate(20)}`)
  await expect(row).not.toContainText('超期')
  await shot(page, '40-list-follow-up-due')
  await row.click()
  await expect(page.getByTestId('case-head')).toContainText(`回访期限 ${shanghaiDate(20)}`)
  await expect(page.locator('.countdown.text-overdue')).toHaveCount(0)
  await shot(page, '41-case-follow-up-due')

  await page.setViewportSize(PHONE)
  await page.goto('/disputes')
  const card = page.getByTestId('case-cards').locator('article, .case-card', { hasText: TITLE }).first()
  await expect(card).toContainText('回访期限')
  await expect(card).not.toContainText('超期')
  await shot(page, '42-phone-cards-follow-up-due')
})

test('a failed load says 加载失败 once, with no 暂无案件 beside it', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await login(page, users.mediator.username)
  await page.route('**/api/v1/cases?**', (route) => route.abort())
  await page.goto('/disputes')
  await expect(page.getByText(/加载失败/)).toBeVisible()
  await expect(page.getByText(/暂无案件|没有符合条件/)).toHaveCount(0)
  await shot(page, '43-list-load-failed')
  await page.unroute('**/api/v1/cases?**')
  await page.getByRole('button', { name: '重试' }).click()
  await expect(page.getByTestId('case-table')).toContainText(TITLE)
})

test('a password the admin chose is changed at the first login, before anything else', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  const res = await request.post('/api/v1/users', { headers: { Authorization: `Bearer ${admin}` }, data: { ...FRESH, password: 'Temp-pass-2026' } })
  expect(res.status(), await res.text()).toBe(201)

  await page.setViewportSize(PHONE)
  await page.goto('/login')
  await page.locator('input[name="username"]').fill(FRESH.username)
  await page.locator('input[name="password"]').fill('Temp-pass-2026')
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/password/)
  await expect(page.getByTestId('password-forced')).toBeVisible()
  await page.goto('/disputes') // nothing else until it is changed
  await expect(page).toHaveURL(/\/password\?redirect=\/disputes/)
  await shot(page, '44-phone-forced-password')
  await page.getByTestId('pw-old').fill('Temp-pass-2026')
  await page.getByTestId('pw-new').fill('Mine-pass-2026')
  await page.getByTestId('pw-confirm').fill('Mine-pass-2026')
  await page.getByTestId('pw-submit').click()
  await expect(page).toHaveURL(/\/disputes$/)
  await expect(page.getByText('密码已修改')).toBeVisible()
  await page.setViewportSize(DESKTOP)
  await logout(page)
  await login(page, FRESH.username, 'Mine-pass-2026') // lands on the home page: no change asked again
  await expect(page.getByTestId('change-password')).toBeVisible()
  await page.getByTestId('change-password').click()
  await expect(page).toHaveURL(/\/password$/)
  await expect(page.getByTestId('password-forced')).toHaveCount(0)
  await shot(page, '45-change-password')
})

test('用户管理: search, a locked account shown and unlocked', async ({ page, request }) => {
  for (let i = 0; i < 5; i++) await request.post('/api/v1/auth/login', { data: { username: users.locked.username, password: `wrong-${i}-pass` } })
  const locked = await request.post('/api/v1/auth/login', { data: { username: users.locked.username, password: PASSWORD } })
  expect(locked.status()).toBe(429)

  await page.setViewportSize(DESKTOP)
  await login(page, 'admin', serverState().adminPassword)
  await page.goto('/admin/users')
  await page.getByTestId('user-q').fill('w20_')
  await page.getByTestId('user-search').click()
  const table = page.getByTestId('users-table')
  await expect(table.locator('.el-table__body tr')).toHaveCount(4) // its three users and the newcomer
  await page.getByTestId('user-locked').click()
  await expect(table.locator('.el-table__body tr')).toHaveCount(1)
  const row = table.locator('.el-table__body tr', { hasText: users.locked.username })
  await expect(row.getByTestId('user-locked-tag')).toBeVisible()
  await shot(page, '46-admin-users-locked')
  await row.getByRole('button', { name: '解除锁定' }).click()
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await expect(page.getByText(`已解除 ${users.locked.name} 的登录锁定`)).toBeVisible()
  await expect(table.locator('.el-table__body tr', { hasText: users.locked.username })).toHaveCount(0)
  const after = await request.post('/api/v1/auth/login', { data: { username: users.locked.username, password: PASSWORD } })
  expect(after.status()).toBe(200)
  await logout(page)
})

/** Clicks the centre of a county on the map canvas (the page says where it drew each centre). */
async function clickCounty(page: Page, code: string) {
  const map = page.getByTestId('county-map')
  await expect(map).toHaveAttribute('data-centres', new RegExp(code))
  const centres = JSON.parse((await map.getAttribute('data-centres')) ?? '{}') as Record<string, [number, number]>
  const [x, y] = centres[code]!
  await map.click({ position: { x, y } })
}

test('the city leader reads the county map, hovers a county, clicks it and lands on its townships', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await login(page, users.leader.username)
  await page.getByRole('menuitem', { name: '全市态势图' }).click()
  await expect(page).toHaveURL(/\/dashboard/)
  const map = page.getByTestId('county-map')
  await expect(map.locator('canvas')).toBeVisible()
  await expect(page.getByTestId('county-ranking').locator('li')).toHaveCount(10)
  await expect(map).toHaveAttribute('data-centres', /610922/)
  const centres = JSON.parse((await map.getAttribute('data-centres')) ?? '{}') as Record<string, [number, number]>
  await map.hover({ position: { x: centres['610922']![0], y: centres['610922']![1] } })
  const tip = page.locator('.county-tip')
  await expect(tip).toContainText('石泉县')
  await expect(tip).toContainText(/调解成功率 .*调解成功 \d+ \/ 调结 \d+/)
  await shot(page, '47-county-map')

  await page.getByTestId('map-metric').getByText('积案未销号').click()
  await expect(page).toHaveURL(/metric=backlog/)
  await page.getByTestId('screen-mode').click()
  await expect(page).toHaveURL(/screen=1/)
  await expect(page.locator('.dashboard.screen')).toBeVisible()
  await shot(page, '48-county-map-wall-screen')
  await page.getByTestId('screen-exit').click()
  await expect(page).not.toHaveURL(/screen=1/)

  await clickCounty(page, '610922')
  await expect(page).toHaveURL(/\/reports\?.*region=610922/)
  await expect(page.locator('.page')).toContainText('饶峰镇')
  await shot(page, '49-county-townships')

  await page.setViewportSize(PHONE)
  await page.goto('/dashboard')
  await expect(page.getByTestId('county-map').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('county-ranking').locator('li')).toHaveCount(10)
  await shot(page, '50-phone-county-map')
  await clickCounty(page, '610981') // 旬阳市, matched by code
  await expect(page).toHaveURL(/\/reports\?.*region=610981/)
  // on a phone the report table is a card per township: 成功率, 在办, 超期
  const cards = page.getByTestId('report-cards').locator('.report-card')
  await expect(cards.first()).toContainText('调解成功率')
  await expect(cards.first()).toContainText('期末在办')
  await shot(page, '52-phone-report-cards')
})

test('on a 50 KB/s link the splash shows within 1 s, and the assets come gzipped', async ({ page, request }) => {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 })
  const started = Date.now()
  await page.goto('/login', { waitUntil: 'commit' })
  await expect(page.getByTestId('splash')).toBeVisible({ timeout: 1000 })
  const visibleAfter = Date.now() - started
  expect(visibleAfter, `splash visible after ${visibleAfter} ms`).toBeLessThan(1000)
  await shot(page, '51-slow-link-splash')
  test.info().annotations.push({ type: 'splash', description: `visible after ${visibleAfter} ms at 50 KB/s` })
  console.log(`splash visible after ${visibleAfter} ms at 50 KB/s`)
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await expect(page.locator('input[name="username"]')).toBeVisible({ timeout: 30_000 })

  const index = await request.get('/', { headers: { 'Accept-Encoding': 'gzip' } })
  expect(index.headers()['cache-control']).toBe('no-cache')
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!
  const asset = await request.get(script, { headers: { 'Accept-Encoding': 'gzip' } })
  expect(asset.headers()['content-encoding']).toBe('gzip')
  expect(asset.headers()['cache-control']).toContain('immutable')
})

test('a case changed by someone else while a dialog is open keeps what was typed and says what changed', async ({ page, request }) => {
  await page.setViewportSize(DESKTOP)
  const headers = { Authorization: `Bearer ${await apiToken(request, users.mediator.username, PASSWORD)}` }
  const list = await request.get(`/api/v1/cases?q=${encodeURIComponent(TITLE)}`, { headers })
  const { id } = ((await list.json()) as { items: { id: string }[] }).items[0]!

  await login(page, users.leader.username)
  await page.goto(`/cases/${id}`)
  await page.getByTestId('case-actions').locator('[data-action="supervise"]').click()
  const dialog = page.locator('.el-dialog[data-action="supervise"]')
  const note = '请饶峰镇一周内报告履行情况（督办意见，不应丢失）'
  await dialog.locator('[data-field="note"] textarea').fill(note)
  const date = dialog.locator('[data-field="feedbackBy"] input')
  await date.fill(shanghaiDate(7))
  await date.press('Enter')
  await dialog.locator('.el-dialog__title').click()

  // meanwhile the mediator records a 回访 on it
  const current = (await (await request.get(`/api/v1/cases/${id}`, { headers })).json()) as { version: number }
  const visit = await request.post(`/api/v1/cases/${id}/actions`, {
    headers,
    data: { action: 'visit', version: current.version, followUp: { at: at(0, 0).slice(0, 10), satisfaction: 'satisfied', performance: 'partial' } },
  })
  expect(visit.status(), await visit.text()).toBe(200)

  await dialog.getByTestId('action-submit').click()
  const conflict = dialog.getByTestId('action-conflict')
  await expect(conflict).toContainText('案件已被他人更新')
  await expect(conflict).toContainText('在您填写期间，案件有以下变化')
  await expect(dialog.locator('[data-field="note"] textarea')).toHaveValue(note)
  await shot(page, '53-version-conflict-kept')
  await dialog.getByTestId('action-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.locator('.el-message--success').last()).toHaveText('已督办')
  await logout(page)
})
