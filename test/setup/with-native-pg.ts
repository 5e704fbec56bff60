// Runs the database tests again on native PostgreSQL 15 + PostGIS (what Supabase runs), so the
// migrations, RLS and RPCs are proven on both engines. `npm test` calls it after the PGlite run.
//   node --import tsx test/setup/with-native-pg.ts [extra vitest args]
// Given test files (…test.ts), only those run; otherwise the whole of test/db.
import { spawn } from 'node:child_process'
import { startNativePostgres, nativePostgresUnavailable } from '../helpers/native-pg.ts'

const why = nativePostgresUnavailable()
if (why) {
  console.error(`[native] cannot run the native PostgreSQL pass: ${why}`)
  process.exit(1)
}
const native = await startNativePostgres()
if (!native) {
  console.error('[native] PostgreSQL did not start')
  process.exit(1)
}
console.log(`[native] PostgreSQL + PostGIS at ${native.databaseUrl}: running test/db against it`)
const code: number = await new Promise((resolve) => {
  const extra = process.argv.slice(2)
  const files = extra.some((a) => a.endsWith('.test.ts')) ? [] : ['test/db']
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'stack', ...files, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, E2E: '0', DATABASE_URL: native.databaseUrl, TEST_STACK_PORT: process.env.TEST_STACK_PORT_NATIVE || '24721' },
  })
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
})
await native.stop()
process.exit(code)
