// wall_summary, layer_counts, public_layer_counts, area_risk_summary and public_area_risk_summary
// were rewritten to be cheaper (and the counts and summaries now share one body per audience);
// their answers must not change. The earlier bodies, kept verbatim in load-reference.sql, are
// created under another schema and compared with the live ones for every role (RLS applies to
// both: same claims, same database role) and several arguments. The wall's clock fields (as_of,
// watermark) differ by nature and are left out, and so is the areas' English name (name_en),
// which the summaries gained later (20270121000100) and test/db/area-summary-en.test.ts checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

useStack()

const REFERENCE = new URL('./load-reference.sql', import.meta.url)
const NAMES = ['wall_summary', 'layer_counts', 'public_layer_counts', 'area_risk_summary', 'public_area_risk_summary']

/** `create or replace function public.<name>(…) … $$;` from load-reference.sql, moved to load_old. */
function oldBody(name: string): string {
  const text = readFileSync(REFERENCE, 'utf8')
  const start = text.indexOf(`create or replace function public.${name}(`)
  if (start < 0) throw new Error(`${name} not found in load-reference.sql`)
  const bodyStart = text.indexOf('$$', start)
  const end = text.indexOf('$$;', bodyStart + 2)
  return text.slice(start, end + 3).replace(`public.${name}(`, `load_old.${name}(`)
}

const CLAIMS: Record<string, unknown> = {
  anon: { role: 'anon' },
  command: { role: 'authenticated', app_metadata: { app_role: 'command' } },
  planner: { role: 'authenticated', app_metadata: { app_role: 'planner' } },
  regulator: { role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } },
  enterprise: { role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } },
}

const CALLS: Array<[string, string, string[]]> = [
  // [function, arguments, roles]
  ['wall_summary', '', ['command', 'regulator', 'enterprise', 'planner']],
  ['wall_summary', `'${DEMO_REGULATOR_AREA}'`, ['command', 'regulator']],
  ['layer_counts', '112.3, 21.4, 113.3, 22.9', ['command', 'regulator', 'enterprise']],
  ['layer_counts', `112.3, 21.4, 113.3, 22.9, array[1,2], null, '${DEMO_REGULATOR_AREA}'`, ['command', 'regulator']],
  ['layer_counts', '112.9, 22.4, 113.2, 22.7', ['planner']],
  ['public_layer_counts', '112.3, 21.4, 113.3, 22.9', ['anon']],
  ['public_layer_counts', `112.3, 21.4, 113.3, 22.9, array[1], '${DEMO_REGULATOR_AREA}'`, ['anon']],
  ...['city', 'district', 'street', 'grid'].map((l) => ['area_risk_summary', `'${l}'`, ['command', 'regulator', 'enterprise']] as [string, string, string[]]),
  ...['city', 'district', 'street', 'grid'].map((l) => ['public_area_risk_summary', `'${l}'`, ['anon']] as [string, string, string[]]),
]

beforeAll(async () => {
  await sql().exec(`drop schema if exists load_old cascade; create schema load_old;
    grant usage on schema load_old to anon, authenticated;
    ${NAMES.map((n) => oldBody(n)).join(';\n')};
    -- runs q as an API role with these claims, so RLS applies as through PostgREST
    create function load_old.as_role(claims text, api_role text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', api_role, true);
      execute q into r;
      return r;
    end $f$;
    grant execute on all functions in schema load_old to anon, authenticated;`)
}, 60_000)

afterAll(async () => {
  await sql().exec('drop schema if exists load_old cascade')
})

/** An answer without the areas' English names (name_en), at any depth: some reference bodies had them, the summaries gained them later. */
function withoutLaterFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLaterFields)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'name_en')
        .map(([k, x]) => [k, withoutLaterFields(x)]),
    )
  return v
}

describe('the cheaper read RPCs answer as before', () => {
  for (const [fn, args, roles] of CALLS) {
    for (const role of roles) {
      it(`${fn}(${args}) as ${role}`, async () => {
        const { rows } = await sql().query<{ r: { old: unknown; new: unknown } }>(`select load_old.as_role($1, $2, $3) as r`, [
          JSON.stringify(CLAIMS[role]),
          role === 'anon' ? 'anon' : 'authenticated',
          `select jsonb_build_object('old', load_old.${fn}(${args}) - array['as_of', 'watermark'], 'new', public.${fn}(${args}) - array['as_of', 'watermark'])`,
        ])
        expect(rows[0]!.r.new).not.toBeNull()
        expect(withoutLaterFields(rows[0]!.r.new)).toEqual(withoutLaterFields(rows[0]!.r.old))
      })
    }
  }
})
