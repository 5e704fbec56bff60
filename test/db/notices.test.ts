// Public notices and the serious-dishonesty list (issue 18) through supabase-js → gateway →
// PostgREST → PostgreSQL: the workflow per role (a regulator drafts, another regulator of the area
// or an admin publishes, never the author; withdrawal with a reason; append-only history), what the
// public sees (published and unexpired only, by area or point), the personal-data checks on
// publishing (resident IDs with valid and invalid check characters, mobile numbers; the SQL and
// src/domain/notices.ts agree), a listed major hidden danger drafted as a notice in one step and its
// closing proposing withdrawal, input limits, and the blacklist's terms (3 years; removal no earlier
// than 12 months after listing).
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { earliestRemoval, findPersonalData, residentIdCheckChar } from '../../src/domain/notices.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
/** A second regulator of the same district (another user: may approve the first one's drafts). */
let regulator2: SupabaseClient
const REGULATOR2_ID = '00000000-0000-4000-8000-0000000018b2'
const TAG = `notices-test-${Date.now().toString(36)}`
const ID17 = '44070419900101123'
const VALID_ID = ID17 + residentIdCheckChar(ID17)
const INVALID_ID = ID17 + (residentIdCheckChar(ID17) === '0' ? '1' : '0')

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  regulator2 = await clientWithClaims({
    sub: REGULATOR2_ID,
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator2@example.com',
    app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] },
  })
}, 120_000)

async function draft(client: SupabaseClient, fields: Record<string, unknown> = {}): Promise<string> {
  const { data, error } = await client
    .from('public_notices')
    .insert({ kind: 'general', title: `${TAG} 公告`, body: '演示公告正文', area_codes: [DEMO_REGULATOR_AREA], ...fields })
    .select('id')
    .single()
  if (error) throw new Error(`draft: ${error.message}`)
  return data.id as string
}

async function notice(id: string) {
  const { rows } = await sql().query<Record<string, unknown>>(`select * from public.public_notices where id = $1`, [id])
  return rows[0]!
}

async function events(id: string) {
  const { rows } = await sql().query<{ action: string; actor_role: string; actor_id: string | null; note: string | null }>(
    `select action, actor_role, actor_id, note from public.public_notice_events where notice_id = $1 order by id`,
    [id],
  )
  return rows
}

