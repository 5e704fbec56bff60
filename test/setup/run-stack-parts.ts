// Runs the stack tests (test/db, test/e2e) on the embedded PGlite stack in parts, each part on a
// fresh stack. Why: PGlite 0.5.8 loses C stack with every error it reports (measured: the
// deepest PL/pgSQL recursion falls from 71,426 to 33,330 calls after 6,000 errors; fixed in
// PGlite 0.5.17, which pglite-postgis 0.2.8 does not accept yet), and the whole suite makes
// thousands of refused requests on purpose, so one long-lived session ends in "stack depth
// limit exceeded" on a plain ROLLBACK and fails everything after it.
//   node --import tsx test/setup/run-stack-parts.ts [extra vitest args]
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'

/** Database test files per part: each part's refusals stay well inside what one session takes. */
const DB_FILES_PER_PART = 10

const files = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => `${dir}/${f}`)

const db = files('test/db')
const parts: { name: string; files: string[]; e2e: boolean }[] = []
for (let i = 0; i < db.length; i += DB_FILES_PER_PART) {
  parts.push({ name: `test/db part ${parts.length + 1}`, files: db.slice(i, i + DB_FILES_PER_PART), e2e: false })
}
if (process.env.E2E !== '0') parts.push({ name: 'test/e2e', files: files('test/e2e'), e2e: true })

const run = (p: (typeof parts)[number]): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'stack', ...p.files, ...process.argv.slice(2)], {
      stdio: 'inherit',
      // the app is built only for the browser tests
      env: { ...process.env, E2E: p.e2e ? (process.env.E2E ?? '1') : '0' },
    })
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  })

const failed: string[] = []
for (const p of parts) {
  console.log(`\n[stack tests] ${p.name}: ${p.files.length} files on a fresh PGlite stack`)
  if ((await run(p)) !== 0) failed.push(p.name)
}
if (failed.length) console.error(`\n[stack tests] failed: ${failed.join(', ')}`)
process.exit(failed.length ? 1 : 0)
