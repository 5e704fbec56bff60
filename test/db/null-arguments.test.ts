// Null and missing RPC arguments (issue 12): every public RPC, listed from the catalogue so a
// future RPC is covered too, is called through PostgREST with each argument null (the others
// null as well, since no generic valid value exists) and with no arguments at all. The answer is
// a 4xx or a 200 (null means "default", e.g. an area filter), never a 5xx and never an unhelpful
// message ("<NULL>", "control reached end of function", a bare "not found" naming no field).
import { describe, it, expect, beforeAll } from 'vitest'
import { signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'

useStack()

const admin = DEMO_USERS.find((u) => u.role === 'admin')!
let adminToken: string

const UNHELPFUL = /<NULL>|control reached end of function/

async function rpc(fn: string, body: unknown, token: string | null = adminToken): Promise<{ status: number; body: any; text: string }> {
  const { url, anonKey } = stackInfo()
  const headers: Record<string, string> = { apikey: anonKey, 'Content-Type': 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  const r = await fetch(`${url}/rest/v1/rpc/${fn}`, { method: 'POST', headers, body: JSON.stringify(body) })
  const text = await r.text()
  let parsed: any = null
  try {
    parsed = JSON.parse(text)
  } catch {
    /* plain text */
  }
  return { status: r.status, body: parsed, text }
}

/** A plausible value of a PostgreSQL type, so that only the argument under test is null. */
function sample(type: string): unknown {
  if (type.endsWith('[]')) return type.startsWith('int') ? [1] : []
  if (type === 'uuid') return '00000000-0000-0000-0000-000000000001'
  if (/^(int|smallint|bigint|numeric|double|real)/.test(type)) return 1
  if (type === 'boolean') return true
  if (type === 'date') return '2026-01-01'
  if (type.startsWith('timestamp')) return '2026-01-01T00:00:00Z'
  if (type === 'jsonb' || type === 'json') return {}
  return 'x'
}

beforeAll(async () => {
  const as = await signIn(admin.email, admin.password)
  adminToken = (await as.auth.getSession()).data.session!.access_token
})

describe('every RPC with null arguments', () => {
  it('answers 4xx or 200, never 5xx, "<NULL>", "control reached" or a "not found" without a field', async () => {
    const { rows } = await sql().query<{ fn: string; args: string[]; types: string[]; anon: boolean }>(`
      select p.proname fn, coalesce(p.proargnames[1:p.pronargs], '{}') args,
             (select array_agg(format_type(t, null) order by i) from unnest(p.proargtypes::oid[]) with ordinality u(t, i)) types,
             has_function_privilege('anon', p.oid, 'execute') anon from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.prokind = 'f' and p.pronargs > 0
        and p.prorettype <> 'trigger'::regtype and p.proname not like 'local\\_%' and p.proname not like 'abuse\\_test%'
        and has_function_privilege('authenticated', p.oid, 'execute')
      order by 1`)
    expect(rows.length).toBeGreaterThan(20)
    const bad: string[] = []
    for (const { fn, args, types, anon } of rows) {
      // All null, then each argument null with the others set to a plausible value of their type
      // (so a check on a later argument is reached too: feature_card's layer after its id).
      const bodies: Record<string, unknown>[] = [Object.fromEntries(args.map((a) => [a, null]))]
      for (const arg of args) bodies.push(Object.fromEntries(args.map((a, i) => [a, a === arg ? null : sample(types[i]!)])))
      for (const body of bodies) {
        for (const token of anon ? [adminToken, null] : [adminToken]) {
          const r = await rpc(fn, body, token)
          const msg = r.status >= 400 ? String(r.body?.message ?? r.text) : ''
          const where = `${fn}(${args.join(', ')} = null)${token ? '' : ' [anon]'}: ${r.status} ${msg.slice(0, 160)}`
          if (r.status >= 500) bad.push(where)
          else if (UNHELPFUL.test(msg)) bad.push(where)
          // "not found" must say what was not found: the argument's name or the value sent.
          else if (
            /not found/i.test(msg) &&
            !Object.entries(body).some(([a, v]) => new RegExp(`\\b${a}\\b`).test(msg) || (typeof v === 'string' && v.length > 8 && msg.includes(v)))
          )
            bad.push(where)
        }
      }
    }
    expect(bad).toEqual([])
  }, 240_000)
})

describe('levels int[] is capped to the four distinct levels 1–4', () => {
  const fns = ['map_points', 'public_map_points', 'layer_counts', 'public_layer_counts']
  for (const fn of fns) {
    it(`${fn} refuses levels longer than 4 or outside 1–4, naming levels; accepts [1,2,3,4]`, async () => {
      const { rows } = await sql().query<{ args: string[] }>(
        `select coalesce(p.proargnames[1:p.pronargs], '{}') args from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = $1`,
        [fn],
      )
      expect(rows.length).toBe(1)
      // A real bbox of the demo city, so only levels can be refused.
      const box: Record<string, unknown> = { layer: 'risk_points', west: 112.9, south: 22.4, east: 113.3, north: 22.8, zoom: 12 }
      const base = Object.fromEntries(rows[0]!.args.map((a) => [a, box[a] ?? null]))
      for (const levels of [[1, 2, 3, 4, 1], [0], [5], [1, -1], Array.from({ length: 1000 }, () => 1)]) {
        const r = await rpc(fn, { ...base, levels })
        expect(r.status, `${fn} ${JSON.stringify(levels).slice(0, 30)}`).toBe(400)
        expect(r.body.message).toMatch(/levels/)
      }
      const ok = await rpc(fn, { ...base, levels: [1, 2, 3, 4] })
      expect(ok.status, ok.text.slice(0, 200)).toBe(200)
    })
  }
})

describe('the refusal names the argument', () => {
  it('a null id is a 400 "<arg>: required (必填)", not a 403 "<NULL> not found"', async () => {
    for (const [fn, body, arg] of [
      ['safety_distance_check', { hazard_source_id: null }, 'hazard_source_id'],
      ['planner_source', { hazard_source_id: null }, 'hazard_source_id'],
      ['regrade_hazard_source', { id: null }, 'id'],
      ['feature_card', { layer: null, id: '00000000-0000-0000-0000-000000000001' }, 'layer'],
      ['public_place_at', { lon: null, lat: 22.5 }, 'lon'],
    ] as const) {
      const r = await rpc(fn, body)
      expect(r.status, fn).toBe(400)
      expect(r.body.code, fn).toBe('22023')
      expect(r.body.message, fn).toBe(`${arg}: required (必填)`)
    }
  })
})