describe('workflow per role', () => {
  it('a regulator drafts; it may not publish its own draft; another regulator of the area publishes; history is kept', async () => {
    const id = await draft(as.regulator)
    const n = await notice(id)
    expect(n).toMatchObject({ status: 'draft', author_id: demoUser('regulator').id, author_role: 'regulator', area_code: DEMO_REGULATOR_AREA })

    const own = await as.regulator.rpc('publish_notice', { id })
    expect(own.error?.code).toBe('42501')
    expect(own.error?.message).toMatch(/author may not approve/)

    for (const role of ['planner', 'command', 'enterprise'] as const) {
      const r = await as[role].rpc('publish_notice', { id })
      expect(r.error?.code, role).toBe('42501')
    }
    const anon = await anonClient().rpc('publish_notice', { id })
    expect(anon.error, 'anon').not.toBeNull()

    const ok = await regulator2.rpc('publish_notice', { id })
    expect(ok.error).toBeNull()
    expect(ok.data).toMatchObject({ id, status: 'published' })
    expect(await notice(id)).toMatchObject({ status: 'published', approver_id: REGULATOR2_ID, approver_role: 'regulator' })

    const again = await as.admin.rpc('publish_notice', { id })
    expect(again.error?.message).toMatch(/not a draft/)
    expect((await events(id)).map((e) => [e.action, e.actor_role, e.actor_id])).toEqual([
      ['drafted', 'regulator', demoUser('regulator').id],
      ['published', 'regulator', REGULATOR2_ID],
    ])
  })

  it('an admin publishes a regulator draft; an admin may not publish its own draft either', async () => {
    const id = await draft(as.regulator)
    expect((await as.admin.rpc('publish_notice', { id })).error).toBeNull()
    expect(await notice(id)).toMatchObject({ status: 'published', approver_id: demoUser('admin').id, approver_role: 'admin' })
    const mine = await draft(as.admin, { area_codes: ['440703'] })
    expect((await as.admin.rpc('publish_notice', { id: mine })).error?.message).toMatch(/author may not approve/)
  })

  it('a regulator drafts and publishes only inside its district', async () => {
    const out = await as.regulator
      .from('public_notices')
      .insert({ title: `${TAG} 越界`, body: '正文', area_codes: ['440703'] })
      .select('id')
    expect(out.error?.code).toBe('42501')
    const mixed = await as.regulator
      .from('public_notices')
      .insert({ title: `${TAG} 越界`, body: '正文', area_codes: [DEMO_REGULATOR_AREA, '440703'] })
      .select('id')
    expect(mixed.error?.code).toBe('42501')
    expect(mixed.error?.message).toMatch(/440703 is outside your jurisdiction/)
    const elsewhere = await draft(as.admin, { area_codes: ['440703'] })
    const r = await as.regulator.rpc('publish_notice', { id: elsewhere })
    expect(r.error?.code).toBe('42501')
    expect((await notice(elsewhere)).status).toBe('draft')
  })

  it('enterprises, planners, the command centre and the public cannot draft', async () => {
    for (const role of ['planner', 'command', 'enterprise'] as const) {
      const r = await as[role].from('public_notices').insert({ title: `${TAG} x`, body: 'x', area_codes: [DEMO_REGULATOR_AREA] })
      expect(r.error?.code, role).toBe('42501')
    }
    const r = await anonClient()
      .from('public_notices')
      .insert({ title: `${TAG} x`, body: 'x', area_codes: [DEMO_REGULATOR_AREA] })
    expect(r.error?.code).toBe('42501')
  })

  it('status and publication change only through the functions; a published notice is not edited', async () => {
    const sneaky = await as.regulator
      .from('public_notices')
      .insert({ title: `${TAG} 直接发布`, body: '正文', area_codes: [DEMO_REGULATOR_AREA], status: 'published', published_at: new Date().toISOString() })
    expect(sneaky.error?.code).toBe('42501')
    const id = await draft(as.regulator)
    const flip = await as.regulator.from('public_notices').update({ status: 'published' }).eq('id', id).select('id')
    expect(flip.error?.code).toBe('42501')
    // a draft's text is edited, and the edit is logged
    const edit = await as.regulator.from('public_notices').update({ body: '改过的正文' }).eq('id', id).select('id')
    expect(edit.error).toBeNull()
    expect((await events(id)).map((e) => e.action)).toEqual(['drafted', 'edited'])
    expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
    const late = await as.regulator.from('public_notices').update({ body: '发布后再改' }).eq('id', id).select('id')
    expect(late.error?.code).toBe('42501')
    expect(late.error?.message).toMatch(/published notice is not edited/)
    const del = await as.admin.from('public_notices').delete().eq('id', id)
    expect(del.error?.code).toBe('42501')
  })

  it('withdrawal needs a reason; history is append-only', async () => {
    const id = await draft(as.regulator)
    expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
    const none = await as.regulator.rpc('withdraw_notice', { id, reason: ' ' })
    expect(none.error?.code).toBe('22023')
    expect(none.error?.message).toMatch(/reason/)
    expect((await as.planner.rpc('withdraw_notice', { id, reason: '规划无权撤回' })).error?.code).toBe('42501')
    const ok = await as.regulator.rpc('withdraw_notice', { id, reason: '情况已变化，撤回公告' })
    expect(ok.error).toBeNull()
    expect(await notice(id)).toMatchObject({ status: 'withdrawn', withdrawal_reason: '情况已变化，撤回公告' })
    expect((await as.regulator.rpc('withdraw_notice', { id, reason: '再撤一次' })).error?.message).toMatch(/already withdrawn/)
    expect((await events(id)).map((e) => e.action)).toEqual(['drafted', 'published', 'withdrawn'])
    // no API role writes the history; not even the superuser edits it
    const w = await as.admin.from('public_notice_events').update({ note: '篡改' }).eq('notice_id', id).select('id')
    expect(w.error?.code).toBe('42501')
    await expect(sql().query(`update public.public_notice_events set note = 'x' where notice_id = $1`, [id])).rejects.toThrow(/append-only/)
    await expect(sql().query(`delete from public.public_notice_events where notice_id = $1`, [id])).rejects.toThrow(/append-only/)
  })

  it('enterprises read published notices only; the history is staff-only without enterprises', async () => {
    const d = await draft(as.regulator)
    const { data } = await as.enterprise.from('public_notices').select('id, status').eq('id', d)
    expect(data).toEqual([])
    const { data: pub } = await as.enterprise.from('public_notices').select('status')
    expect(pub!.length).toBeGreaterThan(0)
    expect(new Set(pub!.map((r) => r.status))).toEqual(new Set(['published']))
    const ev = await as.enterprise.from('public_notice_events').select('id').limit(1)
    expect(ev.data).toEqual([])
  })
})

