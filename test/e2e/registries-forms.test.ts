// The 物资储备 form of #/registries (issue 18) in headless Chromium against the built app and the real
// stack: a regulator's empty or bad entry is stopped before sending with Chinese messages per field;
// a lot added at a depot of the regulator's district is then what nearest_stockpiles finds there;
// the same lot again is refused by the database, whose message the form shows word for word; an
// edit changes the quantity; an enterprise gets no add or edit button, and the database refuses
// its write. Screenshots (1920×1080, and the form on a 1280 px desk): test-results/registries-form-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const MATERIAL = `演示防化服 ${Date.now().toString(36)}`

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await sql().query(`delete from public.material_stockpiles where material = $1`, [MATERIAL])
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

const listReady = (page: Page) => page.waitForSelector(`[data-testid="reg-list-stock"][data-status="ok"]`, { timeout: 60_000 })

describe('#/registries: the stockpile form', () => {
  it('a regulator adds a lot (checked first, refused word for word when the database says no) and nearest_stockpiles finds it', async () => {
    const { page, errors } = await signedIn('regulator', '/registries', 1280)
    await page.getByTestId('reg-tab-stock').click()
    await listReady(page)
    let writes = 0
    page.on('request', (r) => {
      if (r.url().includes('/rest/v1/material_stockpiles') && r.method() !== 'GET') writes++
    })
    await page.getByTestId('stock-add').click()
    await page.waitForSelector('[data-testid="stock-depot"] option:nth-child(2)', { state: 'attached', timeout: 30_000 })
    // nothing filled in: every required field named, nothing sent
    await page.getByTestId('stock-save').click()
    for (const [f, text] of [
      ['resource_id', '请选择储备点'],
      ['material', '物资名称：必填'],
      ['quantity', '数量：必填'],
      ['unit', '计量单位：必填'],
    ] as const)
      expect(await page.getByTestId(`stock-error-${f}`).innerText()).toBe(text)
    const depot = await page.getByTestId('stock-depot').evaluate((s: HTMLSelectElement) => s.options[1]!.value)
    await page.getByTestId('stock-depot').selectOption(depot)
    await page.getByTestId('stock-material').fill(MATERIAL)
    await page.getByTestId('stock-quantity').fill('-3')
    await page.getByTestId('stock-unit').fill('套')
    await page.getByTestId('stock-save').click()
    await expect.poll(() => page.getByTestId('stock-error-quantity').innerText(), { timeout: 30_000 }).toBe('数量：须为不小于 0 的数字')
    await page.screenshot({ path: `${OUT}/registries-form-errors.png` })
    expect(writes).toBe(0)

    await page.getByTestId('stock-quantity').fill('12')
    await page.getByTestId('stock-expires').fill('2030-06-30')
    await page.getByTestId('stock-save').click()
    await page.getByTestId('stock-saved').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('stock-saved').innerText()).toContain(MATERIAL)
    expect(writes).toBe(1)

    // the depot holds it now: nearest_stockpiles at the depot finds it first
    const { rows } = await sql().query<{ lon: number; lat: number; area_code: string }>(
      `select extensions.st_x(location) lon, extensions.st_y(location) lat, area_code from public.emergency_resources where id = $1`,
      [depot],
    )
    expect(rows[0]!.area_code.startsWith('440704')).toBe(true) // the regulator's district (江海区)
    const command = await apiSignIn(demoUser('command').email, demoUser('command').password)
    const { data, error } = await command.rpc('nearest_stockpiles', { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat), material: MATERIAL, n: 5 })
    expect(error).toBeNull()
    expect((data as { resource_id: string; quantity: number; unit: string }[])[0]).toMatchObject({ resource_id: depot, quantity: 12, unit: '套' })

    // the same lot again (same depot, material and expiry): the database refuses, and the form shows its message as it is
    const reg = await apiSignIn(demoUser('regulator').email, demoUser('regulator').password)
    const dup = await reg.from('material_stockpiles').insert({ resource_id: depot, material: MATERIAL, quantity: 1, unit: '套', expires_on: '2030-06-30' })
    expect(dup.error).not.toBeNull()
    await page.getByTestId('stock-add').click()
    await page.waitForSelector('[data-testid="stock-depot"] option:nth-child(2)', { state: 'attached', timeout: 30_000 })
    await page.getByTestId('stock-depot').selectOption(depot)
    await page.getByTestId('stock-material').fill(MATERIAL)
    await page.getByTestId('stock-quantity').fill('1')
    await page.getByTestId('stock-unit').fill('套')
    await page.getByTestId('stock-expires').fill('2030-06-30')
    await page.getByTestId('stock-save').click()
    await page.getByTestId('stock-refusal').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('stock-refusal').innerText()).toBe(`数据库拒绝：${dup.error!.message}`)
    await page.screenshot({ path: `${OUT}/registries-form-refused.png` })
    await page.getByTestId('stock-cancel').click()

    // edit: the row found by its material, quantity 12 → 20
    await page.getByTestId('reg-search').fill(MATERIAL)
    await page.waitForSelector('[data-testid="reg-list-stock"][data-status="ok"][data-total="1"]', { timeout: 30_000 })
    await page.getByTestId('stock-edit').click()
    await expect.poll(() => page.getByTestId('stock-material').inputValue(), { timeout: 30_000 }).toBe(MATERIAL)
    await page.getByTestId('stock-quantity').fill('20')
    await page.getByTestId('stock-save').click()
    await page.getByTestId('stock-saved').waitFor({ timeout: 30_000 })
    await page.waitForSelector('[data-testid="reg-list-stock"][data-status="ok"][data-total="1"]', { timeout: 30_000 })
    await expect.poll(() => page.getByTestId('reg-stock').innerText(), { timeout: 30_000 }).toContain('20')
    const { rows: stored } = await sql().query<{ quantity: string }>(`select quantity::text from public.material_stockpiles where material = $1`, [MATERIAL])
    expect(stored.map((r) => Number(r.quantity))).toEqual([20])
    await page.screenshot({ path: `${OUT}/registries-form-saved.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('an enterprise gets no add or edit button, and the database refuses its write', async () => {
    const { page, errors } = await signedIn('enterprise', '/registries')
    await page.getByTestId('reg-tab-stock').click()
    await listReady(page)
    expect(await page.getByTestId('stock-add').count()).toBe(0)
    expect(await page.getByTestId('stock-edit').count()).toBe(0)
    const ent = await apiSignIn(demoUser('enterprise').email, demoUser('enterprise').password)
    const { rows } = await sql().query<{ id: string }>(`select resource_id id from public.material_stockpiles where material = $1`, [MATERIAL])
    const r = await ent.from('material_stockpiles').insert({ resource_id: rows[0]!.id, material: `${MATERIAL} 企业`, quantity: 1, unit: '套' })
    expect(r.error?.code).toBe('42501')
    expect(errors).toEqual([])
    await page.close()
  })
})
