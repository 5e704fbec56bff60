// Evidence through Supabase Storage (bucket `evidence`) with supabase-js, and its record in
// evidence_attachments. A public reporter's requests carry the report's key as the header
// x-evidence-key (the storage policies read it from request.headers).
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import { EVIDENCE_BUCKET, EVIDENCE_JPEG_QUALITY, evidencePath, fitWithin, isEvidenceMime, type EvidenceMime, type EvidenceStage } from '../domain/evidence.ts'

export interface EvidenceRow {
  id: number
  hidden_danger_id: string
  stage: EvidenceStage
  object_path: string
  mime_type: string
  bytes: number
  uploaded_at: string
}

/** A refusal of Storage or the database, with Storage's statusCode (413, 415, 403 …). */
export class EvidenceError extends ApiError {}

const keyHeaders = (key?: string): Record<string, string> => (key ? { 'x-evidence-key': key } : {})

/** Photos: decoded, scaled to ≤ 1600 px and re-encoded as JPEG (also strips location metadata).
 * PDFs pass unchanged. */
export async function prepareEvidence(file: Blob): Promise<{ blob: Blob; mime: EvidenceMime }> {
  if (file.type === 'application/pdf') return { blob: file, mime: 'application/pdf' }
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new EvidenceError('image could not be decoded', 415, '415')
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new EvidenceError('no canvas', 500, '500')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, height)
  ctx.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', EVIDENCE_JPEG_QUALITY))
  if (!blob) throw new EvidenceError('image could not be encoded', 415, '415')
  return { blob, mime: 'image/jpeg' }
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Uploads one prepared file and records it; resolves to its object path. */
export async function uploadEvidence(dangerId: string, stage: EvidenceStage, blob: Blob, mime: EvidenceMime, key?: string): Promise<string> {
  if (!isEvidenceMime(mime)) throw new EvidenceError(`type ${mime}`, 415, '415')
  const path = evidencePath(dangerId, stage, crypto.randomUUID(), mime)
  const up = await supabase()
    .storage.from(EVIDENCE_BUCKET)
    .upload(path, blob, { contentType: mime, upsert: false, headers: keyHeaders(key) })
  if (up.error) {
    const e = up.error as { message: string; status?: number; statusCode?: string }
    throw new EvidenceError(e.message, e.status ?? 400, e.statusCode)
  }
  let q = supabase()
    .from('evidence_attachments')
    .insert({ object_path: path, sha256: await sha256Hex(blob) })
  if (key) q = q.setHeader('x-evidence-key', key)
  const rec = await q
  if (rec.error) throw new EvidenceError(rec.error.message, rec.status, rec.error.code)
  return path
}

/** The public reporter's key for the report's photos (once per report, within its first hour). */
export async function openReportEvidence(trackingCode: string): Promise<{ hidden_danger_id: string; key: string; max_files: number }> {
  const { data, error, status } = await supabase().rpc('open_report_evidence', { code: trackingCode })
  if (error) throw new EvidenceError(error.message, status, error.code)
  return data as { hidden_danger_id: string; key: string; max_files: number }
}

export async function listEvidence(dangerId: string): Promise<EvidenceRow[]> {
  const { data, error, status } = await supabase()
    .from('evidence_attachments')
    .select('id, hidden_danger_id, stage, object_path, mime_type, bytes, uploaded_at')
    .eq('hidden_danger_id', dangerId)
    .order('uploaded_at')
    .limit(200)
  if (error) throw new EvidenceError(error.message, status, error.code)
  return (data ?? []).map((r) => ({ ...r, bytes: Number(r.bytes) })) as EvidenceRow[]
}

/** Signed URLs (10 minutes) for showing evidence in <img> and links. */
export async function evidenceUrls(paths: string[]): Promise<Record<string, string>> {
  if (paths.length === 0) return {}
  const { data, error } = await supabase().storage.from(EVIDENCE_BUCKET).createSignedUrls(paths, 600)
  if (error) throw new EvidenceError(error.message, 400)
  const out: Record<string, string> = {}
  for (const d of data ?? []) if (d.path && d.signedUrl) out[d.path] = d.signedUrl
  return out
}
