// Set-based grading after an inventory change (issue 14, 20270211000100_grading_set_based.sql): the
// trigger now grades the sources that need no proposal logic in a few statements over all ids
// (app.regrade_hazard_sources). Two copies of the same sources (A and B: same enterprise, geometry,
// α override, required distances; two of each pair with a pending proposal, which keep the
// per-source path) get the same seeded random batches of inventory inserts, updates and deletes, as
// an admin with a reason in the grading context: A through the trigger (set-based), B with the
// trigger switched off inside the transaction and app.regrade_hazard_source called per source after
// each statement, as the old trigger did. Grades, S, R, α, exposed population, the grading JSON
// (as text: numeric scales included), history rows, proposals and distance violations must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { Rng } from '../../supabase/seed/prng.ts'

useStack()

const TAG = 'GSET-'
const PAIRS = 40
const ADMIN = { id: '6a1f3c2e-0d4b-4e8a-9c51-2b7d0e9f4a10', email: 'grading-set@example.test' }
const CLAIMS = JSON.stringify({ role: 'authenticated', sub: ADMIN.id, email: ADMIN.email, app_metadata: { app_role: 'admin' } })
const TRIGGERS = ['ins', 'upd', 'del'].map((op) => `hazard_source_inventory_regrade_${op}`)

let a: string[] = [] // ids of copy A by pair index
let b: string[] = []
let substances: { id: number; critical: number }[] = []
const held = new Set<string>() // "pair:substance" present in both copies

// Proposals and history are kept (their delete is refused); deleting a source closes its proposals.
const cleanup = async () => {
  await sql().query(`delete from public.protective_targets where name like $1`, [TAG + '%'])
  await sql().query(`delete from public.hazard_sources where name like $1`, [TAG + '%'])
}

beforeAll(async () => {
  await cleanup()
  // Seed sources as templates: the most people around first (α bands vary), then some by id.
  for (const copy of ['A', 'B'])
    await sql().query(
      `with t as (
         (select h.id from public.hazard_sources h where h.name not like '${TAG}%'
          order by (app.population_near(h.geom) ->> 'population')::int desc, h.id limit ${PAIRS / 2})
         union
         (select h.id from public.hazard_sources h where h.name not like '${TAG}%' order by h.id limit ${PAIRS}))
       , pick as (select id, row_number() over (order by id) - 1 as k from t)
       insert into public.hazard_sources (enterprise_id, name, unit_type, geom, area_code, alpha_override, alpha_override_reason)
       select h.enterprise_id, '${TAG}${copy}-' || lpad(g::text, 3, '0'), h.unit_type, h.geom, h.area_code,
         case when g % 5 = 0 then 1.5 end, case when g % 5 = 0 then '安全评价报告核定 α' end
       from generate_series(0, ${PAIRS - 1}) g
       join pick p on p.k = g % (select count(*) from pick)
       join public.hazard_sources h on h.id = p.id`,
    )
  const ids = async (copy: string) =>
    (await sql().query<{ id: string }>(`select id from public.hazard_sources where name like $1 order by name`, [`${TAG}${copy}-%`])).rows.map((r) => r.id)
  a = await ids('A')
  b = await ids('B')
  expect(a).toHaveLength(PAIRS)
  expect(b).toHaveLength(PAIRS)
  // Required distances for a third of the pairs, so distance violations exist to compare.
  for (const copy of [a, b])
    await sql().query(
      `insert into public.hazard_source_distances (hazard_source_id, target_class, required_m)
       select x.id, c.cls, 300 + 100 * (x.k % 3)
       from unnest($1::uuid[]) with ordinality x(id, k)
       cross join (values ('high_sensitivity'::public.protective_class), ('general_1'::public.protective_class)) c(cls)
       where x.k % 3 = 0`,
      [copy],
    )
  substances = (await sql().query<{ id: number; critical_t: string }>(`select id, critical_t from public.substances order by id limit 30`)).rows.map((r) => ({
    id: r.id,
    critical: Number(r.critical_t),
  }))
}, 120_000)
afterAll(cleanup)

type Stmt = { sql: (ids: string[]) => string; pairs: number[] }

