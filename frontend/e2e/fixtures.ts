// Test fixtures: the server's address as baseURL, a page that fails the test on console errors,
// and small helpers for Element Plus controls, sign-in, the API and screenshots.
import { test as base, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { SCREENSHOT_DIR, serverState } from './server'
import { PASSWORD } from './users'

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(serverState().baseURL)
  },
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      // a refused request (401/404 on purpose) is logged by the browser itself, not by the app
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`)
    })
    await use(page)
    expect(errors, 'no errors in the browser console').toEqual([])
  },
})

export { expect }

export { PASSWORD }

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/$/)
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').first().click()
  await expect(page).toHaveURL(/\/login/)
}

/** Opens an Element Plus select and picks the option with this text. */
export async function pick(page: Page, select: Locator, option: string): Promise<void> {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible, .el-tree-node__content:visible', { hasText: option }).first().click()
}

/** Adds a typed name to an Element Plus tag select (allow-create) and waits for its tag. */
export async function addTag(page: Page, select: Locator, text: string): Promise<void> {
  await select.locator('input').first().fill(text)
  // the option made from the typed name: clicking it does not depend on the select's debounced hover
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
  await expect(select.locator('.el-tag', { hasText: text })).toBeVisible()
}

/** Types a time into an Element Plus date or date-time picker (as the picker's format reads it) and closes it. */
export async function pickTime(picker: Locator, value: string): Promise<void> {
  const input = picker.locator('input').first()
  await input.fill(value)
  await input.press('Enter')
  await expect(input).toHaveValue(value)
}

/** Asia/Shanghai wall-clock time, days from now (negative: past), as YYYY-MM-DD HH:mm with the given time of day. */
export function shanghaiTime(days: number, hhmm: string): string {
  return `${shanghaiDate(days)} ${hhmm}`
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // from the top, once messages and validation hints (debounced by Element Plus) have settled
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

/** Signs in through the API and returns a bearer token. */
export async function apiToken(request: APIRequestContext, username: string, password: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password } })
  expect(res.status(), await res.text()).toBe(200)
  return ((await res.json()) as { token: string }).token
}

export async function apiCreateUser(
  request: APIRequestContext,
  adminToken: string,
  user: { username: string; name: string; role: string; regionCode: string },
): Promise<void> {
  const res = await request.post('/api/v1/users', {
    headers: { Authorization: `Bearer ${adminToken}` },
    // the journeys sign these users in with the shared password: no change asked at the first login
    data: { ...user, password: PASSWORD, mustChangePassword: false },
  })
  expect(res.status(), await res.text()).toBe(201)
}

/** The calendar day in Asia/Shanghai, days from today (negative: past), as YYYY-MM-DD. */
export function shanghaiDate(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000))
}
