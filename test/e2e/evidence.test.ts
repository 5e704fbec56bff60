// Evidence photos in the browser (issue 21), against the built app and the real stack (with the
// local Storage stand-in): a member of the public on a 390 px phone reports a hidden danger with a
// photo (a 3000×2000 picture, resized in the browser to ≤ 1600 px JPEG before upload) and sees a
// file of the wrong type refused in Chinese; the district's regulator then sees the photo on the
// danger's detail, beside its timeline, and adds a finding photo there.
// Screenshots: test-results/evidence-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

/** Width and height of a JPEG (its SOF marker). */
function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2
  while (i < b.length) {
    const marker = b[i + 1]!
    const len = b.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xc3) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) }
    i += 2 + len
  }
  throw new Error('no SOF marker')
}

/** A real picture made by the page's own canvas (PNG bytes). */
async function picture(page: Page, width: number, height: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([w, h]) => {
      const c = document.createElement('canvas')
      c.width = w
      c.height = h
      const g = c.getContext('2d')!
      const grad = g.createLinearGradient(0, 0, w, h)
      grad.addColorStop(0, '#c0392b')
      grad.addColorStop(1, '#f1c40f')
      g.fillStyle = grad
      g.fillRect(0, 0, w, h)
      g.fillStyle = '#fff'
      g.font = `${Math.round(h / 6)}px sans-serif`
      g.fillText('气瓶 LPG', w / 10, h / 2)
      return c.toDataURL('image/png').split(',')[1]!
    },
    [width, height] as const,
  )
  return Buffer.from(b64, 'base64')
}

async function tapMap(page: Page, lon: number, lat: number) {
  const xy = await page.evaluate(
    ([lo, la]) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat] as const,
  )
  await page.mouse.click(xy.x, xy.y)
}

describe('evidence photos', () => {
  let dangerId: string

  it('the public reports with a photo on a 390 px phone: resized in the browser, stored, recorded', async () => {
    await sql().query(`update public.hidden_danger_reporters set client_hash = 'spent-by-test:' || client_hash
                       where client_hash is not null and client_hash not like 'spent-by-test:%'`)
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select round(extensions.st_x(r.location)::numeric, 3)::float8 as lon, round(extensions.st_y(r.location)::numeric, 3)::float8 as lat
       from public.risk_points r join public.areas a on a.code = left(r.area_code, 6)
       where r.area_code like '${DEMO_REGULATOR_AREA}%'
         and extensions.st_distance(extensions.st_boundary(a.geom)::extensions.geography, r.location::extensions.geography) > 2000
       order by r.id limit 1`,
    )
    const p = rows[0]!
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/public`)
    await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
    await page.getByTestId('tab-report').click()
    await page.evaluate(([lo, la]) => (window.__onemap!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 13 }), [p.lon, p.lat] as const)
    await page.waitForTimeout(500)
    await tapMap(page, p.lon, p.lat)
    await page.getByTestId('report-picked').waitFor()
    const text = `证据端到端测试：厂区围墙外堆放液化气钢瓶，无人看管 ${Date.now().toString(36)}`
    await page.getByTestId('report-text').fill(text)

    // a GIF is refused at once, in Chinese, and not added
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a0000') })
    expect(await page.getByTestId('report-photo-refusals').innerText()).toContain('不是照片或 PDF')
    expect(await page.getByTestId('report-photo').count()).toBe(0)

    const big = await picture(page, 3000, 2000)
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: big })
    await page.getByTestId('report-photo').waitFor()
    await page.getByTestId('report-photos').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/evidence-phone-form.png` })
    await page.getByTestId('report-submit').click()
    await page.getByTestId('report-photo-done').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('report-photo-done').innerText()).toContain('已上传 1 个文件')
    await page.getByTestId('report-photo-status').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/evidence-phone-receipt.png` })
    const code = (await page.getByTestId('tracking-code').innerText()).trim()

    const { rows: stored } = await sql().query<{ id: string; name: string; size: number; mime: string; data: string; att: number; sha: string }>(
      `select d.id, o.name, (o.metadata ->> 'size')::int as size, o.metadata ->> 'mimetype' as mime, encode(b.data, 'base64') as data,
         (select count(*)::int from public.evidence_attachments e where e.object_path = o.name) as att,
         (select e.sha256 from public.evidence_attachments e where e.object_path = o.name) as sha
       from public.hidden_dangers d join storage.objects o on o.bucket_id = 'evidence' and o.name like d.id || '/report/%'
       join local_storage.blobs b on b.object_id = o.id where d.tracking_code = $1`,
      [code],
    )
    expect(stored.length).toBe(1)
    const s = stored[0]!
    dangerId = s.id
    expect(s.mime).toBe('image/jpeg')
    const bytes = Buffer.from(s.data, 'base64')
    expect(bytes.length).toBe(s.size)
    expect(jpegSize(bytes)).toEqual({ width: 1600, height: 1067 })
    expect(s.size).toBeLessThan(big.length)
    expect(s.att).toBe(1)
    const { createHash } = await import('node:crypto')
    expect(s.sha).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(errors).toEqual([])
    await ctx.close()
  })

  it("the district's regulator sees the photo beside the timeline and adds a finding photo", async () => {
    expect(dangerId).toBeTruthy()
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/dangers?id=${dangerId}`)
    const u = DEMO_USERS.find((x) => x.role === 'regulator')!
    await page.getByTestId('signin-open').click()
    await page.getByTestId('signin-email').fill(u.email)
    await page.getByTestId('signin-password').fill(u.password)
    await page.getByTestId('signin-submit').click()
    await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
    await page.waitForSelector(`[data-testid="danger-detail"][data-id="${dangerId}"]`, { timeout: 30_000 })
    const thumb = page.locator('[data-testid="evidence-gallery"] [data-stage="report"] [data-testid="evidence-thumb"] img')
    await thumb.waitFor({ timeout: 30_000 })
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="evidence-thumb"] img')
        return !!img && img.complete && img.naturalWidth > 0
      },
      undefined,
      { timeout: 30_000 },
    )
    expect(await page.evaluate(() => document.querySelector<HTMLImageElement>('[data-testid="evidence-thumb"] img')!.naturalWidth)).toBe(1600)
    await page.getByTestId('evidence').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/evidence-regulator-detail.png` })

    // a finding photo (the stage the status suggests), then a PDF that is not a PDF: refused by Storage
    expect(await page.getByTestId('evidence-stage').inputValue()).toBe('finding')
    await page.getByTestId('evidence-file').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: await picture(page, 800, 600) })
    await page.getByTestId('evidence-uploaded').waitFor({ timeout: 30_000 })
    await page.waitForFunction(() => document.querySelectorAll('[data-stage="finding"] [data-testid="evidence-thumb"]').length === 1, undefined, {
      timeout: 30_000,
    })
    await page.getByTestId('evidence-file').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not a pdf') })
    await page.getByTestId('evidence-refusals').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('evidence-refusals').innerText()).toContain('内容不是所声明的照片或 PDF 格式')
    await page.screenshot({ path: `${OUT}/evidence-regulator-added.png` })
    const { rows } = await sql().query<{ stage: string; n: number }>(
      `select stage, count(*)::int as n from public.evidence_attachments where hidden_danger_id = $1 group by stage order by stage`,
      [dangerId],
    )
    expect(rows).toEqual([
      { stage: 'finding', n: 1 },
      { stage: 'report', n: 1 },
    ])
    expect(errors).toEqual([])
    await page.close()
  })
})