/** One random batch: a multi-row insert, an update of quantities, a delete. */
function batch(rng: Rng): Stmt[] {
  const ins: [number, number, string][] = []
  for (let k = 0; k < 50; k++) {
    const p = rng.int(0, PAIRS - 1)
    const s = rng.pick(substances)
    if (held.has(`${p}:${s.id}`) || ins.some(([q, t]) => q === p && t === s.id)) continue
    ins.push([p, s.id, (s.critical * rng.float(0, 3)).toFixed(3)])
  }
  const current = () => [...held].map((x) => x.split(':').map(Number) as [number, number])
  const stmts: Stmt[] = []
  if (ins.length)
    stmts.push({
      sql: (ids) =>
        `insert into public.hazard_source_inventory (hazard_source_id, substance_id, max_quantity_t) values ${ins
          .map(([p, s, q]) => `('${ids[p]}', ${s}, ${q})`)
          .join(', ')}`,
      pairs: [...new Set(ins.map(([p]) => p))],
    })
  for (const [p, s] of ins) held.add(`${p}:${s}`)
  const upd = current().filter(() => rng.chance(0.3))
  const crit = (s: number) => substances.find((x) => x.id === s)!.critical
  const updQ = upd.map(([p, s]) => [p, s, (crit(s) * rng.float(0, 4)).toFixed(2)] as const)
  if (updQ.length)
    stmts.push({
      sql: (ids) =>
        `update public.hazard_source_inventory i set max_quantity_t = v.q from (values ${updQ
          .map(([p, s, q]) => `('${ids[p]}'::uuid, ${s}::smallint, ${q}::numeric)`)
          .join(', ')}) v(h, s, q) where i.hazard_source_id = v.h and i.substance_id = v.s`,
      pairs: [...new Set(updQ.map(([p]) => p))],
    })
  const del = current().filter(() => rng.chance(0.15))
  if (del.length)
    stmts.push({
      sql: (ids) =>
        `delete from public.hazard_source_inventory i using (values ${del
          .map(([p, s]) => `('${ids[p]}'::uuid, ${s}::smallint)`)
          .join(', ')}) v(h, s) where i.hazard_source_id = v.h and i.substance_id = v.s`,
      pairs: [...new Set(del.map(([p]) => p))],
    })
  for (const [p, s] of del) held.delete(`${p}:${s}`)
  return stmts
}

const asAdmin = `perform set_config('request.jwt.claims', '${CLAIMS}', true);
  perform app.set_grading_context('{"reason": "批量导入库存 / inventory batch"}');`

/** Copy A: the statements as they are, graded by the trigger. */
const runA = (stmts: Stmt[]) => sql().exec(`do $$ begin ${asAdmin} ${stmts.map((s) => s.sql(a) + ';').join(' ')} end $$`)

/** Copy B: the trigger off in this transaction; each statement's sources graded one by one after it. */
const runB = (stmts: Stmt[]) =>
  sql().exec(
    `do $$ begin ${asAdmin}
       ${TRIGGERS.map((t) => `alter table public.hazard_source_inventory disable trigger ${t};`).join(' ')}
       ${stmts.map((s) => `${s.sql(b)}; perform app.regrade_hazard_source(x) from unnest(array[${s.pairs.map((p) => `'${b[p]}'::uuid`).join(', ')}]) x;`).join(' ')}
       ${TRIGGERS.map((t) => `alter table public.hazard_source_inventory enable trigger ${t};`).join(' ')}
     end $$`,
  )

/** Everything the grading writes, by pair index, as text (numeric scales and JSON included). */
async function state(ids: string[]) {
  const q = async (text: string) => (await sql().query<{ k: number; v: string }>(text, [ids])).rows.map((r) => [r.k, r.v])
  const ord = `from unnest($1::uuid[]) with ordinality x(id, k)`
  return {
    grading: await q(
      `select x.k, concat_ws(' | ', h.s_value, h.is_major, h.major_grade, h.alpha, h.r_value, h.exposed_population, h.grading::text) v
       ${ord} join public.hazard_sources h on h.id = x.id order by x.k`,
    ),
    history: await q(
      `select x.k, concat_ws(' | ', g.event, g.proposal_id is null, g.actor_id, g.actor_email, g.actor_role, g.old_level, g.new_level, g.reason,
         g.old_inputs::text, g.new_inputs::text) v
       ${ord} join public.grading_history g on g.subject = 'hazard_source' and g.subject_id = x.id order by x.k, g.id`,
    ),
    proposals: await q(
      `select x.k, concat_ws(' | ', p.status, p.decision_note, p.decided_role, p.new_level) v
       ${ord} join public.grading_proposals p on p.subject = 'hazard_source' and p.subject_id = x.id order by x.k, p.proposed_at`,
    ),
    violations: await q(
      `select x.k, concat_ws(' | ', v.target_id, v.target_class, v.population, v.distance_m, v.required_m, v.shortfall_m) v
       ${ord} join public.distance_violations v on v.hazard_source_id = x.id order by x.k, v.target_id, v.target_class`,
    ),
  }
}

