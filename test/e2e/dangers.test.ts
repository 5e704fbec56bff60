// The hidden-danger page (#/dangers) in headless Chromium at 1920×1080 against the built app and
// the real stack: the list's total against an independent SQL count of the user's scope with
// filters applied, a whole closed loop driven through the UI forms by a regulator and an
// enterprise user (timeline checked against the events table), the database's refusal shown
// when a required detail is missing, statistics against an independent count, and the message
// for anonymous visitors. Screenshots: test-results/dangers-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { sql, signIn as signInClient } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
let today: string
let inDays: (n: number) => string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const { rows } = await sql().query<{ today: string }>(`select app.today()::text as today`)
  today = rows[0].today
  inDays = (n) => {
    const t = new Date(`${today}T00:00:00Z`)
    t.setUTCDate(t.getUTCDate() + n)
    return t.toISOString().slice(0, 10)
  }
})
afterAll(async () => {
  await browser?.close()
})

const newPage = () => openPage(browser)

const loads = (page: Page) => page.evaluate(() => window.__dangers?.loads ?? 0)

/** Waits for the list to finish a load started after `before` loads. */
async function listLoaded(page: Page, before: number) {
  await page.waitForFunction((b) => (window.__dangers?.loads ?? 0) > b && !document.querySelector('[data-testid="list-loading"]'), before, { timeout: 30_000 })
}

/** Does one thing that reloads the list and waits for that load. */
async function change(page: Page, act: () => Promise<unknown>) {
  const before = await loads(page)
  await act()
  await listLoaded(page, before)
}

async function totalShown(page: Page): Promise<number> {
  return Number(await page.getByTestId('list-total').getAttribute('data-total'))
}

async function signIn(page: Page, role: AppRole) {
  await signInAs(page, role)
  await page.getByTestId('dangers-page').waitFor({ timeout: 30_000 })
  await page.waitForFunction(
    () =>
      (window.__dangers?.loads ?? 0) > 0 &&
      !document.querySelector('[data-testid="list-loading"]') &&
      document.querySelector('[data-testid="list-total"]')?.getAttribute('data-total') !== '',
    undefined,
    { timeout: 30_000 },
  )
}

async function signOut(page: Page) {
  await page.getByTestId('signout').click()
  await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
}

async function openDanger(page: Page, id: string) {
  // the newest danger is first in the default order (reported date, newest first)
  const row = page.locator(`[data-testid="danger-row"][data-id="${id}"]`)
  await row.waitFor({ timeout: 30_000 })
  await row.click()
  await page.locator(`[data-testid="danger-detail"][data-id="${id}"]`).waitFor({ timeout: 30_000 })
}

async function detailStatus(page: Page, status: string) {
  await page.waitForFunction((s) => document.querySelector('[data-testid="danger-detail"]')?.getAttribute('data-status') === s, status, { timeout: 30_000 })
}

async function timeline(page: Page): Promise<{ from: string; to: string; action: string }[]> {
  return page.$$eval('[data-testid="timeline-event"]', (els) =>
    els.map((e) => ({
      from: e.getAttribute('data-from') ?? '',
      to: e.getAttribute('data-to') ?? '',
      action: e.getAttribute('data-action') ?? '',
    })),
  )
}

async function submitAction(page: Page, action: string, fill: Record<string, string>) {
  await page.getByTestId(`action-${action}`).click()
  const form = page.getByTestId('action-form')
  await form.waitFor()
  for (const [k, v] of Object.entries(fill)) {
    const f = form.getByTestId(`field-${k}`)
    if ((await f.evaluate((el) => el.tagName)) === 'SELECT') await f.selectOption(v)
    else await f.fill(v)
  }
  await form.getByTestId('action-submit').click()
}

