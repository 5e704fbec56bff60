// The local stack's stand-in for pg_cron (which neither PGlite nor Debian's default PostgreSQL
// here loads): the daily job that is not part of the simulation. refresh_dynamic_levels raises the
// risk points whose linked dangers passed their deadline at the city's midnight; hosted Supabase
// runs it at 00:05 Beijing time once schedule_background_jobs() is called (20270117000100). Here it
// runs at start and every hour, which catches midnight within the hour. The sweeps and partition
// upkeep run with the simulators (supabase/local/simulator*.ts).
export interface Timetable {
  stop(): void
}

export function startTimetable(opts: { url: string; serviceRoleKey: string; log?: (m: string) => void }): Timetable {
  const log = opts.log ?? console.log
  let failures = 0
  let first = true
  const refresh = async (): Promise<void> => {
    try {
      const r = await fetch(`${opts.url}/rest/v1/rpc/refresh_dynamic_levels`, {
        method: 'POST',
        headers: { apikey: opts.serviceRoleKey, Authorization: `Bearer ${opts.serviceRoleKey}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
      if (!r.ok) {
        if (failures++ < 5) log(`[timetable] refresh_dynamic_levels: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`)
      } else if (first) {
        first = false
        log(`[timetable] refresh_dynamic_levels: ${await r.text()} risk point(s) re-evaluated; again every hour`)
      }
    } catch (err) {
      if (failures++ < 5) log(`[timetable] refresh_dynamic_levels: ${(err as Error).message}`)
    }
  }
  void refresh()
  const timer = setInterval(() => void refresh(), 3_600_000)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