describe('app.regrade_hazard_sources: the same grading as one app.regrade_hazard_source per source', () => {
  it('random batches of inventory inserts, updates and deletes on two copies agree', async () => {
    const rng = new Rng(20270211)
    // First inventories, then a pending proposal on two pairs (they keep the per-source path).
    const first = batch(rng)
    await runA(first)
    await runB(first)
    for (const [copy, ids] of [
      ['A', a],
      ['B', b],
    ] as const)
      await sql().query(
        `insert into public.grading_proposals (subject, subject_id, subject_name, enterprise_id, area_code, old_inputs, new_inputs,
           old_level, new_level, reason, proposed_role)
         select 'hazard_source', h.id, h.name, h.enterprise_id, h.area_code, coalesce(h.grading, '{}'), '{}', h.major_grade, null,
           '企业申请降级（测试 ${copy}）', 'enterprise'
         from public.hazard_sources h where h.id = any ($1::uuid[])`,
        [[ids[1], ids[2]]],
      )
    for (let round = 0; round < 3; round++) {
      const stmts = batch(rng)
      await runA(stmts)
      await runB(stmts)
    }
    const [sa, sb] = [await state(a), await state(b)]
    expect(sa.grading).toEqual(sb.grading)
    expect(sa.history).toEqual(sb.history)
    expect(sa.proposals.map(([k, v]) => [k, String(v).replace(/（测试 A）/, '')])).toEqual(
      sb.proposals.map(([k, v]) => [k, String(v).replace(/（测试 B）/, '')]),
    )
    expect(sa.violations).toEqual(sb.violations)

    // Not vacuous: several grades and α values, history written by the admin with the reason,
    // violations present, and the proposals' path taken.
    const facts = (
      await sql().query<{ grades: number; alphas: number; majors: number; hist: number; viol: number }>(
        `select count(distinct h.major_grade) grades, count(distinct h.alpha) alphas, count(*) filter (where h.is_major) majors,
           (select count(*) from public.grading_history g where g.subject_id = any ($1::uuid[]) and g.actor_email = '${ADMIN.email}'
              and g.reason = '批量导入库存 / inventory batch') hist,
           (select count(*) from public.distance_violations v where v.hazard_source_id = any ($1::uuid[])) viol
         from public.hazard_sources h where h.id = any ($1::uuid[])`,
        [a],
      )
    ).rows[0]!
    expect(Number(facts.grades)).toBeGreaterThanOrEqual(3)
    expect(Number(facts.alphas)).toBeGreaterThanOrEqual(2)
    expect(Number(facts.majors)).toBeGreaterThanOrEqual(5)
    expect(Number(facts.hist)).toBeGreaterThanOrEqual(10)
    expect(Number(facts.viol)).toBeGreaterThan(0)
    expect(sa.proposals.length).toBeGreaterThanOrEqual(2)
  }, 120_000)

  // 20270217000100: re-grading after protective targets change goes through the same split. The two
  // copies stand on the same ground, so a target near one is near the other: instead of two copies,
  // the per-source function is run over the same sources afterwards and must find nothing to change.
  it('after target inserts, moves, population changes and deletes, a per-source pass changes nothing', async () => {
    const rng = new Rng(20270217)
    const picked = Array.from({ length: 12 }, (_, k) => (k * 3) % PAIRS)
    const before = await state(a)
    const stmts: string[] = []
    // Crowded targets within the exposure radius of picked sources (α bands move), a few beyond it.
    const rows = picked.map((p, k) => {
      const dx = rng.float(-0.004, 0.004)
      const dy = rng.float(-0.004, 0.004)
      const cls = k % 3 === 0 ? 'high_sensitivity' : 'general_1'
      return `('${TAG}T-${k}', '${cls}', '${cls === 'high_sensitivity' ? 'school' : 'residential'}', ${rng.int(200, 20000)},
        (select extensions.st_translate(h.geom, ${dx}, ${dy}) from public.hazard_sources h where h.id = '${a[p]}'))`
    })
    stmts.push(`insert into public.protective_targets (name, target_class, type_code, population, geom) values ${rows.join(', ')}`)
    stmts.push(`update public.protective_targets set population = population * 3 where name like '${TAG}T-%' and right(name, 1) in ('1', '4', '7')`)
    stmts.push(
      `update public.protective_targets set geom = extensions.st_translate(geom, 0.02, 0) where name like '${TAG}T-%' and right(name, 1) in ('2', '5')`,
    )
    stmts.push(`delete from public.protective_targets where name like '${TAG}T-%' and right(name, 1) = '8'`)
    await sql().exec(`do $$ begin ${asAdmin} ${stmts.map((x) => x + ';').join(' ')} end $$`)
    const mid = await state(a)
    // Not vacuous: the targets changed grades or α of several sources, with history by the admin.
    const changed = mid.grading.filter(([k, v]) => before.grading.find(([k0]) => k0 === k)?.[1] !== v)
    expect(changed.length).toBeGreaterThanOrEqual(3)
    expect(mid.history.length).toBeGreaterThan(before.history.length)

    await sql().exec(`do $$ begin ${asAdmin}
      perform app.regrade_hazard_source(x) from unnest(array[${a.map((id) => `'${id}'::uuid`).join(', ')}]) x; end $$`)
    const after = await state(a)
    expect(after.grading).toEqual(mid.grading)
    expect(after.history).toEqual(mid.history)
    expect(after.violations).toEqual(mid.violations)
  }, 120_000)
})
