import { describe, expect, it } from 'vitest'
import NavMenu from './NavMenu.vue'
import { mountPage, sampleRegions, sampleUser } from '@/test/helpers'
import type { User } from '@/api/types'

async function menuOf(user: User): Promise<string[]> {
  await mountPage(NavMenu, '/reports', { user, regions: sampleRegions })
  return [...document.querySelectorAll('.el-menu-item')].map((e) => e.textContent?.trim() ?? '')
}

describe('the left menu under 统计分析', () => {
  it('gives township staff the report tables and 报表报送', async () => {
    const items = await menuOf(sampleUser)
    expect(items).toContain('统计报表')
    expect(items).toContain('报表报送')
    expect(items).not.toContain('报送情况')
  })

  it('gives counties and the city 报送情况', async () => {
    expect(await menuOf({ ...sampleUser, role: 'leader', regionCode: '610921' })).toEqual(expect.arrayContaining(['统计报表', '报送情况']))
    const city = await menuOf({ ...sampleUser, role: 'admin', regionCode: '6109' })
    expect(city).toContain('报送情况')
    expect(city).not.toContain('报表报送')
  })
})
