// Export on #/import (issue 14) in headless Chromium against the built app and the real stack: an
// admin downloads the enterprises as CSV (bytes checked: UTF-8 BOM, the import's headers, one line
// per record) and imports that very file again through the page: every row unchanged. A planner
// (who may not import) still exports what it may see: risk points as GeoJSON in GCJ-02, each
// position moved exactly as fromWgs84 moves the stored one. An admin's emergency resources as an
// Excel sheet go back through the page unchanged too. Screenshots: test-results/export-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage } from '../helpers/e2e.ts'
import { signIn, sql } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { exportHeaders, readFile } from '../../src/import/index.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
const cleanup = () => sql().query(`delete from public.import_runs where file_name like 'enterprises-%.csv' or file_name like 'emergency_resources-%.xlsx'`)
beforeAll(cleanup)
afterAll(async () => {
  await browser?.close()
  await cleanup()
})

async function signInHere(page: Page, role: 'admin' | 'planner') {
  const u = demoUser(role)
  await page.getByTestId('signin-open').click()
  await page.getByTestId('signin-email').fill(u.email)
  await page.getByTestId('signin-password').fill(u.password)
  await page.getByTestId('signin-submit').click()
  await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
}

describe('export on #/import', () => {
  it('an admin: enterprises → CSV (BOM, headers) → the same file imported again: every row unchanged', async () => {
    const n = (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises`)).rows[0]!.n
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInHere(page, 'admin')
    await page.getByTestId('export-panel').waitFor({ timeout: 30_000 })
    await page.getByTestId('export-kind').selectOption('enterprises')
    await page.getByTestId('export-format').selectOption('csv')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()])
    expect(download.suggestedFilename()).toMatch(/^enterprises-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean)
    expect(lines[0]).toBe(exportHeaders('enterprises', 'csv').join(','))
    expect(lines[0]).toBe('企业名称,统一社会信用代码,行业,地址,经度,纬度,从业人数,标准化等级')
    expect(lines).toHaveLength(n + 1)
    await page.getByTestId('export-done').waitFor()
    expect(await page.getByTestId('export-done').innerText()).toContain(`已导出 ${n} 行`)
    await page.getByTestId('export-panel').screenshot({ path: `${OUT}/export-panel-admin.png` })

    // the downloaded file, back through the import page
    await page.getByTestId('import-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/csv', buffer: bytes })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-summary').innerText()).toBe(`CSV · ${n} 行 · 8 列 · UTF-8`)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    const count = async (v: string) => Number(await page.getByTestId(`import-count-${v}`).locator('b').innerText())
    expect(await count('unchanged')).toBe(n)
    expect(await count('insert')).toBe(0)
    expect(await count('update')).toBe(0)
    expect(await count('error')).toBe(0)
    await page.screenshot({ path: `${OUT}/export-reimport-admin.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('an admin: emergency resources → Excel (XLSX) → the same file imported again: every row unchanged', async () => {
    const n = (await sql().query<{ n: number }>(`select count(*)::int n from public.emergency_resources`)).rows[0]!.n
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInHere(page, 'admin')
    await page.getByTestId('export-panel').waitFor({ timeout: 30_000 })
    await page.getByTestId('export-kind').selectOption('emergency_resources')
    await page.getByTestId('export-format').selectOption('xlsx')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()])
    expect(download.suggestedFilename()).toMatch(/^emergency_resources-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const bytes = readFileSync((await download.path())!)
    const sheet = await readFile(new Uint8Array(bytes), download.suggestedFilename())
    expect(sheet.headers).toEqual(exportHeaders('emergency_resources', 'xlsx'))
    expect(sheet.rows).toHaveLength(n)
    await page.getByTestId('export-done').waitFor()
    expect(await page.getByTestId('export-done').innerText()).toContain(`已导出 ${n} 行`)

    await page.getByTestId('import-kind').selectOption('emergency_resources')
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-summary').innerText()).toContain(`${n} 行`)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    const count = async (v: string) => Number(await page.getByTestId(`import-count-${v}`).locator('b').innerText())
    expect(await count('unchanged')).toBe(n)
    expect(await count('insert')).toBe(0)
    expect(await count('update')).toBe(0)
    expect(await count('error')).toBe(0)
    await page.screenshot({ path: `${OUT}/export-xlsx-reimport-admin.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a planner (no import) exports the risk points it may see as GeoJSON in GCJ-02', async () => {
    const planner = await signIn(demoUser('planner').email, demoUser('planner').password)
    const seen = await planner.from('risk_points').select('id', { count: 'exact', head: true })
    expect(seen.error).toBeNull()
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInHere(page, 'planner')
    await page.getByTestId('import-not-allowed').waitFor({ timeout: 30_000 })
    await page.getByTestId('export-kind').selectOption('risk_points')
    await page.getByTestId('export-format').selectOption('geojson')
    await page.getByTestId('export-crs').selectOption('gcj02')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()])
    expect(download.suggestedFilename()).toMatch(/^risk_points-\d{4}-\d{2}-\d{2}_GCJ-02\.geojson$/)
    const fc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as GeoJSON.FeatureCollection
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(seen.count!)
    const f = fc.features[0]!
    const id = f.properties!['系统编号'] as string
    const { rows } = await sql().query<{ x: number; y: number }>(
      `select extensions.st_x(location) x, extensions.st_y(location) y from public.risk_points where id = $1`,
      [id],
    )
    expect((f.geometry as GeoJSON.Point).coordinates).toEqual(fromWgs84(rows[0]!.x, rows[0]!.y, 'gcj02'))
    await page.getByTestId('export-done').waitFor()
    await page.screenshot({ path: `${OUT}/export-planner.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })
})
