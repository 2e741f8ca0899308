// 风险隐患 and 挂牌督办, one story: a township of 镇坪县 registers a hazard, assesses it and puts it under
// rectification; the county leader lists it for supervision; the township reports progress and asks for 验收;
// the county passes 验收 (销号) and delists it (摘牌).
import { test, expect, login, logout, shot, apiToken, apiCreateUser, pick, pickTime, shanghaiDate } from './fixtures'
import { serverState } from './server'

test.describe.configure({ mode: 'serial' })

const TOWNSHIP = '610927101' // 镇坪县曾家镇: no other journey works in 镇坪县
const COUNTY = '610927'
const users = {
  township: { username: 'hz_zengjia', name: '曾调解', role: 'mediator', regionCode: TOWNSHIP },
  county: { username: 'hz_zhenping', name: '镇坪县领导', role: 'leader', regionCode: COUNTY },
}
const TITLE = '曾家镇老街电线私拉乱接'

test('a hazard goes from 登记 to 销号 under the county’s 挂牌督办', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  for (const u of Object.values(users)) await apiCreateUser(request, admin, u)

  const step = async (action: string, fill: (dialog: ReturnType<typeof page.locator>) => Promise<void>) => {
    await page.locator(`.page-actions [data-action="${action}"]`).click()
    const dialog = page.locator('.el-dialog[data-testid="step-dialog"]:visible')
    await expect(dialog).toBeVisible()
    await fill(dialog)
    await dialog.getByTestId('step-submit').click()
    await expect(dialog).toBeHidden()
  }

  // the township registers the hazard, assesses it and takes it to 整治
  await login(page, users.township.username)
  await page.getByRole('menuitem', { name: '风险隐患' }).click()
  await expect(page.getByText('暂无风险隐患，点击"登记隐患"新增')).toBeVisible()
  await page.getByTestId('new-hazard').click()
  const form = page.getByTestId('hazard-dialog')
  await pick(page, form.getByTestId('h-type'), '消防')
  await form.getByTestId('h-title').fill(TITLE)
  await form.getByTestId('h-description').fill('老街十余户电线老化、私拉乱接，冬季取暖用电负荷大')
  await form.getByTestId('h-level').getByText('橙').click()
  await form.getByTestId('hazard-save').click()
  await expect(page.getByTestId('hazard-status')).toHaveText('待研判')
  const hazardUrl = page.url()
  await step('assess', async (d) => {
    await d.locator('[data-field="assessment"] textarea').fill('易引发火灾，涉及住户多')
    await pick(page, d.locator('[data-field="level"] .el-select'), '红')
  })
  await expect(page.getByTestId('hazard-status')).toHaveText('已研判')
  await step('rectify', async (d) => {
    await d.locator('[data-field="responsibleUnit"] input').fill('曾家镇安办')
    await d.locator('[data-field="responsiblePerson"] input').fill('李安全')
    await pickTime(d.locator('[data-field="deadline"]'), shanghaiDate(30))
  })
  await expect(page.getByTestId('hazard-status')).toHaveText('整治中')
  await expect(page.getByTestId('hazard-rectification')).toContainText('曾家镇安办')
  await shot(page, '50-hazard-rectifying')
  await logout(page)

  // the county leader lists it for supervision from the hazard's page
  await login(page, users.county.username)
  await page.getByRole('menuitem', { name: '风险隐患' }).click()
  await expect(page.getByTestId('hazard-summary').locator('.el-table__row').first()).toContainText('曾家镇') // the busiest first
  await shot(page, '53-hazards-county')
  // the county's ledger downloads as the 台账 it hands in (a name with the county and the date)
  const [ledger] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
  expect(ledger.suggestedFilename()).toBe(`镇坪县风险隐患排查整治台账${shanghaiDate().replaceAll('-', '')}.xlsx`)
  await page.getByText(TITLE).click()
  await page.getByTestId('list-hazard').click()
  const listing = page.getByTestId('listing-dialog')
  await listing.getByTestId('l-requirements').fill('一个月内完成线路改造，每半月报送进展')
  await pickTime(listing.getByTestId('l-deadline'), shanghaiDate(40))
  await listing.getByTestId('listing-save').click()
  await expect(page.getByTestId('hazard-listings')).toContainText('县级')
  await expect(page.getByTestId('list-hazard')).toHaveCount(0)
  await logout(page)

  // the township reports progress on the board and asks for 验收
  await login(page, users.township.username)
  await page.getByRole('menuitem', { name: '挂牌督办' }).click()
  await expect(page.getByTestId('listings-table')).toContainText(`${TITLE}挂牌督办`)
  await page.getByTestId('listings-table').locator('[data-action="progress"]').click()
  const progress = page.locator('.el-dialog[data-testid="step-dialog"]:visible')
  await progress.locator('[data-field="note"] textarea').fill('已更换老街主线，入户线路改造过半')
  await progress.getByTestId('step-submit').click()
  await expect(progress).toBeHidden()
  await shot(page, '51-listing-board')
  await page.goto(hazardUrl)
  await step('request_check', async (d) => {
    await d.locator('[data-field="note"] textarea').fill('线路改造完成')
  })
  await expect(page.getByTestId('hazard-status')).toHaveText('待验收')
  await logout(page)

  // the county passes 验收 (销号) and delists it (摘牌)
  await login(page, users.county.username)
  await expect(page.getByTestId('work-todo').locator('[data-todo="hazard_to_check"]')).toContainText(TITLE)
  await page.getByTestId('work-todo').getByText(TITLE).click()
  await step('pass', async (d) => {
    await expect(d).toContainText('验收通过后隐患即销号')
    await d.locator('[data-field="note"] textarea').fill('现场验收合格')
  })
  await expect(page.getByTestId('hazard-status')).toHaveText('已销号')
  await page.getByTestId('hazard-listings').getByRole('link').click()
  const drawer = page.getByTestId('listing-drawer')
  await expect(drawer).toBeVisible()
  await drawer.locator('[data-action="delist"]').click()
  const delist = page.locator('.el-dialog[data-testid="step-dialog"]:visible')
  await delist.locator('[data-field="conclusion"] textarea').fill('隐患已验收销号，同意摘牌')
  await delist.getByTestId('step-submit').click()
  await expect(delist).toBeHidden()
  await expect(drawer).toContainText('隐患已验收销号，同意摘牌')
  await expect(drawer.locator('[data-step]')).toHaveCount(3)
  await shot(page, '52-listing-delisted')
})
