// Evidence photos through the Storage API (issue 21), via supabase-js `storage.from('evidence')`
// against the local stack's Storage stand-in: RLS on storage.objects decides who adds and sees
// which photo (a public report's photo: its reporter and the area's staff, never other members of
// the public), the bucket's limits and the content sniffing refuse bad files, nobody deletes
// evidence, and evidence_attachments records only what its caller uploaded.
import { createHash, randomUUID } from 'node:crypto'
import { describe, it, expect, beforeAll } from 'vitest'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, clientWithClaims, clientOptions, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as: Record<string, SupabaseClient> = {}
let reporter: SupabaseClient
let reportId: string
let reportKey: string
let reportPhoto: string
/** A danger of the demo enterprise inside the demo regulator's district, and one elsewhere. */
let own: string
let foreign: string
const RUN = Math.random().toString(36).slice(2, 8)

/** A tiny but well-formed JPEG (SOI, APP0, EOI) padded to `size` bytes. */
const jpeg = (size = 2048): Buffer => {
  const b = Buffer.alloc(size, 0x20)
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b, 0)
  Buffer.from([0xff, 0xd9]).copy(b, size - 2)
  return b
}
const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)])
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const blob = (b: Buffer, type: string) => new Blob([new Uint8Array(b)], { type })
const path = (danger: string, stage: string, ext = 'jpg') => `${danger}/${stage}/${randomUUID()}.${ext}`