describe('what the public sees', () => {
  let live: string
  let expired: string
  let drafted: string
  let withdrawn: string
  beforeAll(async () => {
    const future = new Date(Date.now() + 7 * 86400_000).toISOString()
    live = await draft(as.regulator, { kind: 'regional_warning', level: 2, title: `${TAG} 大风橙色预警`, valid_until: future })
    expired = await draft(as.regulator, { kind: 'regional_warning', level: 3, title: `${TAG} 已过期预警`, valid_until: future })
    drafted = await draft(as.regulator, { title: `${TAG} 草稿` })
    withdrawn = await draft(as.regulator, { title: `${TAG} 撤回` })
    for (const id of [live, expired, withdrawn]) expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
    expect((await as.regulator.rpc('withdraw_notice', { id: withdrawn, reason: '测试撤回' })).error).toBeNull()
    // time passes for one of them (maintenance may move it: the guard lets the owner through)
    await sql().query(`update public.public_notices set published_at = now() - interval '2 days', valid_until = now() - interval '1 minute' where id = $1`, [
      expired,
    ])
  })

  it('anon reads published, unexpired notices through public_notices_active() and nothing from the table', async () => {
    const anon = anonClient()
    const table = await anon.from('public_notices').select('id').limit(1)
    expect(table.error?.code).toBe('42501')
    const { data, error } = await anon.rpc('public_notices_active')
    expect(error).toBeNull()
    const ids = new Set((data as { id: string }[]).map((n) => n.id))
    expect(ids.has(live)).toBe(true)
    for (const id of [expired, drafted, withdrawn]) expect(ids.has(id), id).toBe(false)
    // every row is published and unexpired, independently counted
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.public_notices where status = 'published' and (valid_until is null or valid_until > now())`,
    )
    expect((data as unknown[]).length).toBe(Math.min(200, rows[0]!.n))
    const row = (data as Record<string, unknown>[]).find((n) => n.id === live)!
    expect(row).toMatchObject({ kind: 'regional_warning', level: 2, area_codes: [DEMO_REGULATOR_AREA] })
    for (const k of ['author_id', 'approver_id', 'author_role', 'withdrawal_reason']) expect(row, k).not.toHaveProperty(k)
  })

  it('filters by area (the area, inside it or around it) and by point', async () => {
    const anon = anonClient()
    const inside = await anon.rpc('public_notices_active', { area_code: DEMO_REGULATOR_AREA })
    expect((inside.data as { id: string }[]).some((n) => n.id === live)).toBe(true)
    const other = await anon.rpc('public_notices_active', { area_code: '440703' })
    expect((other.data as { id: string; area_codes: string[] }[]).some((n) => n.id === live)).toBe(false)
    // a street inside 江海区 sees the district's notice
    const { rows } = await sql().query<{ code: string; lon: number; lat: number }>(
      `select code, extensions.st_x(extensions.st_pointonsurface(geom)) lon, extensions.st_y(extensions.st_pointonsurface(geom)) lat
       from public.areas where level = 'street' and code like '${DEMO_REGULATOR_AREA}%' order by code limit 1`,
    )
    const street = await anon.rpc('public_notices_active', { area_code: rows[0]!.code })
    expect((street.data as { id: string }[]).some((n) => n.id === live)).toBe(true)
    const atPoint = await anon.rpc('public_notices_active', { lon: rows[0]!.lon, lat: rows[0]!.lat })
    expect(atPoint.error).toBeNull()
    expect((atPoint.data as { id: string }[]).some((n) => n.id === live)).toBe(true)
    const bad = await anon.rpc('public_notices_active', { area_code: 'x; drop' })
    expect(bad.error?.code).toBe('22023')
    const half = await anon.rpc('public_notices_active', { lon: 113 })
    expect(half.error?.code).toBe('22023')
  })
})

describe('publishing refuses resident ID numbers and mobile numbers, and says where', () => {
  it('a valid resident ID in the body: refused with field and position; nothing published', async () => {
    const body = `经查，责任人（身份证${VALID_ID}）未按期整改。`
    const id = await draft(as.regulator, { body })
    const r = await regulator2.rpc('publish_notice', { id })
    expect(r.error?.code).toBe('22023')
    expect(r.error?.message).toContain('public_notices.body')
    expect(r.error?.message).toContain('第 11 个字符起疑似居民身份证号码')
    expect(r.error?.message).toMatch(/resident ID number at character 11/)
    expect(r.error?.message).not.toContain(VALID_ID)
    expect(r.error?.details).toMatch(/field: public_notices.body; position: 11/)
    expect((await notice(id)).status).toBe('draft')
    // the form's check says the same
    expect(findPersonalData(body)[0]).toMatchObject({ kind: 'resident_id', pos: 11 })
  })

  it('the same digits with a wrong check character are not an ID: published', async () => {
    const id = await draft(as.regulator, { body: `批复文号 ${INVALID_ID}` })
    expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
  })

  it('a mobile number in the title: refused naming the title', async () => {
    const id = await draft(as.regulator, { title: `${TAG} 联系 138-0013-8000` })
    const r = await regulator2.rpc('publish_notice', { id })
    expect(r.error?.message).toContain('public_notices.title')
    expect(r.error?.message).toMatch(/mobile phone number at character \d+ \(138\*\*\*\*8000\)/)
    // fixed and published: the landline and 12350 stay
    expect(
      (
        await as.regulator
          .from('public_notices')
          .update({ title: `${TAG} 联系 0750-3501234 或 12350` })
          .eq('id', id)
      ).error,
    ).toBeNull()
    expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
  })

  it('the SQL and src/domain/notices.ts find the same things at the same positions', async () => {
    const samples = [
      `身份证${VALID_ID}`,
      `号码${INVALID_ID}`,
      `11010519491231002x 与 13912345678`,
      '电话 138 0013 8000，+86 159-1234-5678',
      '全角１３８００１３８０００',
      '𠀀𠀁13800138000',
      '无个人信息：12350，0750-3501234，2026年12月4日',
      `1${VALID_ID}`,
    ]
    for (const s of samples) {
      const { rows } = await sql().query<{ kind: string; pos: number; len: number; masked: string }>(
        `select kind, pos, len, masked from app.personal_data_in_text($1)`,
        [s],
      )
      expect(rows, s).toEqual(findPersonalData(s))
    }
  })
})

describe('a listed major hidden danger as a notice in one step; closing proposes withdrawal', () => {
  let dangerId: string
  let noticeId: string
  beforeAll(async () => {
    // a listed major danger of the district, under rectification, with no notice yet
    const { rows } = await sql().query<{ id: string }>(
      `select d.id from public.hidden_dangers d where d.severity = 'major' and d.listing_level is not null
         and d.status = 'rectifying' and d.area_code like '${DEMO_REGULATOR_AREA}%'
         and not exists (select 1 from public.public_notices n where n.hidden_danger_id = d.id)
       order by d.id limit 1`,
    )
    expect(rows.length, 'a listed major hidden danger in the district').toBe(1)
    dangerId = rows[0]!.id
  })

  it('drafts the notice from the record; only listed major dangers; one live notice per danger', async () => {
    const r = await as.regulator.rpc('draft_notice_from_hidden_danger', { hidden_danger_id: dangerId })
    expect(r.error).toBeNull()
    noticeId = r.data.id
    const { rows } = await sql().query<{ title: string; listing_level: string; supervising_office: string; ent: string }>(
      `select d.title, d.listing_level, d.supervising_office, e.name ent from public.hidden_dangers d
       left join public.enterprises e on e.id = d.enterprise_id where d.id = $1`,
      [dangerId],
    )
    const d = rows[0]!
    const n = await notice(noticeId)
    expect(n).toMatchObject({ kind: 'listed_danger', status: 'draft', hidden_danger_id: dangerId, author_role: 'regulator' })
    expect(n.title).toContain(d.listing_level === 'city' ? '市级' : '县级')
    expect(n.body).toContain(`隐患名称：${d.title}`)
    expect(n.body).toContain(d.supervising_office)
    if (d.ent) expect(n.title).toContain(d.ent)
    const twice = await as.regulator.rpc('draft_notice_from_hidden_danger', { hidden_danger_id: dangerId })
    expect(twice.error?.code).toBe('23505')
    const { rows: general } = await sql().query<{ id: string }>(
      `select id from public.hidden_dangers where severity = 'general' and area_code like '${DEMO_REGULATOR_AREA}%' limit 1`,
    )
    const g = await as.regulator.rpc('draft_notice_from_hidden_danger', { hidden_danger_id: general[0]!.id })
    expect(g.error?.message).toMatch(/not a listed major hidden danger/)
    expect((await as.enterprise.rpc('draft_notice_from_hidden_danger', { hidden_danger_id: dangerId })).error?.code).toBe('42501')
    // edited before publishing, then published by another regulator
    expect(
      (
        await as.regulator
          .from('public_notices')
          .update({ body: (n.body as string) + '\n（已核对）' })
          .eq('id', noticeId)
      ).error,
    ).toBeNull()
    const pub = await regulator2.rpc('publish_notice', { id: noticeId })
    expect(pub.error).toBeNull()
  })

  it('closing the danger flags the notice for withdrawal and logs it, without withdrawing it', async () => {
    const today = cityToday()
    const t1 = await as.regulator.rpc('transition_hidden_danger', { id: dangerId, to_status: 'pending_verification', details: { done: '已整改完毕' } })
    expect(t1.error).toBeNull()
    const t2 = await as.regulator.rpc('transition_hidden_danger', {
      id: dangerId,
      to_status: 'closed',
      details: { verifier: '验收组', verified_at: today },
    })
    expect(t2.error).toBeNull()
    const n = await notice(noticeId)
    expect(n.status).toBe('published')
    expect(n.withdrawal_proposed_at).not.toBeNull()
    expect((await events(noticeId)).map((e) => e.action)).toEqual(['drafted', 'edited', 'published', 'withdrawal_proposed'])
    // the person decides
    expect((await as.regulator.rpc('withdraw_notice', { id: noticeId, reason: '隐患已销号' })).error).toBeNull()
  })
})

describe('input limits', () => {
  it('names the field and the reason', async () => {
    for (const [fields, field] of [
      [{ title: 'x' }, 'public_notices.title'],
      [{ body: 'x'.repeat(8001) }, 'public_notices.body'],
      [{ body: '\u3000\u200b ' }, 'public_notices.body'],
      [{ level: 5 }, 'public_notices.level'],
      [{ kind: 'rumour' }, 'public_notices.kind'],
      [{ area_codes: ['999999'] }, 'public_notices.area_codes'],
    ] as [Record<string, unknown>, string][]) {
      const r = await as.admin.from('public_notices').insert(Object.assign({ title: `${TAG} 限制`, body: '正文', area_codes: [DEMO_REGULATOR_AREA] }, fields))
      expect(r.error?.code, JSON.stringify(fields)).toBe('22023')
      expect(r.error?.message, JSON.stringify(fields)).toContain(field)
    }
    const warning = await as.admin.from('public_notices').insert({ kind: 'regional_warning', title: `${TAG} 无等级`, body: '正文', area_codes: ['4407'] })
    expect(warning.error).not.toBeNull()
  })
})

describe('credit_blacklist', () => {
  let entInDistrict: string
  let entElsewhere: string
  beforeAll(async () => {
    const { rows } = await sql().query<{ id: string; inside: boolean }>(
      `(select id, true inside from public.enterprises e where area_code like '${DEMO_REGULATOR_AREA}%' and id <> $1
         and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id) order by id limit 1)
       union all
       (select id, false from public.enterprises e where area_code not like '${DEMO_REGULATOR_AREA}%'
         and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id) order by id limit 1)`,
      [DEMO_ENTERPRISE_ID],
    )
    entInDistrict = rows.find((r) => r.inside)!.id
    entElsewhere = rows.find((r) => !r.inside)!.id
  })

  it('a listing runs 3 years by default; a regulator lists only in its district; one open listing per enterprise', async () => {
    // listed today (the city's): a fixed past day would one day be refused as already expired
    const listed = cityToday()
    const [y, md] = [Number(listed.slice(0, 4)), listed.slice(5)]
    const expires = `${y + 3}-${md === '02-29' ? '02-28' : md}` // PostgreSQL's date + 3 years
    const { data, error } = await as.regulator
      .from('credit_blacklist')
      .insert({ enterprise_id: entInDistrict, reason: '存在重大事故隐患拒不整改', decision: '江应急失信〔2026〕1号', listed_on: listed })
      .select('id, listed_on, expires_on, area_code')
      .single()
    expect(error).toBeNull()
    expect(data).toMatchObject({ listed_on: listed, expires_on: expires })
    expect(data!.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    const twice = await as.regulator.from('credit_blacklist').insert({ enterprise_id: entInDistrict, reason: '重复列入' })
    expect(twice.error).not.toBeNull()
    const out = await as.regulator.from('credit_blacklist').insert({ enterprise_id: entElsewhere, reason: '越界列入' })
    expect(out.error?.code).toBe('42501')
    for (const role of ['planner', 'command', 'enterprise'] as const) {
      const r = await as[role].from('credit_blacklist').insert({ enterprise_id: entElsewhere, reason: '无权列入' })
      expect(r.error?.code, role).toBe('42501')
    }
    const backwards = await as.admin
      .from('credit_blacklist')
      .insert({ enterprise_id: entElsewhere, reason: '日期颠倒', listed_on: '2026-03-01', expires_on: '2026-01-01' })
    expect(backwards.error?.code).toBe('22023')
    expect(backwards.error?.message).toContain('credit_blacklist.expires_on')
    const unknown = await as.admin.from('credit_blacklist').insert({ enterprise_id: '00000000-0000-4000-8000-000000000000', reason: '不存在的企业' })
    expect(unknown.error?.message).toContain('credit_blacklist.enterprise_id')
  })

  it('removal: refused before 12 months (saying from when), allowed from the day, recorded, never twice, never deleted', async () => {
    const today = new Date(`${cityToday()}T00:00:00Z`)
    const iso = (d: Date) => d.toISOString().slice(0, 10)
    // listed 12 months ago tomorrow: one day short
    const short = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate() + 1))
    const { data: entry } = await as.admin
      .from('credit_blacklist')
      .insert({ enterprise_id: entElsewhere, reason: '瞒报谎报事故', listed_on: iso(short) })
      .select('id')
      .single()
    const early = await as.admin.rpc('remove_from_blacklist', { id: entry!.id, reason: '已完成信用修复' })
    expect(early.error?.code).toBe('22023')
    expect(early.error?.message).toContain(`credit repair is possible from ${earliestRemoval(iso(short))}`)
    expect(early.error?.message).toContain('满 12 个月')
    // exactly 12 months ago: allowed (the listing is moved back by maintenance, as the owner: through
    // the API a listing's day of listing is fixed, 20270111000100; test/db/blacklist-edits.test.ts)
    const exact = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()))
    await sql().query(`update public.credit_blacklist set listed_on = $2 where id = $1`, [entry!.id, iso(exact)])
    expect((await as.regulator.rpc('remove_from_blacklist', { id: entry!.id, reason: '越界移出' })).error?.code).toBe('42501')
    expect((await as.enterprise.rpc('remove_from_blacklist', { id: entry!.id, reason: '自己移出' })).error?.code).toBe('42501')
    expect((await as.admin.rpc('remove_from_blacklist', { id: entry!.id, reason: '' })).error?.code).toBe('22023')
    const ok = await as.admin.rpc('remove_from_blacklist', { id: entry!.id, reason: '已完成信用修复，经审核移出' })
    expect(ok.error).toBeNull()
    const { rows } = await sql().query(`select removed_on::text, removal_reason, removed_by, removed_by_role from public.credit_blacklist where id = $1`, [
      entry!.id,
    ])
    expect(rows[0]).toEqual({
      removed_on: iso(today),
      removal_reason: '已完成信用修复，经审核移出',
      removed_by: demoUser('admin').id,
      removed_by_role: 'admin',
    })
    expect((await as.admin.rpc('remove_from_blacklist', { id: entry!.id, reason: '再次移出' })).error?.message).toMatch(/already removed/)
    const edit = await as.admin.from('credit_blacklist').update({ reason: '改写记录' }).eq('id', entry!.id).select('id')
    expect(edit.error?.code).toBe('42501')
    const direct = await as.admin.from('credit_blacklist').update({ removed_on: null, removal_reason: null }).eq('id', entry!.id).select('id')
    expect(direct.error?.code).toBe('42501')
    const del = await as.admin.from('credit_blacklist').delete().eq('id', entry!.id)
    expect(del.error?.code).toBe('42501')
    // the enterprise may be listed again after removal
    const relisted = await as.admin.from('credit_blacklist').insert({ enterprise_id: entElsewhere, reason: '再次失信' })
    expect(relisted.error).toBeNull()
  })

  it('who reads: staff all, a regulator its district, an enterprise its own, the public nothing', async () => {
    const total = (await sql().query<{ n: number }>(`select count(*)::int n from public.credit_blacklist`)).rows[0]!.n
    expect(total).toBeGreaterThan(0)
    for (const role of ['admin', 'command', 'planner'] as const) {
      const { count } = await as[role].from('credit_blacklist').select('id', { count: 'exact' }).limit(1)
      expect(count, role).toBe(total)
    }
    const { data: reg } = await as.regulator.from('credit_blacklist').select('area_code')
    expect(reg!.length).toBeGreaterThan(0)
    expect(reg!.every((r) => r.area_code.startsWith(DEMO_REGULATOR_AREA))).toBe(true)
    const { data: ent } = await as.enterprise.from('credit_blacklist').select('enterprise_id')
    expect(ent!.every((r) => r.enterprise_id === DEMO_ENTERPRISE_ID)).toBe(true)
    expect((await anonClient().from('credit_blacklist').select('id').limit(1)).error?.code).toBe('42501')
    expect((await serviceClient().from('credit_blacklist').select('id').limit(1)).error).toBeNull()
  })
})
