// The city's today (20270110000100_city_today.sql): the database dates things by Beijing's
// calendar day, whatever the session's time zone (UTC on hosted Supabase). Before, between 00:00
// and 08:00 Beijing time a plan filed "today" was refused as filed in the future.
import { describe, expect, it } from 'vitest'
import { cityToday } from '../../src/domain/cityDay.ts'
import { sql, useStack } from '../helpers/stack.ts'

useStack()

/** Time zones far from Beijing on either side: UTC−12 is behind Beijing's date 20 hours a day,
 * UTC+14 ahead of it 6 hours a day (the session's current_date was wrong then). */
const FAR_ZONES = ['Etc/GMT+12', 'UTC', 'Etc/GMT-14'] as const

/** Runs `body` with Beijing's date before and after it, so a test at midnight does not flake. */
async function aroundMidnight<T>(body: () => Promise<T>): Promise<{ before: string; after: string; value: T }> {
  const before = cityToday()
  const value = await body()
  return { before, after: cityToday(), value }
}

describe("the city's today", () => {
  it('no function, view, default, policy, constraint, trigger or index of app and public uses current_date', async () => {
    const { rows } = await sql().query<{ kind: string; name: string }>(`
      with uses as (select '\\mcurrent_date\\M'::text as re)
      select 'function' as kind, p.oid::regprocedure::text as name from pg_proc p, uses
        where p.pronamespace in ('app'::regnamespace, 'public'::regnamespace) and p.prokind in ('f', 'p')
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
          and pg_get_functiondef(p.oid) ~* uses.re
      union all
      select 'view', c.oid::regclass::text from pg_class c, uses
        where c.relnamespace in ('app'::regnamespace, 'public'::regnamespace) and c.relkind in ('v', 'm') and pg_get_viewdef(c.oid) ~* uses.re
      union all
      select 'default', d.adrelid::regclass::text || '.' || d.adnum from pg_attrdef d, uses
        where d.adrelid in (select oid from pg_class where relnamespace in ('app'::regnamespace, 'public'::regnamespace))
          and pg_get_expr(d.adbin, d.adrelid) ~* uses.re
      union all
      select 'policy', schemaname || '.' || tablename || ' ' || policyname from pg_policies, uses
        where schemaname in ('app', 'public') and (coalesce(qual, '') ~* uses.re or coalesce(with_check, '') ~* uses.re)
      union all
      select 'constraint', conname from pg_constraint, uses
        where connamespace in ('app'::regnamespace, 'public'::regnamespace) and contype = 'c' and pg_get_constraintdef(oid) ~* uses.re
      union all
      select 'trigger', tgname from pg_trigger t, uses
        where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace in ('app'::regnamespace, 'public'::regnamespace))
          and pg_get_triggerdef(t.oid) ~* uses.re
      union all
      select 'index', indexrelid::regclass::text from pg_index i, uses
        where indrelid in (select oid from pg_class where relnamespace in ('app'::regnamespace, 'public'::regnamespace))
          and pg_get_indexdef(indexrelid) ~* uses.re`)
    expect(rows, 'use app.today() (the city day) instead of current_date (the session day)').toEqual([])
  })

  it('the rewrite reached the functions and views that used current_date', async () => {
    const { rows } = await sql().query<{ name: string }>(
      `select p.proname as name from pg_proc p
        where p.pronamespace in ('app'::regnamespace, 'public'::regnamespace) and p.prokind = 'f' and p.prosrc ~ 'app\\.today\\(\\)'
       union all
       select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'v' and pg_get_viewdef(c.oid) ~ 'today\\(\\)'`,
    )
    const names = rows.map((r) => r.name)
    // one of each kind the migration had to rewrite: a trigger's "not in the future" check, an
    // overdue flag in the map's API, a refusal before a date, and a view's flags
    for (const n of ['emergency_plan_write', 'remove_from_blacklist']) expect(names, n).toContain(n)
    expect(names.length).toBeGreaterThan(15)
  })

  for (const zone of FAR_ZONES) {
    it(`app.today() is Beijing's date in a session at ${zone}`, async () => {
      const { before, after, value } = await aroundMidnight(async () => {
        const { rows } = await sql().query<{ today: string }>(`select app.today()::text as today from (select set_config('timezone', $1, true)) s`, [zone])
        return rows[0]!
      })
      expect([before, after]).toContain(value.today)
    })
  }

  it('a plan filed and drilled today (Beijing) is accepted in a session whose own date is behind', async () => {
    const { rows: ent } = await sql().query<{ area_code: string }>(`select code as area_code from public.areas where level = 'district' order by code limit 1`)
    const area = ent[0]!.area_code
    const name = `城市今日测试预案 ${Date.now()}`
    try {
      const { before, after } = await aroundMidnight(() =>
        // the session at UTC−12: its current_date is yesterday in Beijing 20 hours of the day
        sql().exec(`do $$ begin
          perform set_config('timezone', 'Etc/GMT+12', true);
          insert into public.emergency_plans (name, level, owner_department, area_code, filed_on, last_drill_on)
            values ('${name}', 'special', '应急管理局', '${area}', app.today(), app.today());
        end $$`),
      )
      const { rows } = await sql().query<{ filed_on: string }>(`select filed_on::text from public.emergency_plans where name = $1`, [name])
      expect(rows).toHaveLength(1)
      expect([before, after]).toContain(rows[0]!.filed_on)
    } finally {
      await sql().query(`delete from public.emergency_plans where name = $1`, [name])
    }
  })

  it('a plan filed tomorrow (Beijing) is still refused, in a session whose own date is ahead', async () => {
    const { rows: ent } = await sql().query<{ area_code: string }>(`select code as area_code from public.areas where level = 'district' order by code limit 1`)
    const err = await sql()
      .exec(
        `do $$ begin
          perform set_config('timezone', 'Etc/GMT-14', true);
          insert into public.emergency_plans (name, level, owner_department, area_code, filed_on)
            values ('城市明日测试预案', 'special', '应急管理局', '${ent[0]!.area_code}', app.today() + 1);
        end $$`,
      )
      .then(
        () => null,
        (e: Error) => e,
      )
    expect(err?.message).toMatch(/备案日期.*不能晚于今天/)
  })
})
