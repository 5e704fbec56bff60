// Demo evidence photos (issue 21), for the local stacks: a few generated PNGs attached to some
// seeded hidden dangers at their steps — the demo enterprise's dangers (findings by the inspector,
// rectification by the enterprise, verification by the regulator) and four public reports (two in
// the demo regulator's district, two outside it) with the reporter's photo.
//
// Stored where the app's uploads go: an object `<danger>/<stage>/<uuid>.png` in bucket `evidence`
// (storage.objects, so its RLS policies decide who reads it), its bytes in local_storage.blobs (the
// local Storage stand-in, supabase/local/storage-routes.ts) and its record in evidence_attachments,
// dated a little after the event it documents (a finding, a report) or a little before (the
// rectification photos before "done", the verification photo before the close or the return).
//
// Hosted Supabase keeps the bytes outside the database, so supabase/seed.sql carries none of this.
// Read from the loaded rows (ids, sources, districts and event times), so it follows the seed and
// scale the stack was loaded with; deterministic for them. ~20 photos of a few KB.
import { createHash } from 'node:crypto'
import type { SqlExecutor } from './sql-executor.ts'
import { demoUuid } from './ids.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from './demo-users.ts'
import { demoPhoto, type DemoPhotoStage } from './evidence-images.ts'
import { BLOBS_DDL } from '../local/storage-routes.ts'

interface DangerRow {
  id: string
  source: string
  area_code: string
  enterprise_id: string | null
}
interface EventRow {
  hidden_danger_id: string
  at_ms: number
  action: string
  from_status: string | null
  to_status: string
}

export interface DemoEvidenceFile {
  dangerId: string
  stage: DemoPhotoStage
  path: string
  atMs: number
  uploadedBy: string | null
  bytes: Buffer
}

const MIN = 60_000

/** The photos to attach, from the loaded dangers and their events. */
export function planDemoEvidence(seed: number, dangers: DangerRow[], events: EventRow[]): DemoEvidenceFile[] {
  const regulator = demoUser('regulator').id
  const admin = demoUser('admin').id
  const enterprise = demoUser('enterprise').id
  const out: DemoEvidenceFile[] = []
  let n = 0
  const add = (d: DangerRow, stage: DemoPhotoStage, atMs: number, uploadedBy: string | null) => {
    const uuid = demoUuid(seed, 'evidence_objects', n++)
    // the camera's stamp: Beijing wall-clock time of the upload
    const stamp = new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    out.push({ dangerId: d.id, stage, path: `${d.id}/${stage}/${uuid}.png`, atMs, uploadedBy, bytes: demoPhoto(seed, uuid, stage, stamp) })
  }
  for (const d of dangers) {
    const staff = d.area_code.startsWith(DEMO_REGULATOR_AREA) ? regulator : admin
    const fixer = d.enterprise_id === DEMO_ENTERPRISE_ID ? enterprise : d.enterprise_id ? null : staff
    const evs = events.filter((e) => e.hidden_danger_id === d.id).sort((a, b) => a.at_ms - b.at_ms)
    evs.forEach((e, k) => {
      const next = evs[k + 1]
      if (e.action === 'created') {
        if (d.source === 'public_report') add(d, 'report', e.at_ms + 3 * MIN, null)
        else if (d.source === 'inspection') {
          add(d, 'finding', e.at_ms + 12 * MIN, staff)
          if (d.enterprise_id === DEMO_ENTERPRISE_ID) add(d, 'finding', e.at_ms + 14 * MIN, staff)
        }
      } else if (e.to_status === 'pending_verification') {
        add(d, 'rectification', e.at_ms - 95 * MIN, fixer)
        add(d, 'rectification', e.at_ms - 40 * MIN, fixer)
      } else if (e.to_status === 'closed' || (e.from_status === 'pending_verification' && e.to_status === 'rectifying')) {
        add(d, 'verification', e.at_ms - 25 * MIN, staff)
      } else if (e.from_status === 'registered' && e.to_status === 'rectifying' && !next) {
        // still rectifying: a photo of the work under way, a few days into it
        add(d, 'rectification', e.at_ms + 2 * 24 * 60 * MIN + 90 * MIN, fixer)
      }
    })
  }
  return out
}

/** Loads the demo photos; a database without Storage's tables (another schema) gets none. */
export async function loadDemoEvidence(db: SqlExecutor, opts: { seed: number; log?: (msg: string) => void }): Promise<number> {
  const { rows: ready } = await db.query<{ ok: boolean }>(
    `select to_regclass('storage.objects') is not null and to_regclass('public.evidence_attachments') is not null as ok`,
  )
  if (!ready[0]?.ok) return 0
  await db.exec(BLOBS_DDL)
  const demoIds = Array.from({ length: 8 }, (_, i) => demoUuid(opts.seed, 'hidden_dangers', i))
  const { rows: dangers } = await db.query<DangerRow>(
    `(select id::text, source::text, area_code, enterprise_id::text from public.hidden_dangers where id = any($1::uuid[]) and is_demo)
     union all
     (select id::text, source::text, area_code, enterprise_id::text from public.hidden_dangers
      where is_demo and source = 'public_report' and status <> 'reported' and area_code like $2 || '%' order by tracking_code limit 2)
     union all
     (select id::text, source::text, area_code, enterprise_id::text from public.hidden_dangers
      where is_demo and source = 'public_report' and status <> 'reported' and area_code not like $2 || '%' order by tracking_code limit 2)`,
    [demoIds, DEMO_REGULATOR_AREA],
  )
  const unique = [...new Map(dangers.map((d) => [d.id, d])).values()]
  const { rows: events } = await db.query<EventRow>(
    `select hidden_danger_id::text, (extract(epoch from at) * 1000)::float8 as at_ms, action, from_status::text, to_status::text
     from public.hidden_danger_events where hidden_danger_id = any($1::uuid[])`,
    [unique.map((d) => d.id)],
  )
  const files = planDemoEvidence(
    opts.seed,
    unique,
    events.map((e) => ({ ...e, at_ms: Number(e.at_ms) })),
  )
  for (const f of files) {
    const at = new Date(f.atMs).toISOString()
    const md5 = createHash('md5').update(f.bytes).digest('hex')
    const metadata = {
      eTag: `"${md5}"`,
      size: f.bytes.length,
      mimetype: 'image/png',
      cacheControl: 'max-age=3600',
      lastModified: at,
      contentLength: f.bytes.length,
      httpStatusCode: 200,
    }
    const { rows } = await db.query<{ id: string }>(
      `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, version, created_at, updated_at, last_accessed_at)
       values ('evidence', $1, $2::uuid, $2, $3::jsonb, $4, $5, $5, $5) returning id`,
      [f.path, f.uploadedBy, JSON.stringify(metadata), md5, at],
    )
    await db.query('insert into local_storage.blobs (object_id, data) values ($1, $2)', [rows[0]!.id, f.bytes])
    await db.query(
      `insert into public.evidence_attachments (hidden_danger_id, stage, object_path, mime_type, bytes, sha256, uploaded_by, uploaded_at)
       values ($1, $2, $3, 'image/png', $4, $5, $6, $7)`,
      [f.dangerId, f.stage, f.path, f.bytes.length, createHash('sha256').update(f.bytes).digest('hex'), f.uploadedBy, at],
    )
  }
  opts.log?.(`[seed] ${files.length} demo evidence photos on ${unique.length} hidden dangers`)
  return files.length
}
