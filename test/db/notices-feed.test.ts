// The Atom feed of public notices (issue 18, migration 20261218000100): fetched over HTTP as anon
// through the gateway (GET /rest/v1/rpc/notices_atom, Accept: application/atom+xml, the anon key
// as a URL parameter as an embedding site would use it), parsed as XML with namespaces: a valid
// Atom document whose entries are exactly the published, unexpired notices (as the database
// counts them, latest 100), the text escaped and read back unchanged; a draft and an expired
// warning are not in it, a withdrawn one leaves it.
import { describe, it, expect, beforeAll } from 'vitest'
import { DOMParser, type Element } from '@xmldom/xmldom'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const ATOM = 'http://www.w3.org/2005/Atom'
const NTC = 'urn:yizhangtu:notices'
const TAG = `feed-test-${Date.now().toString(36)}`
let regulator: SupabaseClient
let admin: SupabaseClient

beforeAll(async () => {
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
}, 120_000)

async function draft(fields: Record<string, unknown>): Promise<string> {
  const { data, error } = await regulator
    .from('public_notices')
    .insert({ kind: 'general', body: '演示公告正文', area_codes: [DEMO_REGULATOR_AREA], ...fields })
    .select('id')
    .single()
  if (error) throw new Error(`draft: ${error.message}`)
  return data.id as string
}

async function publish(id: string): Promise<void> {
  const { error } = await admin.rpc('publish_notice', { id })
  if (error) throw new Error(`publish: ${error.message}`)
}

/** The feed as another site fetches it: no session, the anon key in the URL. */
async function feed(): Promise<{ res: Response; text: string; doc: ReturnType<DOMParser['parseFromString']> }> {
  const { url, anonKey } = stackInfo()
  const res = await fetch(`${url}/rest/v1/rpc/notices_atom?apikey=${encodeURIComponent(anonKey)}`, { headers: { Accept: 'application/atom+xml' } })
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBe(200)
  expect(text.startsWith('<?xml'), text.slice(0, 300)).toBe(true)
  const errors: string[] = []
  const doc = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(text, 'application/xml')
  expect(errors, text.slice(0, 500)).toEqual([])
  return { res, text, doc }
}

const child = (e: Element, name: string, ns = ATOM) => {
  const c = Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ns)
  return c
}
const textOf = (e: Element, name: string, ns = ATOM) => child(e, name, ns)[0]?.textContent ?? null
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('the Atom feed of public notices', () => {
  let live: string
  let expired: string
  let unpublished: string
  const tricky = `${TAG} 大风<橙色>预警 & "防范" '提示'`
  const body = `${TAG} 正文：风力 <8 级> & 阵风 "10" 级；请注意防范。`

  beforeAll(async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString()
    live = await draft({ kind: 'regional_warning', level: 2, title: tricky, body, valid_until: future })
    expired = await draft({ kind: 'regional_warning', level: 3, title: `${TAG} 已过期预警`, valid_until: future })
    unpublished = await draft({ title: `${TAG} 草稿` })
    await publish(live)
    await publish(expired)
    await sql().query(`update public.public_notices set published_at = now() - interval '2 days', valid_until = now() - interval '1 minute' where id = $1`, [
      expired,
    ])
  }, 60_000)

  it('is valid Atom served as application/atom+xml to anon, with exactly the published, unexpired notices', async () => {
    const { res, doc } = await feed()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/)
    const root = doc.documentElement!
    expect(root.localName).toBe('feed')
    expect(root.namespaceURI).toBe(ATOM)
    expect(textOf(root, 'id')).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    expect(textOf(root, 'title')).toBeTruthy()
    expect(textOf(root, 'updated')).toMatch(RFC3339)
    expect(child(root, 'author')).toHaveLength(1)

    const entries = child(root, 'entry')
    for (const e of entries) {
      expect(textOf(e, 'id')).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
      expect(textOf(e, 'title')).toBeTruthy()
      expect(textOf(e, 'updated')).toMatch(RFC3339)
      expect(child(e, 'summary')).toHaveLength(1)
    }
    // the database's own answer (superuser SQL, independent of the function): latest 100 published, unexpired
    const { rows } = await sql().query<{ id: string }>(
      `select id from public.public_notices where status = 'published' and (valid_until is null or valid_until > now())
       order by published_at desc, id limit 100`,
    )
    expect(entries.map((e) => textOf(e, 'id')!.slice('urn:uuid:'.length))).toEqual(rows.map((r) => r.id))
    expect(entries.length).toBeLessThanOrEqual(100)

    const mine = entries.find((e) => textOf(e, 'id') === `urn:uuid:${live}`)!
    expect(mine).toBeDefined()
    expect(textOf(mine, 'title')).toBe(tricky)
    expect(textOf(mine, 'summary')).toBe(body)
    expect(textOf(mine, 'level', NTC)).toBe('2')
    const level = child(mine, 'category').find((c) => c.getAttribute('scheme') === 'urn:yizhangtu:notices:level')!
    expect([level.getAttribute('term'), level.getAttribute('label')]).toEqual(['2', '橙色'])
    const ids = entries.map((e) => textOf(e, 'id'))
    expect(ids).not.toContain(`urn:uuid:${expired}`)
    expect(ids).not.toContain(`urn:uuid:${unpublished}`)
  })

  it('drops a withdrawn notice and moves its updated time', async () => {
    const before = textOf((await feed()).doc.documentElement!, 'updated')!
    await new Promise((r) => setTimeout(r, 1100))
    const { error } = await regulator.rpc('withdraw_notice', { id: live, reason: '预警解除' })
    expect(error).toBeNull()
    const { doc } = await feed()
    const ids = child(doc.documentElement!, 'entry').map((e) => textOf(e, 'id'))
    expect(ids).not.toContain(`urn:uuid:${live}`)
    expect(textOf(doc.documentElement!, 'updated')! > before).toBe(true)
  })

  it('escapes markup and drops characters XML forbids', async () => {
    const { rows } = await sql().query<{ x: string }>(`select app.xml_text($1) as x`, [`a<b>&"c'\u0001\u0008\td\u000b`])
    expect(rows[0]!.x).toBe('a&lt;b&gt;&amp;&quot;c&apos;\td')
  })
})
