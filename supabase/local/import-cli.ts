// npm run import -- <file> --into <kind> [--crs auto|wgs84|cgcs2000|gcj02|bd09|EPSG:<code>]
//   [--encoding auto|utf-8|gbk|gb18030] [--mapping template.json] [--dry-run] [--skip-errors] [--json]
//
// The same code as the page (src/import): read, map, check, stage, dry run, commit in one
// transaction, against SUPABASE_URL (default the local stack) with SUPABASE_SERVICE_ROLE_KEY, or as
// a user with IMPORT_EMAIL / IMPORT_PASSWORD (and SUPABASE_ANON_KEY; RLS and the import functions'
// role checks apply). --json prints one JSON object as the last line of stdout:
//   {"rows", "inserted", "updated", "unchanged", "errors": [{"row", "column", "message"}], "crs", "run_id"}
// Exit codes: 0 the dry run or the commit completed · 1 rows with errors, so the commit was refused
// (nothing written; --skip-errors imports the others) · 2 the file cannot be read (nothing written)
// · 3 bad arguments · 4 the database or sign-in refused (message on stderr).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js'
import { ANON_KEY, DEFAULT_PORTS, SERVICE_ROLE_KEY } from './keys.ts'
import {
  type ImportClient,
  IMPORT_KINDS,
  ImportFileError,
  isImportKind,
  parseTemplate,
  runImport,
  type CrsId,
  type EncodingChoice,
  type ImportReport,
  type ToWgs84,
} from '../../src/import/index.ts'
import { crsFromPrj, toWgs84 } from '../../src/geo/crs.ts'

const USAGE = `usage: npm run import -- <file> --into <${IMPORT_KINDS.join('|')}>
  [--crs auto|wgs84|cgcs2000|gcj02|bd09|EPSG:<code>] [--encoding auto|utf-8|gbk|gb18030]
  [--mapping template.json] [--dry-run] [--skip-errors] [--json]
env: SUPABASE_URL (default http://127.0.0.1:${DEFAULT_PORTS.gateway}), SUPABASE_SERVICE_ROLE_KEY, or IMPORT_EMAIL + IMPORT_PASSWORD (+ SUPABASE_ANON_KEY)`

/** The coordinate transform and .prj recognition of src/geo/crs.ts (GCJ-02 / BD-09 iterative
 * inverse, Gauss-Krüger zones through proj4); its errors become row errors naming the reason. */
const TO_WGS84: ToWgs84 = toWgs84

class UsageError extends Error {}

function parseCrs(s: string): CrsId | 'auto' {
  if (['auto', 'wgs84', 'cgcs2000', 'gcj02', 'bd09'].includes(s)) return s as CrsId | 'auto'
  if (/^EPSG:[0-9]{4,6}$/i.test(s)) return `EPSG:${Number(s.slice(5))}`
  throw new UsageError(`--crs: unknown coordinate system "${s}"`)
}

function args() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      crs: { type: 'string', default: 'auto' },
      encoding: { type: 'string', default: 'auto' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-errors': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  if (positionals.length !== 1) throw new UsageError('one file, please')
  if (!values.into || !isImportKind(values.into)) throw new UsageError(`--into must be one of ${IMPORT_KINDS.join(', ')}`)
  if (!['auto', 'utf-8', 'gbk', 'gb18030'].includes(values.encoding!))
    throw new UsageError(`--encoding: "${values.encoding}" is not auto, utf-8, gbk or gb18030`)
  return {
    file: positionals[0]!,
    kind: values.into,
    crs: parseCrs(values.crs!),
    encoding: values.encoding as EncodingChoice,
    mapping: values.mapping,
    dryRun: values['dry-run']!,
    skipErrors: values['skip-errors']!,
    json: values.json!,
  }
}

const options = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  // Node 20 has no WebSocket and the import subscribes to nothing: a transport that is never built.
  realtime: { transport: class {} as unknown as NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']> },
} satisfies SupabaseClientOptions<'public'>

async function client() {
  const url = process.env.SUPABASE_URL || `http://127.0.0.1:${DEFAULT_PORTS.gateway}`
  const { IMPORT_EMAIL: email, IMPORT_PASSWORD: password } = process.env
  if (email && password) {
    const c = createClient(url, process.env.SUPABASE_ANON_KEY || ANON_KEY, options)
    const { error } = await c.auth.signInWithPassword({ email, password })
    if (error) throw new Error(`sign-in of ${email} failed: ${error.message}`)
    return c
  }
  return createClient(url, process.env.SUPABASE_SERVICE_ROLE_KEY || SERVICE_ROLE_KEY, options)
}

function print(r: ImportReport, o: { json: boolean; dryRun: boolean }) {
  if (o.json) {
    const { rows, inserted, updated, unchanged, errors, crs, run_id } = r
    console.log(JSON.stringify({ rows, inserted, updated, unchanged, errors, crs, run_id }))
    return
  }
  const what = r.committed
    ? '已写入 / committed'
    : o.dryRun
      ? '试运行，未写入 / dry run, nothing written'
      : '有错误行，未写入 / rows with errors, nothing written'
  console.log(
    `${what}: ${r.rows} rows · insert ${r.inserted} · update ${r.updated} · unchanged ${r.unchanged} · errors ${r.errors.length} · CRS ${r.crs}${r.encoding ? ` · ${r.encoding}` : ''} · run ${r.run_id}`,
  )
  for (const e of r.errors.slice(0, 50)) console.log(`  row ${e.row}, ${e.column}: ${e.message}`)
  if (r.errors.length > 50) console.log(`  … ${r.errors.length - 50} more (use --json for all)`)
}

async function main(): Promise<number> {
  let a: ReturnType<typeof args>
  try {
    a = args()
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`)
    return 3
  }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(readFileSync(a.file))
  } catch (e) {
    console.error(`无法读取文件 / cannot read ${a.file}: ${(e as Error).message}`)
    return 2
  }
  try {
    const template = a.mapping ? parseTemplate(readFileSync(a.mapping, 'utf8')) : undefined
    // supabase-js's generic types are too deep to check against the pipeline's small interface
    const report = await runImport((await client()) as unknown as ImportClient, {
      kind: a.kind,
      fileName: a.file,
      bytes,
      crs: a.crs,
      encoding: a.encoding,
      template,
      dryRun: a.dryRun,
      skipErrors: a.skipErrors,
      toWgs84: TO_WGS84,
      crsFromPrj,
    })
    if (!report.committed && !a.dryRun) {
      console.error(
        `有 ${report.errors.length} 行错误，未写入任何数据（--skip-errors 可导入其余行） / ${report.errors.length} rows have errors: nothing was written (--skip-errors imports the others)`,
      )
      print(report, a)
      return 1
    }
    print(report, a)
    return 0
  } catch (e) {
    if (e instanceof ImportFileError) {
      console.error(e.message)
      return 2
    }
    console.error((e as Error).message)
    return 4
  }
}

process.exitCode = await main()
