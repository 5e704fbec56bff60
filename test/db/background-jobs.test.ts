// The database's timetable (20270117000100_background_jobs.sql, issue 17): schedule_background_jobs
// and background_jobs_status through supabase-js → PostgREST → PostgreSQL. Everywhere: only
// administrators and the service role schedule or read the timetable. On PGlite (no pg_cron) the
// scheduling is refused with a message that says what to enable, and the status lists what would
// run. On the native pass the cluster preloads Debian's pg_cron (test/helpers/native-pg.ts): the
// extension is created, every job is scheduled (twice: the second replaces, never duplicates), and
// the sweeps really run: pg_cron records a succeeded run of each within its schedule. The jobs and
// the extension are removed after, so no other file of the shared database sees a sweep.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const JOBS = ['dynamic-levels', 'import-sweep', 'monitoring-partitions', 'monitoring-sweep', 'vehicle-partitions', 'vehicle-sweep']
const COMMANDS: Record<string, string> = {
  'monitoring-sweep': 'select public.monitoring_sweep()',
  'vehicle-sweep': 'select public.vehicle_sweep()',
  'dynamic-levels': 'select public.refresh_dynamic_levels()',
  'import-sweep': 'select public.import_sweep()',
  'monitoring-partitions': 'select public.monitoring_maintain_partitions()',
  'vehicle-partitions': 'select public.vehicle_maintain_partitions()',
}
const native = Boolean(process.env.DATABASE_URL)

interface Job {
  name: string
  asked: string
  scheduled: boolean
  schedule?: string
  active?: boolean
  command_matches?: boolean
  last_status?: string | null
  runs_succeeded?: number
}
interface Status {
  pg_cron: boolean
  jobs: Job[]
}

let admin: SupabaseClient
let regulator: SupabaseClient
let cronAvailable = false
let created = false

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  const { rows } = await sql().query<{ n: number }>(`select count(*)::int as n from pg_available_extensions where name = 'pg_cron'`)
  cronAvailable = rows[0]!.n > 0
})

afterAll(async () => {
  if (!created) return
  await sql().query(`select cron.unschedule(jobid) from cron.job where jobname = any($1::text[])`, [JOBS])
  await sql().query(`drop extension if exists pg_cron`)
})

async function status(c: SupabaseClient): Promise<Status> {
  const { data, error } = await c.rpc('background_jobs_status')
  if (error) throw new Error(error.message)
  return data as Status
}

describe('the background jobs', () => {
  it('are scheduled and read by administrators only', async () => {
    for (const fn of ['schedule_background_jobs', 'background_jobs_status']) {
      const r = await regulator.rpc(fn)
      expect(r.error?.code, fn).toBe('42501')
      expect(r.error?.message).toContain('仅管理员和服务角色')
      const a = await anonClient().rpc(fn)
      expect(a.error?.code, `${fn} as anon`).toBe('42501')
    }
  })

  it('without pg_cron: scheduling is refused with what to enable, and the status lists what would run', async () => {
    if (native) {
      // the native pass is where the scheduler is proven: its cluster must have pg_cron
      expect(cronAvailable, 'native PostgreSQL without pg_cron: apt-get install postgresql-15-cron').toBe(true)
      return
    }
    expect(cronAvailable).toBe(false)
    const { error } = await admin.rpc('schedule_background_jobs')
    expect(error?.code).toBe('55000')
    expect(error?.message).toMatch(/^后台任务需要 pg_cron 扩展/)
    expect(error?.message).toContain('Database → Extensions')
    const s = await status(admin)
    expect(s.pg_cron).toBe(false)
    expect(s.jobs.map((j) => j.name)).toEqual(JOBS)
    expect(s.jobs.every((j) => !j.scheduled)).toBe(true)
  })

  it.runIf(native)(
    'with pg_cron: every job scheduled once, and the sweeps run and succeed',
    async () => {
      await sql().query(`create extension if not exists pg_cron`)
      created = true
      const before = await status(admin)
      expect(before.pg_cron).toBe(true)
      for (let round = 0; round < 2; round++) {
        const { data, error } = await admin.rpc('schedule_background_jobs')
        expect(error).toBeNull()
        const jobs = data as { name: string; schedule: string; asked: string; command: string }[]
        expect(jobs.map((j) => j.name).sort()).toEqual(JOBS)
        for (const j of jobs) {
          expect(j.command).toBe(COMMANDS[j.name])
          // "5 seconds" needs pg_cron 1.5; older ones run the sweeps every minute
          if (j.schedule !== j.asked) expect([j.asked, j.schedule]).toEqual(['5 seconds', '* * * * *'])
        }
      }
      // scheduled again: replaced, not doubled
      const { rows } = await sql().query<{ jobname: string; command: string; n: number }>(
        `select jobname, min(command) as command, count(*)::int as n from cron.job where jobname = any($1::text[]) group by jobname order by jobname`,
        [JOBS],
      )
      expect(rows.map((r) => [r.jobname, r.n, r.command])).toEqual(JOBS.map((n) => [n, 1, COMMANDS[n]]))
      const s = await status(admin)
      expect(s.jobs.every((j) => j.scheduled && j.active && j.command_matches)).toBe(true)
      // pg_cron really runs the sweeps (as the function's owner, without request claims)
      const deadline = Date.now() + 100_000
      let sweeps: Job[] = []
      while (Date.now() < deadline) {
        sweeps = (await status(admin)).jobs.filter((j) => j.name.endsWith('-sweep'))
        if (sweeps.every((j) => (j.runs_succeeded ?? 0) > 0)) break
        await new Promise((r) => setTimeout(r, 2000))
      }
      for (const j of sweeps) {
        expect(j.runs_succeeded, `${j.name}: last ${j.last_status}`).toBeGreaterThan(0)
      }
      expect(sweeps.filter((j) => j.last_status === 'failed')).toEqual([])
    },
    150_000,
  )
})