/** An anonymous client that sends the reporter's key, as the public page does. */
const withKey = (key: string): SupabaseClient => {
  const { url, anonKey } = stackInfo()
  return createClient(url, anonKey, { ...clientOptions, global: { headers: { 'x-evidence-key': key } } })
}

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as AppRole[]) {
    const u = demoUser(role)
    as[role] = await signIn(u.email, u.password)
  }
  as.none = await clientWithClaims({ sub: randomUUID(), role: 'authenticated', aud: 'authenticated', app_metadata: {} })
  as.regulator_elsewhere = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c3',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  as.other_enterprise = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c4',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'enterprise', enterprise_id: 'de300000-0000-4000-8000-00000000e002' },
  })
  const pick = async (where: string) =>
    (await sql().query<{ id: string }>(`select id from public.hidden_dangers where ${where} order by id limit 1`)).rows[0]!.id
  own = await pick(`enterprise_id = '${DEMO_ENTERPRISE_ID}' and area_code like '${DEMO_REGULATOR_AREA}%'`)
  foreign = await pick(`enterprise_id <> '${DEMO_ENTERPRISE_ID}' and area_code not like '${DEMO_REGULATOR_AREA}%'`)

  // A member of the public reports, inside the regulator's district, and opens the photo channel.
  await sql().query(`update public.hidden_danger_reporters set client_hash = 'spent-by-test:' || client_hash
                     where client_hash is not null and client_hash not like 'spent-by-test:%'`)
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(p) as lon, extensions.st_y(p) as lat
     from (select extensions.st_pointonsurface(geom) as p from public.areas where code = $1) s`,
    [DEMO_REGULATOR_AREA],
  )
  const r = await anonClient().rpc('report_hidden_danger', {
    description: `仓库门口堆放气瓶，无人看管（证据测试${RUN}）`,
    lon: rows[0]!.lon,
    lat: rows[0]!.lat,
  })
  if (r.error) throw new Error(r.error.message)
  const opened = await anonClient().rpc('open_report_evidence', { code: r.data.tracking_code })
  if (opened.error) throw new Error(opened.error.message)
  reportId = opened.data.hidden_danger_id
  reportKey = opened.data.key
  reporter = withKey(reportKey)
  reportPhoto = path(reportId, 'report')
  const up = await reporter.storage.from('evidence').upload(reportPhoto, blob(jpeg(), 'image/jpeg'))
  if (up.error) throw new Error(`reporter upload: ${up.error.message}`)
}, 120_000)

const download = async (c: SupabaseClient, p: string) => {
  const { data, error } = await c.storage.from('evidence').download(p)
  return { bytes: data ? Buffer.from(await data.arrayBuffer()) : null, error }
}

describe("a public report's photo", () => {
  it('is stored through the Storage API and read back by its reporter', async () => {
    const got = await download(reporter, reportPhoto)
    expect(got.error).toBeNull()
    expect(got.bytes!.equals(jpeg())).toBe(true)
  })

  it.each(['admin', 'regulator', 'command'])('is visible to staff of the area: %s', async (who) => {
    const got = await download(as[who]!, reportPhoto)
    expect(got.error).toBeNull()
    expect(sha(got.bytes!)).toBe(sha(jpeg()))
  })

  it.each(['anon', 'wrong key', 'none', 'enterprise', 'other_enterprise', 'regulator_elsewhere'])('is refused to %s', async (who) => {
    const c = who === 'anon' ? anonClient() : who === 'wrong key' ? withKey('0'.repeat(32)) : as[who]!
    const got = await download(c, reportPhoto)
    expect(got.bytes).toBeNull()
    expect((got.error as { status?: number; statusCode?: string }).statusCode).toBe('404')
    const listed = await c.storage.from('evidence').list(`${reportId}/report`)
    expect(listed.data ?? []).toEqual([])
  })

  it('is not reachable through a signed URL made by someone who cannot see it', async () => {
    const s = await anonClient().storage.from('evidence').createSignedUrl(reportPhoto, 60)
    expect(s.data).toBeNull()
    expect((s.error as { statusCode?: string }).statusCode).toBe('404')
  })

  it("reaches staff through a signed URL (the regulator's), without a key", async () => {
    const s = await as.regulator!.storage.from('evidence').createSignedUrl(reportPhoto, 60)
    expect(s.error).toBeNull()
    const r = await fetch(s.data!.signedUrl)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await r.arrayBuffer()).equals(jpeg())).toBe(true)
    const forged = await fetch(s.data!.signedUrl.replace(reportPhoto.split('/')[2]!, `${randomUUID()}.jpg`))
    expect(forged.status).toBe(400)
  })

  it('is added only by the key holder, to that report only, at the report stage', async () => {
    const other = await anonClient().storage.from('evidence').upload(path(reportId, 'report'), blob(jpeg(), 'image/jpeg'))
    expect((other.error as { statusCode?: string }).statusCode).toBe('403')
    const wrongStage = await reporter.storage.from('evidence').upload(path(reportId, 'finding'), blob(jpeg(), 'image/jpeg'))
    expect((wrongStage.error as { statusCode?: string }).statusCode).toBe('403')
    const wrongDanger = await reporter.storage.from('evidence').upload(path(own, 'report'), blob(jpeg(), 'image/jpeg'))
    expect((wrongDanger.error as { statusCode?: string }).statusCode).toBe('403')
    const again = await anonClient().rpc('open_report_evidence', {
      code: (await sql().query<{ c: string }>('select tracking_code as c from public.hidden_dangers where id = $1', [reportId])).rows[0]!.c,
    })
    expect(again.error?.message).toMatch(/已经开启过/)
  })

  it('is recorded in evidence_attachments with the stored type and size, whatever the caller claims', async () => {
    const ins = await reporter.from('evidence_attachments').insert({ object_path: reportPhoto, sha256: sha(jpeg()) })
    expect(ins.error).toBeNull()
    const seen = await as
      .regulator!.from('evidence_attachments')
      .select('hidden_danger_id, stage, mime_type, bytes, sha256, uploaded_by')
      .eq('object_path', reportPhoto)
    expect(seen.error).toBeNull()
    expect(seen.data).toEqual([{ hidden_danger_id: reportId, stage: 'report', mime_type: 'image/jpeg', bytes: 2048, sha256: sha(jpeg()), uploaded_by: null }])
    const hidden = await anonClient().from('evidence_attachments').select('id')
    expect(hidden.error?.code).toBe('42501')
    const noneSees = await as.none!.from('evidence_attachments').select('id').eq('object_path', reportPhoto)
    expect(noneSees.data).toEqual([])
    const notTheirs = await anonClient()
      .from('evidence_attachments')
      .insert({ object_path: path(reportId, 'report'), sha256: sha(jpeg()) })
    expect(notTheirs.error?.code).toBe('42501')
    const bad = await reporter.from('evidence_attachments').insert({ object_path: reportPhoto, sha256: 'not-a-digest' })
    expect(bad.error).not.toBeNull()
  })
})

describe('staff evidence', () => {
  it('an enterprise adds rectification photos of its own danger, not finding photos', async () => {
    const rect = path(own, 'rectification')
    const ok = await as.enterprise!.storage.from('evidence').upload(rect, blob(jpeg(), 'image/jpeg'))
    expect(ok.error).toBeNull()
    expect(ok.data?.fullPath).toBe(`evidence/${rect}`)
    const finding = await as.enterprise!.storage.from('evidence').upload(path(own, 'finding'), blob(jpeg(), 'image/jpeg'))
    expect((finding.error as { statusCode?: string }).statusCode).toBe('403')
    const otherEnt = await as.other_enterprise!.storage.from('evidence').upload(path(own, 'rectification'), blob(jpeg(), 'image/jpeg'))
    expect((otherEnt.error as { statusCode?: string }).statusCode).toBe('403')
    expect((await download(as.other_enterprise!, rect)).bytes).toBeNull()
    expect((await download(as.regulator!, rect)).error).toBeNull()
  })

  it('nobody deletes or overwrites evidence after the fact (the enterprise included)', async () => {
    const rect = path(own, 'rectification')
    expect((await as.enterprise!.storage.from('evidence').upload(rect, blob(jpeg(), 'image/jpeg'))).error).toBeNull()
    for (const who of ['enterprise', 'regulator', 'admin']) {
      const r = await as[who]!.storage.from('evidence').remove([rect])
      expect(r.data ?? []).toEqual([])
    }
    expect((await download(as.enterprise!, rect)).bytes!.equals(jpeg())).toBe(true)
    const dup = await as.enterprise!.storage.from('evidence').upload(rect, blob(png(), 'image/png'))
    expect(dup.error).not.toBeNull()
    expect((await download(as.enterprise!, rect)).bytes!.equals(jpeg())).toBe(true)
  })

  it("the area's regulator adds finding and verification photos; not for a danger outside its area", async () => {
    for (const stage of ['finding', 'verification']) {
      const r = await as.regulator!.storage.from('evidence').upload(path(own, stage, 'png'), blob(png(), 'image/png'))
      expect(r.error).toBeNull()
    }
    const out = await as.regulator!.storage.from('evidence').upload(path(foreign, 'finding'), blob(jpeg(), 'image/jpeg'))
    expect((out.error as { statusCode?: string }).statusCode).toBe('403')
    const planner = await as.planner!.storage.from('evidence').upload(path(own, 'finding'), blob(jpeg(), 'image/jpeg'))
    expect((planner.error as { statusCode?: string }).statusCode).toBe('403')
    const malformed = await as.admin!.storage.from('evidence').upload(`${own}/finding/../x.jpg`, blob(jpeg(), 'image/jpeg'))
    expect(malformed.error).not.toBeNull()
    const noStage = await as.admin!.storage.from('evidence').upload(`${own}/${randomUUID()}.jpg`, blob(jpeg(), 'image/jpeg'))
    expect((noStage.error as { statusCode?: string }).statusCode).toBe('403')
  })

  it('records its own upload only, once', async () => {
    const p = path(own, 'finding')
    expect((await as.regulator!.storage.from('evidence').upload(p, blob(jpeg(4096), 'image/jpeg'))).error).toBeNull()
    const byOther = await as.admin!.from('evidence_attachments').insert({ object_path: p, sha256: sha(jpeg(4096)) })
    expect(byOther.error?.message).toMatch(/只能登记自己上传的证据/)
    expect((await as.regulator!.from('evidence_attachments').insert({ object_path: p, sha256: sha(jpeg(4096)) })).error).toBeNull()
    const twice = await as.regulator!.from('evidence_attachments').insert({ object_path: p, sha256: sha(jpeg(4096)) })
    expect(twice.error?.code).toBe('23505')
    const rows = await as.enterprise!.from('evidence_attachments').select('stage, bytes').eq('object_path', p)
    expect(rows.data).toEqual([{ stage: 'finding', bytes: 4096 }])
    const edit = await as
      .admin!.from('evidence_attachments')
      .update({ sha256: '0'.repeat(64) })
      .eq('object_path', p)
    expect(edit.error?.code).toBe('42501')
  })
})

describe("the bucket's limits", () => {
  it('refuses a file over 5 MB', async () => {
    const r = await as.regulator!.storage.from('evidence').upload(path(own, 'finding'), blob(jpeg(5 * 1024 * 1024 + 1), 'image/jpeg'))
    expect((r.error as { statusCode?: string }).statusCode).toBe('413')
  })

  it('refuses a type outside the list (GIF)', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(50)])
    const r = await as.regulator!.storage.from('evidence').upload(path(own, 'finding', 'jpg'), blob(gif, 'image/gif'))
    expect((r.error as { statusCode?: string }).statusCode).toBe('415')
  })

  it('refuses a .jpg that is not a JPEG, and a declared type its extension contradicts', async () => {
    const fake = await as.regulator!.storage.from('evidence').upload(path(own, 'finding'), blob(Buffer.from('<html>not a photo</html>'), 'image/jpeg'))
    expect((fake.error as { statusCode?: string }).statusCode).toBe('415')
    const pngAsJpg = await as.regulator!.storage.from('evidence').upload(path(own, 'finding', 'jpg'), blob(png(), 'image/png'))
    expect((pngAsJpg.error as { statusCode?: string }).statusCode).toBe('415')
  })

  it('takes raw bytes as well as multipart (supabase-js sends a Buffer raw)', async () => {
    const p = path(own, 'finding', 'png')
    const r = await as.regulator!.storage.from('evidence').upload(p, png(), { contentType: 'image/png' })
    expect(r.error).toBeNull()
    expect((await download(as.command!, p)).bytes!.equals(png())).toBe(true)
  })
})

describe("a public reporter's limits", () => {
  it('at most 5 photos per report, and only within 60 minutes of reporting; reading stays allowed', async () => {
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int as n from storage.objects where name like $1`, [`${reportId}/report/%`])
    for (let i = rows[0]!.n; i < 5; i++) {
      expect((await reporter.storage.from('evidence').upload(path(reportId, 'report'), blob(jpeg(), 'image/jpeg'))).error).toBeNull()
    }
    const sixth = await reporter.storage.from('evidence').upload(path(reportId, 'report'), blob(jpeg(), 'image/jpeg'))
    expect((sixth.error as { statusCode?: string }).statusCode).toBe('403')

    await sql().query(`delete from storage.objects where name like $1 and name <> $2`, [`${reportId}/report/%`, reportPhoto])
    await sql().query(`update public.hidden_dangers set created_at = now() - interval '61 minutes' where id = $1`, [reportId])
    const late = await reporter.storage.from('evidence').upload(path(reportId, 'report'), blob(jpeg(), 'image/jpeg'))
    expect((late.error as { statusCode?: string }).statusCode).toBe('403')
    expect((await download(reporter, reportPhoto)).bytes!.equals(jpeg())).toBe(true)
  })
})
