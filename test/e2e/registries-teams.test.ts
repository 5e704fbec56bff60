// The 救援队伍 form of #/registries (issue 18) in headless Chromium against the built app and the real
// stack: a regulator's empty or bad entry is stopped before sending with Chinese messages per field; a
// base outside its district is refused by the database (row rules), which the form says in words with
// the database's text underneath; inside, the team is saved with its on-duty phone (one call), which
// the command centre then reads and the public cannot. Screenshots: test-results/registries-teams-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { anonClient, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const NAME = `演示危化品应急救援队 ${Date.now().toString(36)}`
const LINE = `测试中压燃气管道 ${Date.now().toString(36)}`

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await sql().query(`delete from public.rescue_teams where name = $1`, [NAME])
  await sql().query(`delete from public.pipelines where name = $1`, [LINE])
  await browser?.close()
})

async function signedIn(role: AppRole, path: string, width = 1920): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width, height: 1080 })
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(appUrl + '/#' + path)
  return { page, errors }
}

describe('#/registries: the rescue-team form', () => {
  it('a regulator is stopped on bad input, refused outside its district in words, and saves a team with its duty phone', async () => {
    const { rows } = await sql().query<{ lon: number; lat: number; inside: boolean }>(
      `select distinct on (area_code like $1 || '%') extensions.st_x(location) lon, extensions.st_y(location) lat, area_code like $1 || '%' inside
       from public.emergency_resources where area_code is not null order by area_code like $1 || '%', id`,
      [DEMO_REGULATOR_AREA],
    )
    const inside = rows.find((r) => r.inside)!
    const outside = rows.find((r) => !r.inside)!
    const { page, errors } = await signedIn('regulator', '/registries', 1280)
    await page.getByTestId('reg-tab-teams').click()
    await page.waitForSelector('[data-testid="reg-list-teams"][data-status="ok"]', { timeout: 60_000 })
    await page.getByTestId('team-add').click()
    await page.getByTestId('team-save').click()
    for (const [f, text] of [
      ['name', '队伍名称：必填'],
      ['team_type', '请选择队伍类型'],
      ['headcount', '队员人数：必填'],
      ['lon', '经度：必填'],
      ['lat', '纬度：必填'],
    ] as const)
      await expect.poll(() => page.getByTestId(`team-error-${f}`).innerText(), { timeout: 10_000 }).toBe(text)
    await page.getByTestId('team-name').fill(NAME)
    await page.getByTestId('team-type').selectOption('hazmat')
    await page.getByTestId('team-headcount').fill('2.5')
    await page.getByTestId('team-lon').fill(String(outside.lon))
    await page.getByTestId('team-lat').fill(String(outside.lat))
    await page.getByTestId('team-phone').fill('请拨打')
    await page.getByTestId('team-save').click()
    await expect.poll(() => page.getByTestId('team-error-headcount').innerText(), { timeout: 10_000 }).toBe('队员人数：须为 0–100000 的整数')
    await expect.poll(() => page.getByTestId('team-error-duty_phone').innerText(), { timeout: 10_000 }).toBe('值班电话：须为 3–20 位数字、空格、+ 或 -')
    await page.screenshot({ path: `${OUT}/registries-teams-errors.png` })

    // a base outside the district: the database's row rules refuse it
    await page.getByTestId('team-headcount').fill('24')
    await page.getByTestId('team-phone').fill('0750-3456789')
    await page.getByTestId('team-equipment').fill('堵漏器材 4 套；防化服 30 套；洗消帐篷 1 顶')
    const reg = await apiSignIn(demoUser('regulator').email, demoUser('regulator').password)
    const direct = await reg
      .from('rescue_teams')
      .insert({ name: NAME, team_type: 'hazmat', headcount: 24, location: `SRID=4326;POINT(${Number(outside.lon)} ${Number(outside.lat)})` })
    expect(direct.error?.code).toBe('42501')
    await page.getByTestId('team-save').click()
    await page.getByTestId('team-refusal').waitFor({ timeout: 30_000 })
    // said in words (what and why), the database's own text underneath
    expect(await page.getByTestId('team-refusal-words').innerText()).toBe('无权在该区域登记救援队伍：队伍驻地须在本辖区（江海区）内。')
    expect(await page.getByTestId('team-refusal-details').innerText()).toBe(`数据库原文：${direct.error!.message}`)
    await page.screenshot({ path: `${OUT}/registries-teams-refused.png` })

    await page.getByTestId('team-lon').fill(String(inside.lon))
    await page.getByTestId('team-lat').fill(String(inside.lat))
    await page.getByTestId('team-save').click()
    await page.getByTestId('team-saved').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('team-saved').innerText()).toBe(`已保存救援队伍：${NAME}`)
    await page.getByTestId('reg-search').fill(NAME)
    await page.waitForSelector('[data-testid="reg-list-teams"][data-status="ok"][data-total="1"]', { timeout: 30_000 })
    expect(await page.getByTestId('reg-team').innerText()).toContain('0750-3456789')
    await page.screenshot({ path: `${OUT}/registries-teams-saved.png` })

    // the command centre reads the duty phone; the public cannot read the team or its phone
    const { rows: saved } = await sql().query<{ id: string; area_code: string }>(`select id, area_code from public.rescue_teams where name = $1`, [NAME])
    expect(saved).toHaveLength(1)
    expect(saved[0]!.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    const command = await apiSignIn(demoUser('command').email, demoUser('command').password)
    const near = await command.rpc('nearest_rescue_teams', { lon: Number(inside.lon), lat: Number(inside.lat), n: 50 })
    expect((near.data as { id: string; duty_phone: string | null }[]).find((t) => t.id === saved[0]!.id)?.duty_phone).toBe('0750-3456789')
    expect((await anonClient().from('rescue_team_contacts').select('duty_phone')).error?.code).toBe('42501')

    // edit: the base is read back, the headcount changed
    await page.getByTestId('team-edit').click()
    await expect.poll(() => page.getByTestId('team-lon').inputValue(), { timeout: 30_000 }).toBe(String(Number(inside.lon)))
    await page.getByTestId('team-headcount').fill('30')
    await page.getByTestId('team-save').click()
    await page.getByTestId('team-saved').waitFor({ timeout: 30_000 })
    const { rows: after } = await sql().query<{ h: number }>(`select headcount h from public.rescue_teams where name = $1`, [NAME])
    expect(after).toEqual([{ h: 30 }])
    expect(errors).toEqual([])
    await page.close()
  })

  it('an enterprise gets no add or edit button', async () => {
    const { page, errors } = await signedIn('enterprise', '/registries')
    await page.getByTestId('reg-tab-teams').click()
    await page.waitForSelector('[data-testid="reg-list-teams"][data-status="ok"]', { timeout: 60_000 })
    expect(await page.getByTestId('team-add').count()).toBe(0)
    expect(await page.getByTestId('team-edit').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  // the 管道 tab (issue 19), here beside the team form (same regulator, same page pattern)
  it('a regulator draws a vertex, undoes it, pastes a surveyed line in its district, saves it and finds it in the list', async () => {
    const { page, errors } = await signedIn('regulator', '/registries', 1280)
    await page.getByTestId('reg-tab-pipelines').click()
    await page.waitForSelector('[data-testid="reg-list-pipelines"][data-status="ok"]', { timeout: 60_000 })
    await page.getByTestId('pipeline-add').click()
    await page.waitForSelector('[data-testid="pipeline-map"][data-ready="1"]', { timeout: 30_000 })
    // a click on the map adds a vertex (its lon,lat line in the text); undo takes it back
    const box = (await page.getByTestId('pipeline-map').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.getByTestId('pipeline-map').getAttribute('data-vertices')).toBe('1')
    expect(await page.getByTestId('pipeline-route').inputValue()).toMatch(/^1[01][0-9]\.[0-9]+,2[0-9]\.[0-9]+$/)
    await page.getByTestId('pipeline-undo').click()
    await expect.poll(() => page.getByTestId('pipeline-map').getAttribute('data-vertices')).toBe('0')
    // one vertex only: stopped before sending
    await page.getByTestId('pipeline-name').fill(LINE)
    await page.getByTestId('pipeline-medium').selectOption('natural_gas')
    await page.getByTestId('pipeline-route').fill('113.15,22.57')
    await page.getByTestId('pipeline-save').click()
    expect(await page.getByTestId('pipeline-error-route').innerText()).toBe('走向：第 1 段至少需要 2 个不同的点')
    // pasted survey coordinates in 江海区: saved through save_pipeline
    await page.getByTestId('pipeline-route').fill('113.15,22.57\n113.151,22.572\n113.1505,22.574')
    await page.getByTestId('pipeline-diameter').fill('219')
    await page.getByTestId('pipeline-pressure').fill('0.4')
    await page.getByTestId('pipeline-year').fill('2015')
    await expect.poll(() => page.getByTestId('pipeline-map').getAttribute('data-vertices')).toBe('3')
    await page.screenshot({ path: `${OUT}/registries-pipeline-form.png` })
    await page.getByTestId('pipeline-save').click()
    await page.getByTestId('pipeline-saved').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('pipeline-saved').innerText()).toBe(`已保存管道：${LINE}`)
    const { rows } = await sql().query<{ id: string; n: number; area_codes: string[]; diameter_mm: string }>(
      `select id, extensions.st_npoints(geom) n, area_codes, diameter_mm::text from public.pipelines where name = $1`,
      [LINE],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.n).toBe(3)
    expect(rows[0]!.area_codes).toContain(DEMO_REGULATOR_AREA)
    expect(Number(rows[0]!.diameter_mm)).toBe(219)
    await page.getByTestId('reg-search').fill(LINE)
    await page.waitForSelector('[data-testid="reg-list-pipelines"][data-status="ok"][data-total="1"]', { timeout: 30_000 })
    const row = page.locator(`[data-testid="reg-pipeline"][data-id="${rows[0]!.id}"]`)
    expect(await row.innerText()).toContain('天然气')
    expect(await row.getByTestId('pipeline-edit').count()).toBe(1)
    await page.screenshot({ path: `${OUT}/registries-pipeline-saved.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