describe('anonymous visitors', () => {
  it('are asked to sign in, and the page reads nothing', async () => {
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('dangers-signin').waitFor({ timeout: 30_000 })
    const text = await page.getByTestId('dangers-signin').textContent()
    expect(text).toContain('请先登录')
    expect(await page.getByTestId('dangers-table').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/dangers-anon.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the list (regulator)', () => {
  it('shows the total of an independent SQL count of the jurisdiction, with filters applied, one page at a time', async () => {
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')
    const scope = `area_code like '${DEMO_REGULATOR_AREA}%'`
    const count = async (where: string) =>
      (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where ${scope} and ${where}`)).rows[0].n

    const all = await count('true')
    expect(await totalShown(page)).toBe(all)
    // server-side pages: never more than a page of rows in the table
    const rowsShown = await page.getByTestId('danger-row').count()
    expect(rowsShown).toBe(Math.min(20, all))

    // status filter: rectifying
    await change(page, () => page.getByTestId('filter-status-rectifying').click())
    const rect = await count(`status = 'rectifying'`)
    expect(rect).toBeGreaterThan(0)
    expect(await totalShown(page)).toBe(rect)
    expect(await page.$$eval('[data-testid="danger-row"]', (els) => els.every((e) => e.getAttribute('data-status') === 'rectifying'))).toBe(true)

    // plus overdue
    await change(page, () => page.getByTestId('filter-overdue').click())
    const overdue = await count(`status = 'rectifying' and deadline < app.today()`)
    expect(await totalShown(page)).toBe(overdue)
    expect(
      await page.$$eval('[data-testid="danger-row"]', (els) => els.every((e) => e.getAttribute('data-overdue') === 'true' && e.classList.contains('overdue'))),
    ).toBe(true)

    // reset, then sort by deadline ascending: the first rows are the oldest deadlines
    await change(page, () => page.getByTestId('filter-reset').click())
    await change(page, () => page.getByTestId('sort-key').selectOption('deadline'))
    await change(page, () => page.getByTestId('sort-dir').click())
    const { rows: oldest } = await sql().query<{ id: string }>(
      `select id from public.hidden_dangers where ${scope} and deadline is not null order by deadline, id limit 3`,
    )
    const shownIds = await page.$$eval('[data-testid="danger-row"]', (els) => els.slice(0, 3).map((e) => e.getAttribute('data-id')))
    expect(shownIds).toEqual(oldest.map((r) => r.id))

    // page 2 of the default order (reported date, newest first) holds rows 21..40 of an independent query
    await change(page, () => page.getByTestId('sort-key').selectOption('found_at'))
    await change(page, () => page.getByTestId('sort-dir').click())
    await change(page, () => page.getByTestId('page-next').click())
    const { rows: second } = await sql().query<{ id: string }>(
      `select id from public.hidden_dangers where ${scope} order by found_at desc, id limit 20 offset 20`,
    )
    expect(second.length).toBeGreaterThan(0)
    expect(await page.$$eval('[data-testid="danger-row"]', (els) => els.map((e) => e.getAttribute('data-id')))).toEqual(second.map((r) => r.id))
    await change(page, () => page.getByTestId('page-prev').click())

    // open dangers by deadline, oldest first: the overdue ones lead and stand out
    await change(page, () => page.getByTestId('sort-key').selectOption('deadline'))
    await change(page, () => page.getByTestId('sort-dir').click())
    for (const s of ['reported', 'registered', 'rectifying', 'pending_verification']) {
      await change(page, () => page.getByTestId(`filter-status-${s}`).click())
    }
    const open = await count(`status not in ('closed', 'rejected')`)
    expect(await totalShown(page)).toBe(open)
    const overdueOpen = await count(`deadline < app.today() and status not in ('closed', 'rejected')`)
    expect(overdueOpen).toBeGreaterThan(0)
    const flags = await page.$$eval('[data-testid="danger-row"]', (els) => els.map((e) => e.getAttribute('data-overdue')))
    expect(flags.slice(0, Math.min(overdueOpen, 20)).every((f) => f === 'true')).toBe(true)
    expect(await page.locator('tr.overdue [data-testid="overdue-tag"]').count()).toBe(Math.min(overdueOpen, 20))

    await page.waitForTimeout(400)
    await page.screenshot({ path: `${OUT}/dangers-list.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('statistics: overdue and rectification rate of the district equal an independent count', async () => {
    const { page } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')
    await page.waitForFunction(() => document.querySelector('[data-testid="stats-panel"]')?.getAttribute('data-ready') === 'true')
    const { rows } = await sql().query<{ overdue: number; closed: number; registered: number }>(
      `select count(*) filter (where deadline < app.today() and status not in ('closed', 'rejected'))::int as overdue,
              count(*) filter (where status = 'closed')::int as closed,
              count(*) filter (where status not in ('reported', 'rejected'))::int as registered
       from public.hidden_dangers where area_code like '${DEMO_REGULATOR_AREA}%'`,
    )
    const row = page.locator(`[data-testid="stats-row"][data-code="${DEMO_REGULATOR_AREA}"]`)
    expect(Number(await row.getAttribute('data-overdue'))).toBe(rows[0].overdue)
    expect(Number(await row.getAttribute('data-rate'))).toBeCloseTo(rows[0].closed / rows[0].registered, 4)
    // the regulator's statistics hold its jurisdiction only
    expect(await page.getByTestId('stats-row').count()).toBe(1)
    // by street: the streets' overdue counts add up to the district's, every street inside it
    await page.getByTestId('stats-level-street').click()
    await page.waitForFunction(() => {
      const p = document.querySelector('[data-testid="stats-panel"]')
      return p?.getAttribute('data-level') === 'street' && p.getAttribute('data-ready') === 'true'
    })
    const streets = await page.$$eval('[data-testid="stats-row"]', (els) =>
      els.map((e) => ({ code: e.getAttribute('data-code')!, overdue: Number(e.getAttribute('data-overdue')) })),
    )
    expect(streets.length).toBeGreaterThan(1)
    expect(streets.every((s) => s.code.startsWith(DEMO_REGULATOR_AREA) && s.code.length === 9)).toBe(true)
    expect(streets.reduce((a, s) => a + s.overdue, 0)).toBe(rows[0].overdue)
    // a click on a street filters the list to it
    const street = streets[0]!
    await change(page, () => page.locator(`[data-testid="stats-row"][data-code="${street.code}"]`).click())
    const inStreet = (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where area_code like $1`, [`${street.code}%`]))
      .rows[0].n
    expect(await totalShown(page)).toBe(inStreet)
    await page.getByTestId('stats-panel').screenshot({ path: `${OUT}/dangers-stats-streets.png` })
    await page.close()
  })
})

describe('a closed loop through the UI forms', () => {
  it('regulator registers, the enterprise plans and finishes the rectification, the regulator closes; the timeline shows each event', async () => {
    const title = `UI闭环测试 ${Date.now().toString(36)}`
    const { rows: ins } = await sql().query<{ id: string }>(
      `insert into public.hidden_dangers (title, description, enterprise_id, status, location, source)
       select $1, '储罐区防火堤有裂缝，需修补', e.id, 'reported', e.location, 'inspection'
       from public.enterprises e where e.id = $2 returning id`,
      [title, DEMO_ENTERPRISE_ID],
    )
    const id = ins[0].id

    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')
    await openDanger(page, id)
    expect(await page.getByTestId('detail-title').textContent()).toBe(title)

    // register without an assessment: the form says what is missing, in Chinese, and sends nothing
    const events = async () =>
      (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_danger_events where hidden_danger_id = $1`, [id])).rows[0].n
    const eventsBefore = await events()
    await page.getByTestId('action-registered').click()
    await page.getByTestId('action-form').waitFor()
    await page.getByTestId('action-submit').click()
    await page.getByTestId('action-check').waitFor({ timeout: 5_000 })
    expect(await page.getByTestId('action-check').textContent()).toContain('尚未提交')
    expect(await page.getByTestId('field-error-severity').textContent()).toBe('请填写评估等级')
    expect(await page.getByTestId('action-error').count()).toBe(0)
    expect((await sql().query(`select status::text from public.hidden_dangers where id = $1`, [id])).rows[0].status).toBe('reported')
    expect(await events()).toBe(eventsBefore)
    await page.screenshot({ path: `${OUT}/dangers-action-refused.png` })

    // now with it
    await page.getByTestId('field-severity').selectOption('general')
    await page.getByTestId('field-note').fill('现场核实属实，登记为一般隐患')
    await page.getByTestId('action-submit').click()
    await detailStatus(page, 'registered')
    await signOut(page)

    // the enterprise: its own danger; a plan, then the rectification done
    await signIn(page, 'enterprise')
    const own = (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where enterprise_id = $1`, [DEMO_ENTERPRISE_ID]))
      .rows[0].n
    expect(await totalShown(page)).toBe(own)
    await openDanger(page, id)
    await page.getByTestId('action-rectifying').click()
    await page.getByTestId('action-form').waitFor()
    await page.getByTestId('field-measures').fill('清理裂缝并以防火材料封堵，重新做闭水试验')
    await page.getByTestId('field-responsible_person').fill('陈工')
    await page.getByTestId('field-funds').fill('15000')
    await page.getByTestId('field-deadline').fill(inDays(30))
    await page.screenshot({ path: `${OUT}/dangers-action-form.png` })
    await page.getByTestId('action-submit').click()
    await detailStatus(page, 'rectifying')
    // issue 12: names of responsible persons are for admins, the command centre and the area's
    // regulator; the enterprise sees a role label (the regulator sees the name in the timeline below)
    expect(await page.getByTestId('plan-responsible').textContent()).toBe('企业整改负责人（姓名仅对监管人员可见）')
    await submitAction(page, 'pending_verification', { done: '裂缝已封堵，闭水试验合格' })
    await detailStatus(page, 'pending_verification')
    // the enterprise may not close its own danger: no such action offered
    expect(await page.getByTestId('action-closed').count()).toBe(0)
    await signOut(page)

    // the regulator verifies and closes
    await signIn(page, 'regulator')
    await openDanger(page, id)
    await submitAction(page, 'closed', { verifier: '江海区应急管理局 李科长', verified_at: today })
    await detailStatus(page, 'closed')
    await page.getByTestId('actions-none').waitFor()

    const shown = await timeline(page)
    const { rows: ev } = await sql().query<{ from: string | null; to: string; action: string; role: string }>(
      `select from_status::text as from, to_status::text as to, action, actor_role as role
       from public.hidden_danger_events where hidden_danger_id = $1 order by at, id`,
      [id],
    )
    expect(shown).toEqual(ev.map((e) => ({ from: e.from ?? '', to: e.to, action: e.action })))
    expect(ev.map((e) => `${e.from ?? ''}>${e.to}:${e.role}`)).toEqual([
      '>reported:system',
      'reported>registered:regulator',
      'registered>rectifying:enterprise',
      'rectifying>pending_verification:enterprise',
      'pending_verification>closed:regulator',
    ])
    const tlText = await page.getByTestId('timeline').textContent()
    for (const s of [
      '现场核实属实，登记为一般隐患',
      '陈工',
      '裂缝已封堵，闭水试验合格',
      '江海区应急管理局 李科长',
      'enterprise@demo.yizhangtu.cn',
      'regulator@demo.yizhangtu.cn',
    ]) {
      expect(tlText).toContain(s)
    }
    expect(await page.getByTestId('verify-by').textContent()).toBe('江海区应急管理局 李科长')
    await page.getByTestId('timeline').scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${OUT}/dangers-detail-timeline.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a regulator raises a danger to major with its listing, and a rejection without a reason is stopped by the form', async () => {
    const tag = Date.now().toString(36)
    const { rows: ins } = await sql().query<{ id: string; title: string }>(
      `insert into public.hidden_dangers (title, enterprise_id, status, severity, location, source)
       select x.title, e.id, x.status::public.hidden_danger_status, x.severity::public.hidden_danger_severity, e.location, 'inspection'
       from public.enterprises e, (values ($1 || ' 挂牌', 'registered', 'general'), ($1 || ' 驳回', 'reported', null)) as x(title, status, severity)
       where e.id = $2 returning id, title`,
      [`UI督办测试 ${tag}`, DEMO_ENTERPRISE_ID],
    )
    const major = ins.find((r) => r.title.endsWith('挂牌'))!.id
    const reject = ins.find((r) => r.title.endsWith('驳回'))!.id

    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')

    await openDanger(page, major)
    await page.getByTestId('action-reassess').click()
    await page.getByTestId('action-form').waitFor()
    // the re-assessment is to major: the listing fields are asked for
    expect(await page.getByTestId('field-severity').inputValue()).toBe('major')
    await page.getByTestId('field-listing_level').selectOption('city')
    await page.getByTestId('field-supervising_office').fill('江门市应急管理局')
    await page.getByTestId('field-listing_date').fill(today)
    await page.getByTestId('field-note').fill('复查认定为重大事故隐患，市级挂牌督办')
    await page.getByTestId('action-submit').click()
    await page.waitForFunction(() => !!document.querySelector('[data-testid="listing-level"]'), undefined, { timeout: 30_000 })
    const { rows: db } = await sql().query(
      `select severity::text, listing_level::text, listing_date::text, supervising_office from public.hidden_dangers where id = $1`,
      [major],
    )
    expect(db[0]).toEqual({ severity: 'major', listing_level: 'city', listing_date: today, supervising_office: '江门市应急管理局' })
    expect(await page.getByTestId('detail-listing').textContent()).toContain('江门市应急管理局')
    expect((await timeline(page)).at(-1)).toEqual({ from: 'registered', to: 'registered', action: 'reassessed' })
    // the list marks it as listed (the list reloads after the detail: wait for it), and the listed filter counts as SQL does
    await expect.poll(() => page.locator(`[data-testid="danger-row"][data-id="${major}"] .tag-listed`).count(), { timeout: 30_000 }).toBe(1)
    await change(page, () => page.getByTestId('filter-listed').click())
    const listed = (
      await sql().query<{ n: number }>(
        `select count(*)::int as n from public.hidden_dangers where area_code like $1 and listing_level is not null and status <> 'closed'`,
        [`${DEMO_REGULATOR_AREA}%`],
      )
    ).rows[0].n
    expect(await totalShown(page)).toBe(listed)
    await page.getByTestId('detail-listing').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/dangers-listed.png` })
    await change(page, () => page.getByTestId('filter-listed').click())

    await openDanger(page, reject)
    await page.getByTestId('action-rejected').click()
    await page.getByTestId('action-form').waitFor()
    await page.getByTestId('action-submit').click()
    await page.getByTestId('field-error-note').waitFor({ timeout: 5_000 })
    expect(await page.getByTestId('field-error-note').textContent()).toBe('请填写理由')
    await page.getByTestId('field-note').fill('现场核查无此情况')
    // a corrected field loses its mark at once
    await expect.poll(() => page.getByTestId('field-error-note').count(), { timeout: 30_000 }).toBe(0)
    await page.getByTestId('action-submit').click()
    await detailStatus(page, 'rejected')
    expect(await page.getByTestId('timeline-note').last().textContent()).toContain('现场核查无此情况')
    expect(errors).toEqual([])
    await page.close()
  })

  it('a change made meanwhile by someone else: the database refuses, the page says so as the database wrote it and keeps the input', async () => {
    const { rows: ins } = await sql().query<{ id: string }>(
      `insert into public.hidden_dangers (title, enterprise_id, status, location, source)
       select $1, e.id, 'reported', e.location, 'inspection' from public.enterprises e where e.id = $2 returning id`,
      [`UI并发测试 ${Date.now().toString(36)}`, DEMO_ENTERPRISE_ID],
    )
    const id = ins[0].id
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')
    await openDanger(page, id)
    await page.getByTestId('action-rejected').click()
    await page.getByTestId('field-note').fill('现场核查无此情况')
    // meanwhile, in another office: an admin registers it
    const admin = DEMO_USERS.find((u) => u.role === 'admin')!
    const other = await signInClient(admin.email, admin.password)
    expect((await other.rpc('transition_hidden_danger', { id, to_status: 'registered', note: null, details: { severity: 'general' } })).error).toBeNull()
    await page.getByTestId('action-submit').click()
    await page.getByTestId('action-error').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('action-error').textContent()).toMatch(/数据库拒绝了该操作：.*registered.*rejected/)
    expect(await page.getByTestId('field-note').inputValue()).toBe('现场核查无此情况')
    expect((await sql().query(`select status::text from public.hidden_dangers where id = $1`, [id])).rows[0].status).toBe('registered')
    expect(errors).toEqual([])
    await page.close()
  })

  it('search, "most overdue first" and the filters live in the URL: a reloaded link shows the same list', async () => {
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'regulator')
    const {
      rows: [ent],
    } = await sql().query<{ name: string }>(`select name from public.enterprises where id = $1`, [DEMO_ENTERPRISE_ID])
    const word = ent.name.slice(0, 4)
    await change(page, () => page.getByTestId('filter-text').fill(word))
    const want = (
      await sql().query<{ n: number }>(
        `select count(*)::int as n from public.hidden_dangers d left join public.enterprises e on e.id = d.enterprise_id
       where d.area_code like $1 and (d.title ilike $2 or e.name ilike $2 or d.tracking_code ilike $2)`,
        [`${DEMO_REGULATOR_AREA}%`, `%${word}%`],
      )
    ).rows[0].n
    expect(want).toBeGreaterThan(0)
    expect(await totalShown(page)).toBe(want)
    await change(page, () => page.getByTestId('sort-key').selectOption('overdue'))
    await change(page, () => page.getByTestId('filter-status-rectifying').click())
    const hash = await page.evaluate(() => location.hash)
    expect(hash).toContain('sort=overdue')
    expect(hash).toContain('status=rectifying')
    expect(new URLSearchParams(hash.split('?')[1]).get('q')).toBe(word)
    const shown = await page.$$eval('[data-testid="danger-row"]', (els) => els.map((e) => e.getAttribute('data-overdue')))
    // overdue ones first
    expect(shown.join(',')).toMatch(/^(true,)*(false,?)*$/)
    await page.screenshot({ path: `${OUT}/dangers-search.png` })

    // the district filter offers the regulator its own district only
    const options = await page.$$eval('[data-testid="filter-area"] option', (els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean))
    expect(options).toEqual([DEMO_REGULATOR_AREA])

    const total = await totalShown(page)
    await page.reload()
    await page.getByTestId('dangers-page').waitFor({ timeout: 30_000 })
    await page.waitForFunction(() => document.querySelector('[data-testid="list-total"]')?.getAttribute('data-total') !== '', undefined, { timeout: 30_000 })
    expect(await page.getByTestId('filter-text').inputValue()).toBe(word)
    expect(await page.getByTestId('sort-key').inputValue()).toBe('overdue')
    expect(await totalShown(page)).toBe(total)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a read-only role (command centre) sees the danger and no actions', async () => {
    const { rows } = await sql().query<{ id: string }>(`select id from public.hidden_dangers order by found_at desc, id limit 1`)
    const { page } = await newPage()
    await page.goto(appUrl + `/#/dangers?id=${rows[0].id}`)
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signIn(page, 'command')
    await page.locator(`[data-testid="danger-detail"][data-id="${rows[0].id}"]`).waitFor({ timeout: 30_000 })
    await page.getByTestId('actions-none').waitFor()
    expect(await page.locator('[data-testid^="action-"]').count()).toBe(0)
    const all = (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers`)).rows[0].n
    expect(await totalShown(page)).toBe(all)

    // the command centre's statistics: every district with dangers, as the RPC computes them independently here
    await page.waitForFunction(() => document.querySelector('[data-testid="stats-panel"]')?.getAttribute('data-ready') === 'true')
    const { rows: byDistrict } = await sql().query<{ code: string; overdue: number }>(
      `select a.code, count(*) filter (where d.deadline < app.today() and d.status not in ('closed', 'rejected'))::int as overdue
       from public.areas a join public.hidden_dangers d on d.area_code like a.code || '%'
       where a.level = 'district' group by a.code`,
    )
    const shownStats = await page.$$eval('[data-testid="stats-row"]', (els) =>
      els.map((e) => ({ code: e.getAttribute('data-code')!, overdue: Number(e.getAttribute('data-overdue')) })),
    )
    expect(shownStats.sort((a, b) => a.code.localeCompare(b.code))).toEqual(byDistrict.sort((a, b) => a.code.localeCompare(b.code)))
    await page.getByTestId('stats-panel').screenshot({ path: `${OUT}/dangers-stats.png` })

    // the same page in English
    await page.getByTestId('lang-toggle').click()
    await page.getByTestId('timeline').scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${OUT}/dangers-en.png` })
    await page.getByTestId('lang-toggle').click()

    // 在一张图中查看: the one map opens this danger's card
    const name = (await sql().query<{ name: string }>(`select title as name from public.hidden_dangers where id = $1`, [rows[0].id])).rows[0].name
    await page.getByTestId('show-on-map').click()
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await page
      .getByTestId('detail-title')
      .waitFor({ timeout: 90_000 })
      .catch(async (e) => {
        await page.screenshot({ path: `${OUT}/dangers-show-on-map-failed.png` })
        throw new Error(`${e.message}; status: ${await page.evaluate(() => document.querySelector('[data-testid="status-link"]')?.textContent)}`)
      })
    expect((await page.getByTestId('detail-title').textContent())?.trim()).toBe(name)
    await page.close()
  })
})
