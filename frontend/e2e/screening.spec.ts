// 排查: a township mediator of 白河县城关镇 records a round of one of its villages with a dispute found, then sees the
// new case in its dispute list, linked to the round (source 主动调解（排查发现）), then corrects the round (更正).
import { test, expect, login, apiToken, apiCreateUser, shot, PASSWORD } from './fixtures'
import { serverState } from './server'

const TOWNSHIP = '610929100' // 白河县城关镇: no other journey works in 白河县
const user = { username: 'sc_baihe', name: '周调解', role: 'mediator', regionCode: TOWNSHIP }

test('a township records a round with a found dispute, sees the new case linked in its list and corrects the round', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  await apiCreateUser(request, admin, user)
  const mine = { Authorization: `Bearer ${await apiToken(request, user.username, PASSWORD)}` }
  const places = await request.put(`/api/v1/screening/places/${TOWNSHIP}`, {
    headers: mine,
    data: { places: [{ name: '东坡村', kind: 'village' }, { name: '西营社区', kind: 'community' }], version: 0 },
  })
  expect(places.status(), await places.text()).toBe(200)

  await login(page, user.username)
  await page.goto('/screening')
  await page.getByTestId('new-round').click()
  await page.getByTestId('round-village').click()
  await page.getByRole('option', { name: '东坡村' }).click()
  await page.getByTestId('round-participants').fill('周调解、李书记')
  await page.getByTestId('add-dispute').click()
  await page.getByTestId('dispute-title').fill('东坡村两户排水沟纠纷')
  await page.getByTestId('dispute-applicant').fill('刘某')
  await page.getByTestId('dispute-respondent').fill('何某')
  await shot(page, 'screening-round-form')
  await page.getByTestId('save-round').click()
  const rounds = page.getByTestId('rounds')
  await expect(rounds).toContainText('发现纠纷 1 件')
  const caseLink = rounds.locator('.case-link').first()
  const caseNo = (await caseLink.textContent())?.trim() ?? ''
  expect(caseNo).toMatch(new RegExp(`^${TOWNSHIP}-`))
  await shot(page, 'screening-rounds')

  await page.goto('/disputes')
  await page.getByText('东坡村两户排水沟纠纷').click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseNo}`))
  await expect(page.getByText('主动调解（排查发现）')).toBeVisible()
  await expect(page.getByTestId('case-round')).toHaveText(new RegExp(`^${TOWNSHIP}-PC\\d{4}-0001$`))

  // the clerk left out a participant: 更正 on the round page (from the case's link), and the history says so
  await page.getByTestId('case-round').click()
  await expect(page).toHaveURL(new RegExp(`/screening/rounds/${TOWNSHIP}-PC`))
  await page.getByTestId('correct-round').click()
  await expect(page.getByTestId('round-participants')).toHaveValue('周调解、李书记')
  await page.getByTestId('round-participants').fill('周调解、李书记、王会计')
  await page.getByTestId('correct-reason').fill('漏填参加人员王会计')
  await page.getByTestId('save-correction').click()
  const history = page.getByTestId('round-history')
  await expect(history).toContainText('漏填参加人员王会计')
  await expect(history).toContainText('参加人员：周调解、李书记 → 周调解、李书记、王会计')
  await expect(page.getByTestId('round-participants-value')).toHaveText('周调解、李书记、王会计')
  await shot(page, 'screening-round-corrected')
  await page.goto('/screening')
  await expect(page.getByTestId('rounds').getByTestId('round-corrected')).toHaveText('已更正')
})
