// Evidence photos and attachments (issue 21): the limits the bucket `evidence` enforces (see
// supabase/migrations/20261228000100_evidence_storage.sql), who may add evidence at which stage,
// and the size a photo is resized to in the browser before upload.

export type EvidenceStage = 'report' | 'finding' | 'rectification' | 'verification'
export const EVIDENCE_STAGES: readonly EvidenceStage[] = ['report', 'finding', 'rectification', 'verification']

export const EVIDENCE_BUCKET = 'evidence'
/** The bucket's file_size_limit. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
/** Photos are scaled so that their longer side is at most this many pixels. */
export const EVIDENCE_MAX_SIDE = 1600
export const EVIDENCE_JPEG_QUALITY = 0.85
/** A public reporter's photos per report (app.evidence_report_limits()). */
export const REPORT_MAX_PHOTOS = 5
/** Files a person may pick before resizing: larger ones are refused at once. */
export const EVIDENCE_MAX_PICK_BYTES = 40 * 1024 * 1024

export const EVIDENCE_MIME_EXT = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
} as const
export type EvidenceMime = keyof typeof EVIDENCE_MIME_EXT

export const isEvidenceMime = (t: string): t is EvidenceMime => Object.hasOwn(EVIDENCE_MIME_EXT, t)
export const isPhotoMime = (t: string): boolean => t.startsWith('image/')

/** Why a picked file cannot be evidence (a message key and its values), or null. Photos of any
 * size the browser can decode are fine: they are resized and re-encoded as JPEG before upload. */
export function refuseEvidenceFile(
  type: string,
  bytes: number,
): { key: 'evidence.badType' | 'evidence.tooBig' | 'evidence.empty'; vars?: Record<string, string | number> } | null {
  if (bytes <= 0) return { key: 'evidence.empty' }
  const photo = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'].includes(type)
  if (!photo && type !== 'application/pdf') return { key: 'evidence.badType', vars: { type: type || '?' } }
  const limit = photo ? EVIDENCE_MAX_PICK_BYTES : EVIDENCE_MAX_BYTES
  if (bytes > limit) return { key: 'evidence.tooBig', vars: { mb: Math.round((bytes / 1048576) * 10) / 10, max: limit / 1048576 } }
  return null
}

/** Width and height scaled (never up) so the longer side is at most `max`. */
export function fitWithin(width: number, height: number, max = EVIDENCE_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The stages at which a role adds evidence (mirrors app.evidence_staff_may_upload). */
export function evidenceStagesFor(role: string | null | undefined): EvidenceStage[] {
  if (role === 'admin' || role === 'regulator') return ['finding', 'rectification', 'verification']
  if (role === 'enterprise') return ['rectification']
  return []
}

/** `<danger>/<stage>/<uuid>.<ext>`: the object name the storage policies expect. */
export function evidencePath(dangerId: string, stage: EvidenceStage, uuid: string, mime: EvidenceMime): string {
  return `${dangerId}/${stage}/${uuid}.${EVIDENCE_MIME_EXT[mime]}`
}

/** Storage's refusal (statusCode) as a message key. */
export function evidenceErrorKey(
  statusCode: string | undefined,
): 'evidence.err413' | 'evidence.err415' | 'evidence.err403' | 'evidence.err404' | 'evidence.errOther' {
  switch (statusCode) {
    case '413':
      return 'evidence.err413'
    case '415':
      return 'evidence.err415'
    case '403':
      return 'evidence.err403'
    case '404':
      return 'evidence.err404'
    default:
      return 'evidence.errOther'
  }
}
