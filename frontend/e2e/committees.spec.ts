// Committees and 三级联调, one story: a township mediator of 宁陕县四亩地镇 starts mediation with a mediator picked
// from the committee's roster and an invited one typed without Enter, then escalates the dispute to the county's
// committee; the township loses sight of it, the county's mediator has it and reads the registry.
import { test, expect, login, logout, shot, apiToken, apiCreateUser, PASSWORD } from './fixtures'
import { serverState } from './server'

test.describe.configure({ mode: 'serial' })

const TOWNSHIP = '610923101' // 宁陕县四亩地镇: no other journey works in 宁陕县
const COUNTY = '610923'
const users = {
  township: { username: 'cm_simudi', name: '陈调解', role: 'mediator', regionCode: TOWNSHIP },
  county: { username: 'cm_ningshan', name: '吴主任', role: 'mediator', regionCode: COUNTY },
}

test('a mediator picks from the roster, escalates to the county, and the township loses the case', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  const headers = { Authorization: `Bearer ${admin}` }
  for (const u of Object.values(users)) await apiCreateUser(request, admin, u)
  // the township's own committee (derived) gets its roster
  const saved = await request.put(`/api/v1/committees/${TOWNSHIP}`, {
    headers,
    data: {
      name: '四亩地镇人民调解委员会',
      kind: 'township',
      regionCode: TOWNSHIP,
      version: 0,
      mediators: [
        { name: '张敏', type: 'full_time', phone: '13800002222' },
        { name: '陈大华', type: 'part_time' },
      ],
    },
  })
  expect(saved.status(), await saved.text()).toBe(200)

  // a dispute registered and accepted by the township
  const mine = { Authorization: `Bearer ${await apiToken(request, users.township.username, PASSWORD)}` }
  const res = await request.post('/api/v1/cases', {
    headers: mine,
    data: {
      kind: 'dispute',
      title: '四亩地镇五户与砂场损害赔偿纠纷',
      category: 'damages',
      townshipCode: TOWNSHIP,
      parties: [
        { name: '郑某', role: 'applicant' },
        { name: '某砂场', role: 'respondent' },
      ],
      dispute: { source: 'application' },
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const created = (await res.json()) as { id: string; version: number; riskLevel: string; riskDerived?: boolean }
  expect([created.riskLevel, created.riskDerived]).toEqual(['yellow', true]) // 损害赔偿, no level given
  const accepted = await request.post(`/api/v1/cases/${created.id}/actions`, { headers: mine, data: { action: 'accept', version: created.version } })
  expect(accepted.status(), await accepted.text()).toBe(200)

  await login(page, users.township.username)
  await page.goto(`/cases/${encodeURIComponent(created.id)}`)
  await expect(page.getByTestId('case-status')).toHaveText('已受理')
  await expect(page.getByTestId('holding-committee')).toHaveText('四亩地镇人民调解委员会')
  await expect(page.getByTestId('risk-derived')).toHaveText('系统评定')

  const act = async (action: string, fill: () => Promise<void>) => {
    await page.getByTestId('case-actions').locator(`[data-action="${action}"]`).click()
    const dialog = page.locator(`.el-dialog[data-action="${action}"]`)
    await expect(dialog).toBeVisible()
    await fill()
    await dialog.getByTestId('action-submit').click()
    await expect(dialog).toBeHidden()
  }

  // 开始调解: 张敏 from the roster, 刘律师 typed and left without Enter (the 确定 click keeps it)
  await act('start', async () => {
    const picker = page.locator('.el-dialog[data-action="start"] [data-testid="mediator-picker"]')
    await expect(picker.locator('.hint')).toContainText('在册 2 名')
    await picker.locator('.el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '张敏' }).click()
    await expect(picker.locator('.el-tag', { hasText: '张敏' })).toBeVisible()
    await picker.locator('input').first().fill('刘律师')
    await shot(page, '40-mediator-picker')
  })
  await expect(page.getByTestId('case-status')).toHaveText('调解中')
  await page.getByRole('tab', { name: '调解记录' }).click()
  await expect(page.locator('.mediator-tag')).toHaveText(['张敏', '刘律师（特邀）'])

  // 提请上级调解 (三级联调): to the county's committee, the default one level up
  await act('escalate', async () => {
    const dialog = page.locator('.el-dialog[data-action="escalate"]')
    await expect(dialog.locator('[data-field="committee"]')).toContainText('宁陕县人民调解委员会')
    await dialog.locator('[data-field="reason"] textarea').fill('涉及五户，镇调委会调解未果')
  })
  await expect(page.locator('.el-message--success').last()).toHaveText('已提请上级调解')

  // the township no longer sees it: not listed, and its page is not found
  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await expect(page).toHaveURL(/\/disputes/)
  await expect(page.getByText('暂无案件，点击"登记纠纷"新增').first()).toBeVisible() // its only case is gone
  await expect(page.getByText('四亩地镇五户与砂场损害赔偿纠纷')).toHaveCount(0)
  await page.goto(`/cases/${encodeURIComponent(created.id)}`)
  await expect(page.getByTestId('case-not-found')).toContainText('案件不存在或不在您的辖区内')
  await logout(page)

  // the county's mediator has it, held by the county committee, back at 已受理 for its own mediators
  await login(page, users.county.username)
  await page.getByRole('menuitem', { name: '矛盾纠纷' }).click()
  await page.getByText('四亩地镇五户与砂场损害赔偿纠纷').click()
  await expect(page.getByTestId('case-status')).toHaveText('已受理')
  await expect(page.getByTestId('holding-committee')).toHaveText('宁陕县人民调解委员会')
  // 三级联调 ends at the county: no further 提请上级调解
  await expect(page.getByTestId('case-actions').locator('[data-action]')).toHaveText(['开始调解', '移交其他调委会', '移送其他部门'])
  await expect(page.getByTestId('committee-move')).toContainText('四亩地镇人民调解委员会 → 宁陕县人民调解委员会')
  await shot(page, '41-escalated-case')

  // and reads the registry: the township's roster under 系统管理
  await page.getByRole('menuitem', { name: '调委会与调解员' }).click()
  await expect(page.locator(`[data-committee="${TOWNSHIP}"]`)).toContainText('张敏')
  await expect(page.getByTestId('new-committee')).toBeVisible()
  await shot(page, '42-committees')
})

// 稳评台账, short: the county's leader has a 稳评 registered (through the API) and records on the page that its
// first condition is met; the entry stays under follow-up with one condition left.
test('a county leader records the follow-up of a 稳评', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  const leader = { username: 'as_ningshan', name: '王政法', role: 'leader', regionCode: COUNTY }
  await apiCreateUser(request, admin, leader)
  const mine = { Authorization: `Bearer ${await apiToken(request, leader.username, PASSWORD)}` }
  const res = await request.post('/api/v1/assessments', {
    headers: mine,
    data: {
      project: '四亩地镇集镇改造征地拆迁',
      kind: 'land_requisition',
      regionCode: TOWNSHIP,
      decidingBody: '宁陕县人民政府',
      assessingBody: '宁陕县自然资源局',
      assessedOn: '2026-01-20',
      grade: 'medium',
      conclusion: 'implement_adjusted',
      conditions: [{ text: '补偿方案公示满30日' }, { text: '设立矛盾纠纷调处小组' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)

  await login(page, leader.username)
  await page.getByRole('menuitem', { name: '稳评台账' }).click()
  await page.getByTestId('assessment-table').getByText('四亩地镇集镇改造征地拆迁').click()
  await expect(page.getByTestId('conditions').locator('li')).toHaveCount(2)
  await page.getByTestId('record-follow-up').click()
  await page.getByTestId('follow-dialog').locator('textarea').fill('补偿方案已公示30日，无异议')
  await page.getByTestId('fu-met').getByText('1. 补偿方案公示满30日').click()
  await page.getByTestId('follow-save').click()
  await expect(page.getByTestId('conditions').locator('li[data-n="1"]')).toContainText('落实')
  await expect(page.getByTestId('conditions').locator('li[data-n="2"]')).toContainText('未落实')
  await expect(page.getByTestId('follow-ups')).toContainText('补偿方案已公示30日，无异议')
})
