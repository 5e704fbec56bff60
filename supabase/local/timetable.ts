// The local stack's stand-in for pg_cron (which neither PGlite nor Debian's default PostgreSQL
// here loads): the jobs of app.background_job_list() that are not part of the simulation.
// - refresh_dynamic_levels raises the risk points whose linked dangers passed their deadline at the
//   city's midnight; hosted Supabase runs it at 00:05 Beijing time once schedule_background_jobs()
//   is called (20270117000100). Here it runs at start and every hour, which catches midnight
//   within the hour.
// - import_sweep rolls back imports abandoned mid-commit once idle for 5 minutes
//   (20270206000200); every minute, as pg_cron runs it.
// The sweeps and partition upkeep run with the simulators (supabase/local/simulator*.ts).
export interface Timetable {
  stop(): void
}

export function startTimetable(opts: { url: string; serviceRoleKey: string; log?: (m: string) => void }): Timetable {
  const log = opts.log ?? console.log
  let failures = 0
  /** Calls the RPC as the service role; the answer's text, or null after a failure (the first few logged). */
  const call = async (fn: string): Promise<string | null> => {
    try {
      const r = await fetch(`${opts.url}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: { apikey: opts.serviceRoleKey, Authorization: `Bearer ${opts.serviceRoleKey}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
      if (r.ok) return await r.text()
      if (failures++ < 5) log(`[timetable] ${fn}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`)
    } catch (err) {
      if (failures++ < 5) log(`[timetable] ${fn}: ${(err as Error).message}`)
    }
    return null
  }
  let first = true
  const refresh = async (): Promise<void> => {
    const text = await call('refresh_dynamic_levels')
    if (text !== null && first) {
      first = false
      log(`[timetable] refresh_dynamic_levels: ${text} risk point(s) re-evaluated; again every hour`)
    }
  }
  const sweep = async (): Promise<void> => {
    const text = await call('import_sweep')
    if (text === null) return
    const r = JSON.parse(text) as { rows_undone?: number }
    if (r.rows_undone) log(`[timetable] import_sweep: ${r.rows_undone} row(s) of an abandoned import rolled back`)
  }
  void refresh()
  const timers = [setInterval(() => void refresh(), 3_600_000), setInterval(() => void sweep(), 60_000)]
  for (const t of timers) t.unref()
  return { stop: () => timers.forEach((t) => clearInterval(t)) }
}
