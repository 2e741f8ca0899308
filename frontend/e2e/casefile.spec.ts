// The case file (人民调解卷宗), one story: a mediator of 平梁镇 records the agreement of a dispute, downloads the
// 协议书 (Word) from the case page, attaches the signed scan by dropping it on the 附件 tab, and downloads the
// whole 卷宗, which holds the documents and the scan in catalogue order.
import { readFileSync } from 'node:fs'
import { test, expect, login, apiToken, apiCreateUser, shot, PASSWORD } from './fixtures'
import { serverState } from './server'

const TOWNSHIP = '610921103' // 汉阴县平梁镇: no other journey works there
const mediator = { username: 'cf_pingliang', name: '吴调解', role: 'mediator', regionCode: TOWNSHIP }

// a 1×1 JPEG: what a phone's scan of the signed agreement starts like
const SCAN = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

test('a mediator records an agreement, downloads the 协议书, attaches the signed scan and downloads the 卷宗', async ({ page, request }) => {
  const admin = await apiToken(request, 'admin', serverState().adminPassword)
  await apiCreateUser(request, admin, mediator)
  // a dispute in mediation, through the API (its registration is another journey's)
  const headers = { Authorization: `Bearer ${await apiToken(request, mediator.username, PASSWORD)}` }
  const res = await request.post('/api/v1/cases', {
    headers,
    data: {
      kind: 'dispute',
      title: '吴家与郑家水渠纠纷',
      summary: '两家共用的灌溉水渠被堵，引发争执。',
      category: 'neighbor',
      townshipCode: TOWNSHIP,
      parties: [
        { name: '吴甲', role: 'applicant', idNumber: '610921198501011234' },
        { name: '郑乙', role: 'respondent' },
      ],
      dispute: { source: 'application' },
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  let c = (await res.json()) as { id: string; version: number }
  for (const body of [{ action: 'accept' }, { action: 'start', mediators: ['吴调解'] }]) {
    const r = await request.post(`/api/v1/cases/${c.id}/actions`, { headers, data: { ...body, version: c.version } })
    expect(r.status(), await r.text()).toBe(200)
    c = await r.json()
  }

  await login(page, mediator.username)
  await page.goto(`/cases/${encodeURIComponent(c.id)}`)
  await expect(page.getByTestId('case-status')).toHaveText('调解中')

  // record the agreement
  await page.getByTestId('case-actions').locator('[data-action="resolve"]').click()
  const dialog = page.locator('.el-dialog[data-action="resolve"]')
  await dialog.locator('[data-field="agreement.createsObligations"]').getByText('是', { exact: true }).click()
  await dialog.locator('[data-field="agreement.terms"] textarea').fill('郑乙于三日内清理水渠，双方轮流放水。')
  await dialog.getByTestId('action-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('case-status')).toHaveText('调解成功')

  // the 协议书, as Word
  await page.getByRole('tab', { name: '文书' }).click()
  const agreement = page.locator('[data-document="agreement"]')
  await expect(agreement).toHaveText('打印/下载')
  const [doc] = await Promise.all([page.waitForEvent('download'), agreement.click()])
  expect(doc.suggestedFilename()).toBe(`${c.id}-人民调解协议书.docx`)
  const docx = readFileSync((await doc.path())!)
  expect(docx.subarray(0, 2).toString()).toBe('PK')
  await shot(page, '40-case-documents')

  // the signed scan, dropped on the 附件 tab
  await page.getByRole('tab', { name: '附件' }).click()
  await page.getByTestId('attachment-kind').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '签字的调解协议书' }).click()
  await page.getByTestId('attachment-upload').locator('input[type="file"]').setInputFiles({ name: '协议书签字.jpg', mimeType: 'image/jpeg', buffer: SCAN })
  await expect(page.getByTestId('attachments-table')).toContainText('协议书签字.jpg')
  await expect(page.getByTestId('attachments-table')).toContainText('签字的调解协议书')
  await expect(page.locator('.el-message--success').last()).toHaveText('已上传：协议书签字.jpg')
  await shot(page, '41-case-attachments')

  // the whole 卷宗: the documents, then the scan after the 协议书
  await page.getByRole('tab', { name: '文书' }).click()
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-casefile').click()])
  expect(bundle.suggestedFilename()).toBe(`${c.id}-人民调解卷宗.zip`)
  const zip = readFileSync((await bundle.path())!).toString('latin1')
  const names = ['01-卷宗封面.docx', '02-卷内目录.docx', '人民调解协议书.docx', '附件-协议书签字.jpg'].map((n) => Buffer.from(n).toString('latin1'))
  for (const n of names) expect(zip).toContain(n)
  expect(zip.indexOf(names[2]!)).toBeLessThan(zip.indexOf(names[3]!))
})
