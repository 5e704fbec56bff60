// #/import (数据导入) in headless Chromium against the built app and the real stack: a regulator
// brings in a GBK CSV of enterprises picked on AMap (GCJ-02), some of them outside its district;
// the page reads it in its Web Worker, maps the columns, dry-runs (a verdict per row, refusals by
// Excel row number), refuses to commit while rows have errors, commits the rest on request and
// offers the errors as CSV. A planner is not offered the page and is told why. The rows really are
// in the database afterwards, with GCJ-02 undone. An admin brings in the city's pipeline registry
// (a GeoJSON of lines, then a zipped Shapefile): a new line, one whose operator is unknown (refused
// by row and column), one that updates a stored line by 外部编号; the lines are in the database and
// the new one opens its card on the one map. An admin commits a small file and undoes it (撤销本次导入:
// the confirm box's counts, the records gone from the database and the one map's search).
// The regulator then undoes its run from the list of past runs (最近的导入).
// Screenshots: test-results/import-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { signIn, sql } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { ENTERPRISE_HEADERS, encodeGbk, enterpriseRows, fixtureCreditCode, geojsonBytes, pointsIn, shapefileZip, toCsv } from '../fixtures/import/generate.ts'

let browser: Browser
let appUrl: string
const SERIAL = 7100
const TEMPLATE = 'e2e-应急局企业名录模板'
const PL = 'E2E-PL-' // external ids of the pipelines cases

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like $1`, [fixtureCreditCode(SERIAL).slice(0, 14) + '%'])
  // a reverted run keeps its append-only event log (import_run_events), and so its row
  await sql().query(
    `delete from public.import_runs r where file_name = 'e2e-企业名录.csv' and not exists (select 1 from public.import_run_events e where e.run_id = r.id)`,
  )
  await sql().query(`delete from public.import_templates where name = $1`, [TEMPLATE])
  await sql().query(`delete from public.enterprises where name like 'E2E撤销测试企业%'`)
  await sql().query(`delete from public.pipelines where external_id like $1`, [PL + '%'])
  await sql().query(`delete from public.import_runs where file_name like 'e2e-管道台账%' or file_name = 'e2e-园区边界.geojson'`)
}
beforeAll(cleanup)
afterAll(async () => {
  await browser?.close()
  await cleanup()
})

describe('#/import', () => {
  it('a planner is told who may import, and the header does not offer it', async () => {
    const { page } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'planner')
    await page.getByTestId('import-not-allowed').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-not-allowed').innerText()).toMatch(/规划人员.*管理员和监管部门/s)
    expect(await page.locator('a[href="#/import"]').count()).toBe(0)
    await page.close()
  })

  it('a regulator: GBK CSV in GCJ-02 → mapping → dry run → errors by row → commit the rest', async () => {
    const inside = enterpriseRows(5, { district: '440704', serialBase: SERIAL, seed: 11 })
    const outside = enterpriseRows(1, { district: '440781', serialBase: SERIAL + 50, seed: 11 })
    const wgs = inside.map((r) => [r[4] as number, r[5] as number])
    // positions as AMap shows them (GCJ-02), as a city's spreadsheet holds them
    const rows = [...inside, ...outside].map((r) => {
      const [x, y] = fromWgs84(r[4] as number, r[5] as number, 'gcj02')
      return [r[0]!, r[1]!, r[2]!, r[3]!, x.toFixed(7), y.toFixed(7), r[6]!]
    })
    rows[2]![1] = String(rows[2]![1]).slice(0, 17) + (String(rows[2]![1]).endsWith('0') ? '1' : '0') // a wrong check character
    const file = encodeGbk(toCsv(ENTERPRISE_HEADERS, rows))

    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    await page.getByTestId('import-page').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('a[href="#/import"]').count(), { timeout: 15_000 }).toBe(1)

    await page.getByTestId('import-crs').selectOption('gcj02')
    await page.getByTestId('import-file').setInputFiles({ name: 'e2e-企业名录.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/^CSV · 6 行 · 7 列 · GB(K|18030)$/) // GB18030 is GBK's superset
    // the columns found by their Chinese headers
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('企业名称')
    expect(await page.getByTestId('import-map-credit_code').inputValue()).toBe('统一社会信用代码')
    expect(await page.getByTestId('import-map-lng').inputValue()).toBe('经度')
    expect(await page.getByTestId('import-missing').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/import-mapping.png`, fullPage: true })

    // a required column unmapped: the dry run waits, and says which
    await page.getByTestId('import-map-name').selectOption('')
    await expect.poll(() => page.getByTestId('import-missing').innerText(), { timeout: 15_000 }).toMatch(/企业名称/)
    await expect.poll(() => page.getByTestId('import-dry-run').isDisabled(), { timeout: 15_000 }).toBe(true)
    await page.getByTestId('import-map-name').selectOption('企业名称')

    // a mapping template kept in the database, shared with the district; applied again after a change
    await page.getByTestId('import-tpl-name').fill(TEMPLATE)
    await page.getByTestId('import-tpl-shared').check()
    await page.getByTestId('import-tpl-save').click()
    await page.getByTestId('import-tpl-note').filter({ hasText: '本辖区的导入人员可套用' }).waitFor({ timeout: 15_000 })
    const options = await page.getByTestId('import-tpl-list').locator('option').allInnerTexts()
    expect(options).toContain(`${TEMPLATE} · 我的 · 已共享`)
    expect(options).toContain('演示：全市企业名录（标准表头） · 同事共享') // the admin's city-wide one (seed)
    expect(options.some((o) => o.includes('新会区'))).toBe(false) // a neighbouring district's is not offered
    const { rows: tpl } = await sql().query<{ area_patterns: string[]; mapping: Record<string, string> }>(
      `select area_patterns, mapping from public.import_templates where name = $1`,
      [TEMPLATE],
    )
    expect(tpl).toHaveLength(1)
    expect(tpl[0]!.area_patterns).toEqual(['440704%'])
    expect(tpl[0]!.mapping.credit_code).toBe('统一社会信用代码')
    await page.getByTestId('import-map-address').selectOption('')
    const id = await page.getByTestId('import-tpl-list').locator('option', { hasText: TEMPLATE }).getAttribute('value')
    await page.getByTestId('import-tpl-list').selectOption(id!)
    await expect.poll(() => page.getByTestId('import-map-address').inputValue(), { timeout: 15_000 }).toBe('地址')
    await page.getByTestId('import-templates').screenshot({ path: `${OUT}/import-templates.png` })

    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    const count = async (v: string) => Number(await page.getByTestId(`import-count-${v}`).locator('b').innerText())
    expect([await count('insert'), await count('update'), await count('unchanged'), await count('error')]).toEqual([4, 0, 0, 2])
    const errorRows = await page.getByTestId('import-errors').locator('tbody tr').allInnerTexts()
    expect(errorRows).toHaveLength(2)
    expect(errorRows[0]).toMatch(/^4\t统一社会信用代码\t/) // header = row 1, so the third data row is row 4
    expect(errorRows[1]).toMatch(/^7\t.*outside your jurisdiction/)
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
    expect(
      await sql()
        .query(`select 1 from public.enterprises where credit_code = $1`, [fixtureCreditCode(SERIAL)])
        .then((r) => r.rows.length),
    ).toBe(0)
    await page.screenshot({ path: `${OUT}/import-dry-run.png`, fullPage: true })

    // the verdict map: six dots (row 4's bad code still has a position), coloured by verdict; a
    // click on a dot names its row and, for an error, the column and reason
    const vmap = page.getByTestId('import-verdict-map')
    await page.locator('[data-testid="import-verdict-map"][data-ready="true"]').waitFor({ timeout: 30_000 })
    await page.waitForFunction(() => window.__importVerdictMap?.ready === true, null, { timeout: 30_000 })
    expect(await vmap.getAttribute('data-points')).toBe('6')
    expect(await page.getByTestId('import-vmap-count-insert').innerText()).toMatch(/新增 4$/)
    expect(await page.getByTestId('import-vmap-count-error').innerText()).toMatch(/错误 2$/)
    await page.waitForTimeout(500) // the first frames after fitBounds
    await vmap.scrollIntoViewIfNeeded() // the map is below the fold at 1080 px: a click must land on it
    const clickRow = async (row: number) => {
      const pop = page.getByTestId('import-verdict-pop')
      // a loaded machine may not have drawn the picking frame yet: click again until the card opens
      for (let attempt = 0; ; attempt++) {
        const at = await page.evaluate((r) => {
          const h = window.__importVerdictMap!
          const p = h.at(r)!
          const q = (h.map as { project(p: [number, number]): { x: number; y: number } }).project(p)
          return { x: q.x, y: q.y }
        }, row)
        const box = (await vmap.boundingBox())!
        await page.mouse.click(box.x + at.x, box.y + at.y)
        try {
          await pop.filter({ hasText: `第 ${row} 行` }).waitFor({ timeout: 5_000 })
          break
        } catch (e) {
          if (attempt >= 3) throw e
        }
      }
      return pop.innerText()
    }
    expect(await clickRow(4)).toMatch(/第 4 行 · 错误[\s\S]*统一社会信用代码/)
    await vmap.screenshot({ path: `${OUT}/import-verdict-map.png` })
    // the database's refusal names the file's columns (not "location")
    expect(await clickRow(7)).toMatch(/第 7 行 · 错误[\s\S]*经度\/纬度 \(列 E\/F\)[\s\S]*(辖区|jurisdiction)/)
    await page.getByTestId('import-report').screenshot({ path: `${OUT}/import-verdict-report.png` })
    const good = inside.findIndex((_, i) => i !== 2) // a row that is inserted: row 2
    expect(await clickRow(good + 2)).toMatch(new RegExp(`第 ${good + 2} 行 · 新增`))

    // the error report as CSV, readable by Excel (UTF-8 with BOM)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-csv').click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.startsWith('\ufeff')).toBe(true)
    expect(
      csv
        .split('\r\n')
        .filter(Boolean)
        .map((l) => l.split(',')[0]),
    ).toEqual(['\ufeff行 row', '4', '7'])

    await page.getByTestId('import-skip').check()
    await page.getByTestId('import-commit').click()
    await page.getByText('已写入').waitFor({ timeout: 120_000 })
    expect(await count('insert')).toBe(4)
    await page.screenshot({ path: `${OUT}/import-committed.png`, fullPage: true })

    // in the database: the four good rows, back in WGS-84 within a few centimetres
    const { rows: stored } = await sql().query<{ credit_code: string; x: number; y: number; area_code: string }>(
      `select credit_code, extensions.st_x(location) x, extensions.st_y(location) y, area_code from public.enterprises where credit_code = any($1) order by credit_code`,
      [inside.map((r) => r[1])],
    )
    expect(stored).toHaveLength(4)
    for (const s of stored) {
      const i = inside.findIndex((r) => r[1] === s.credit_code)
      expect(Math.abs(s.x - wgs[i]![0]!)).toBeLessThan(1e-6)
      expect(Math.abs(s.y - wgs[i]![1]!)).toBeLessThan(1e-6)
      expect(s.area_code.startsWith('440704')).toBe(true)
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('the regulator undoes that run from 最近的导入 (its own runs listed, newest first, with role not e-mail)', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    const run = page.getByTestId('import-recent-run').filter({ hasText: 'e2e-企业名录.csv' })
    await run.waitFor({ timeout: 30_000 })
    expect(await run.count()).toBe(1)
    expect(await page.getByTestId('import-recent-run').first().innerText()).toContain('e2e-企业名录.csv') // newest first
    expect(await run.innerText()).toMatch(/企业[\s\S]*我（监管部门）[\s\S]*新增 4 · 更新 0[\s\S]*已提交[\s\S]*撤销/)
    expect(await page.getByTestId('import-recent').innerText()).not.toContain('@')
    await run.getByTestId('import-recent-undo').click()
    expect(await run.getByTestId('import-recent-confirm').innerText()).toMatch(/e2e-企业名录\.csv.*删除它新增的 4 条记录/s)
    await run.getByTestId('import-recent-yes').click()
    await run.getByTestId('import-recent-done').waitFor({ timeout: 60_000 })
    expect(await run.getByTestId('import-recent-done').innerText()).toBe('已撤销：删除 4 条，恢复 0 条。')
    // the list read again: the run shows as undone and offers nothing more
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 15_000 }).toBe('reverted')
    expect(await run.getByTestId('import-recent-undo').count()).toBe(0)
    await page.getByTestId('import-recent').screenshot({ path: `${OUT}/import-recent.png` })
    const left = await sql().query(`select 1 from public.enterprises where credit_code like $1`, [fixtureCreditCode(SERIAL).slice(0, 14) + '%'])
    expect(left.rows).toHaveLength(0)
    expect((await sql().query(`select status from public.import_runs where file_name = 'e2e-企业名录.csv' and status <> 'staging'`)).rows).toEqual([
      { status: 'reverted' },
    ])
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('#/import: the pipeline registry (lines)', () => {
  const props = (ext: string, name: string, op: string, diameter = 508) => ({
    外部编号: PL + ext,
    管道名称: name,
    介质: '天然气',
    运营单位统一社会信用代码: op,
    '管径(mm)': diameter,
    '设计压力(MPa)': 4,
    '埋深(m)': 1.5,
    建设年份: 2012,
  })
  const line = (a: [number, number], b: [number, number]): GeoJSON.LineString => ({ type: 'LineString', coordinates: [a, b] })
  const count = async (page: Page, v: string) => Number(await page.getByTestId(`import-count-${v}`).locator('b').innerText())
  const counts = async (page: Page) => [await count(page, 'insert'), await count(page, 'update'), await count(page, 'unchanged'), await count(page, 'error')]
  const stored = async (ext: string) =>
    (
      await sql().query<{ name: string; diameter_mm: string; operator_enterprise_id: string | null; area_codes: string[]; import_run_id: string | null }>(
        `select name, diameter_mm::text, operator_enterprise_id, area_codes, import_run_id from public.pipelines where external_id = $1`,
        [PL + ext],
      )
    ).rows[0]

  it('an admin: a GeoJSON of lines → dry run (an unknown operator by row and column) → commit → the lines in the database and on the map; a Shapefile again', async () => {
    const pts = pointsIn('440704', 8, 23)
    // an operator that is not one of the first test's rows (its cleanup deletes those)
    const op = (
      await sql().query<{ id: string; credit_code: string }>(
        `select id, credit_code from public.enterprises where credit_code not like $1 order by credit_code limit 1`,
        [fixtureCreditCode(SERIAL).slice(0, 14) + '%'],
      )
    ).rows[0]!
    const unknown = fixtureCreditCode(99_123_457)
    expect((await sql().query(`select 1 from public.enterprises where credit_code = $1`, [unknown])).rows).toHaveLength(0)
    // the line the registry updates, stored before (by an earlier survey)
    await sql().query(
      `insert into public.pipelines (name, medium, diameter_mm, external_id, geom)
       values ('江海区燃气支线（旧台账）', 'natural_gas', 219, $1, extensions.st_multi(extensions.st_geomfromtext($2, 4326)))`,
      [PL + 'UPD', `LINESTRING(${pts[4]![0]} ${pts[4]![1]},${pts[5]![0]} ${pts[5]![1]})`],
    )
    const file = geojsonBytes([
      { type: 'Feature', properties: props('NEW', 'E2E江海区燃气管道甲线', op.credit_code), geometry: line(pts[0]!, pts[1]!) },
      { type: 'Feature', properties: props('UNK', 'E2E江海区燃气管道乙线', unknown), geometry: line(pts[2]!, pts[3]!) },
      { type: 'Feature', properties: props('UPD', 'E2E江海区燃气支线', op.credit_code, 325), geometry: line(pts[4]!, pts[5]!) },
    ])

    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'admin')
    await page.getByTestId('import-page').waitFor({ timeout: 30_000 })
    await page.getByTestId('import-kind').selectOption('pipelines')
    await page.getByTestId('import-file').setInputFiles({ name: 'e2e-管道台账.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/^GEOJSON · 3 行 · 8 列/)
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('管道名称')
    expect(await page.getByTestId('import-map-operator_credit_code').inputValue()).toBe('运营单位统一社会信用代码')
    expect(await page.getByTestId('import-map-external_id').inputValue()).toBe('外部编号')

    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    expect(await counts(page)).toEqual([1, 1, 0, 1])
    const errorRows = await page.getByTestId('import-errors').locator('tbody tr').allInnerTexts()
    expect(errorRows).toHaveLength(1)
    // the second feature is row 3 (as the other kinds: header = row 1); the operator's column by its letter
    expect(errorRows[0]).toMatch(new RegExp(`^3\\t运营单位统一社会信用代码 \\(列 D\\)\\t没有统一社会信用代码为 ${unknown} 的企业`))
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
    await page.locator('[data-testid="import-verdict-map"][data-ready="true"]').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-verdict-map').getAttribute('data-points')).toBe('3')
    // the three routes drawn in their verdicts' colours under the dots, and the legend says so
    expect(await page.getByTestId('import-verdict-map').getAttribute('data-paths')).toBe('3')
    expect(await page.getByTestId('import-verdict-map-card').innerText()).toContain('管道按走向画出')
    expect(await stored('NEW')).toBeUndefined() // a dry run writes nothing
    expect((await stored('UPD'))!.diameter_mm).toBe('219')
    await page.waitForTimeout(500) // the verdict map's first frames
    await page.screenshot({ path: `${OUT}/import-pipelines-dry-run.png`, fullPage: true })
    await page.getByTestId('import-report').screenshot({ path: `${OUT}/import-pipelines-dry-run-report.png` }) // the error row, below the fold

    await page.getByTestId('import-skip').check()
    await page.getByTestId('import-commit').click()
    await page.getByText('已写入').waitFor({ timeout: 120_000 })
    expect(await counts(page)).toEqual([1, 1, 0, 1])
    await page.screenshot({ path: `${OUT}/import-pipelines-committed.png`, fullPage: true })

    // in the database: the new line with its operator and the districts it crosses, the updated one, not the refused one
    const run = (await sql().query<{ id: string; status: string }>(`select id, status from public.import_runs where file_name = 'e2e-管道台账.geojson'`)).rows
    expect(run).toHaveLength(1)
    expect(run[0]!.status).toBe('committed')
    const added = (await stored('NEW'))!
    expect(added).toMatchObject({ name: 'E2E江海区燃气管道甲线', diameter_mm: '508', operator_enterprise_id: op.id, import_run_id: run[0]!.id })
    expect(added.area_codes.some((c) => c.startsWith('440704'))).toBe(true)
    expect(await stored('UPD')).toMatchObject({ name: 'E2E江海区燃气支线', diameter_mm: '325', import_run_id: run[0]!.id })
    expect(await stored('UNK')).toBeUndefined()

    // a zipped Shapefile (GBK, field names cut at 10 bytes by the .dbf): the same new line is unchanged, another is added
    const shpProps = (ext: string, name: string) => ({
      外部编号: PL + ext,
      名称: name,
      介质: '天然气',
      运营单位统一社会信用代码: op.credit_code, // the .dbf keeps 运营单位统
      管径: '508',
      压力: '4',
      埋深: '1.5',
      建设年份: '2012',
    })
    const zip = shapefileZip(
      'e2e-管道台账',
      [
        { type: 'MultiLineString', coordinates: [[pts[0]!, pts[1]!]] },
        { type: 'MultiLineString', coordinates: [[pts[6]!, pts[7]!]] },
      ],
      [shpProps('NEW', 'E2E江海区燃气管道甲线'), shpProps('SHP', 'E2E江海区燃气管道丙线')],
      { encoding: 'gbk' },
    )
    await page.getByTestId('import-file').setInputFiles({ name: 'e2e-管道台账.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) })
    await page.getByTestId('import-summary').filter({ hasText: 'SHAPEFILE' }).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/^SHAPEFILE · 2 行/)
    expect(await page.getByTestId('import-map-operator_credit_code').inputValue()).toBe('运营单位统')
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    expect(await counts(page)).toEqual([1, 0, 1, 0])
    await page.getByTestId('import-commit').click()
    await page.getByText('已写入').waitFor({ timeout: 120_000 })
    expect(await stored('SHP')).toMatchObject({ name: 'E2E江海区燃气管道丙线', operator_enterprise_id: op.id })
    expect((await stored('NEW'))!.import_run_id).toBe(run[0]!.id) // unchanged: still the GeoJSON's run

    // the new line on the one map: the pipelines layer on, a click on its middle opens its card
    await page.goto(appUrl + '/')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await page.getByTestId('toggle-pipelines').check()
    const mid: [number, number] = [(pts[0]![0] + pts[1]![0]) / 2, (pts[0]![1] + pts[1]![1]) / 2]
    await page.evaluate(([lo, la]) => (window.__onemap!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 17 }), mid)
    await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner'), undefined, {
      timeout: 90_000,
    })
    await page.waitForTimeout(800)
    const xy = await page.evaluate(([lo, la]) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    }, mid)
    await page.mouse.click(xy.x, xy.y)
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-card"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 60_000,
    })
    expect(await page.getByTestId('detail-card').getAttribute('data-kind')).toBe('pipelines')
    expect(await page.getByTestId('detail-title').textContent()).toBe('E2E江海区燃气管道甲线')
    await page.screenshot({ path: `${OUT}/import-pipelines-map.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a polygon over the 64 KB a staged row may hold is refused by its row before staging; the other row is checked', async () => {
    const [c] = pointsIn('440704', 1, 31)
    const ring = (n: number, r: number): [number, number][] => {
      const out: [number, number][] = []
      for (let i = 0; i < n; i++) out.push([c![0] + r * Math.cos((2 * Math.PI * i) / n), c![1] + r * Math.sin((2 * Math.PI * i) / n)])
      return [...out, out[0]!]
    }
    const file = geojsonBytes([
      { type: 'Feature', properties: { 园区名称: 'E2E测试园区（简）' }, geometry: { type: 'Polygon', coordinates: [ring(16, 0.004)] } },
      // a surveyed boundary of 2,500 vertices: about 95 KB of WKT
      { type: 'Feature', properties: { 园区名称: 'E2E测试园区（详测）' }, geometry: { type: 'Polygon', coordinates: [ring(2500, 0.006)] } },
    ])
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'admin')
    await page.getByTestId('import-page').waitFor({ timeout: 30_000 })
    await page.getByTestId('import-kind').selectOption('chemical_parks')
    await page.getByTestId('import-file').setInputFiles({ name: 'e2e-园区边界.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    // before, import_stage refused the whole file; now the big row is an error and the other is checked
    expect(await page.getByTestId('import-error').count()).toBe(0)
    expect(await count(page, 'error')).toBe(1)
    expect((await count(page, 'insert')) + (await count(page, 'update'))).toBe(1)
    const rows = await page.getByTestId('import-errors').locator('tbody tr').allInnerTexts()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(/^3\t几何 geometry\t这一行的数据过大：[\d,]+ 字节，上限 65,536 字节（64 KB）/)
    const run = (await sql().query<{ id: string }>(`select id from public.import_runs where file_name = 'e2e-园区边界.geojson'`)).rows
    expect(run).toHaveLength(1)
    const staged = await sql().query<{ row_no: number }>(`select row_no from public.import_rows where run_id = $1 order by row_no`, [run[0]!.id])
    expect(staged.rows.map((r) => r.row_no)).toEqual([2])
    await page.getByTestId('import-report').screenshot({ path: `${OUT}/import-oversize-row.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it("an admin undoes a committed import (撤销本次导入): the confirm box counts, the records leave the one map's search", async () => {
    const serial = 7300
    const rows = enterpriseRows(3, { district: '440704', serialBase: serial, seed: 41 }).map((r, i) => [`E2E撤销测试企业${i + 1}号`, ...r.slice(1)])
    const name = String(rows[0]![0])
    const codes = rows.map((r) => String(r[1]))
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/import')
    await page.getByTestId('import-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'admin')
    await page.getByTestId('import-page').waitFor({ timeout: 30_000 })
    await page.getByTestId('import-file').setInputFiles({
      name: 'e2e-撤销测试.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv(ENTERPRISE_HEADERS, rows)),
    })
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 })
    await page.getByTestId('import-commit').click()
    await page.getByText('已写入').waitFor({ timeout: 120_000 })
    const stored = async () => (await sql().query(`select name from public.enterprises where credit_code = any($1)`, [codes])).rows.length
    expect(await stored()).toBe(3)

    // the one map's search (its RPC, as the admin) finds the new enterprise before the undo
    const admin = await signIn(demoUser('admin').email, demoUser('admin').password)
    const hits = async () => ((await admin.rpc('search_enterprises', { q: name })).data as { name: string }[]).filter((h) => h.name === name).length
    expect(await hits()).toBe(1)

    await page.getByTestId('import-undo-open').click()
    expect(await page.getByTestId('import-undo-confirm').innerText()).toMatch(/删除本次新增的 3 条记录.*恢复为导入前的值/s)
    await page.getByTestId('import-undo').screenshot({ path: `${OUT}/import-undo-confirm.png` })
    await page.getByTestId('import-undo-yes').click()
    await page.getByTestId('import-undo-done').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-undo-done').innerText()).toBe('已撤销：删除 3 条，恢复 0 条。')
    await page.getByTestId('import-report').screenshot({ path: `${OUT}/import-undo-done.png` })
    expect(await stored()).toBe(0)
    const run = (await sql().query(`select status from public.import_runs where file_name = 'e2e-撤销测试.csv'`)).rows
    expect(run).toEqual([{ status: 'reverted' }])
    expect(await hits()).toBe(0)
    // and on the one map, signed in as before: no match
    await page.goto(appUrl + '/')
    await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
    await page.getByTestId('search-input').fill(name)
    await page.getByTestId('search-results').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('search-results').innerText()).toBe('无匹配结果')
    await page.screenshot({ path: `${OUT}/import-undo-search.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
