// Picks → checks → resizes → uploads, one file after another, collecting refusals as messages.
import { EvidenceError, prepareEvidence, uploadEvidence } from '../../data/evidence.ts'
import { evidenceErrorKey, refuseEvidenceFile, type EvidenceStage } from '../../domain/evidence.ts'
import type { EvidenceMessageKey } from './messages.ts'

export interface Refusal {
  key: EvidenceMessageKey
  vars: Record<string, string | number>
}

/** Files the browser may not even try (wrong type, far too big), as refusals; the rest kept. */
export function screenFiles(files: File[]): { ok: File[]; refused: Refusal[] } {
  const ok: File[] = []
  const refused: Refusal[] = []
  for (const f of files) {
    const r = refuseEvidenceFile(f.type, f.size)
    if (r) refused.push({ key: r.key, vars: { name: f.name, ...(r.vars ?? {}) } })
    else ok.push(f)
  }
  return { ok, refused }
}

export async function uploadAll(
  dangerId: string,
  stage: EvidenceStage,
  files: File[],
  key: string | undefined,
  onProgress: (done: number) => void,
): Promise<{ uploaded: number; refused: Refusal[] }> {
  const refused: Refusal[] = []
  let uploaded = 0
  for (const [i, f] of files.entries()) {
    try {
      const { blob, mime } = await prepareEvidence(f)
      await uploadEvidence(dangerId, stage, blob, mime, key)
      uploaded++
    } catch (err) {
      const e = err as EvidenceError
      refused.push({ key: evidenceErrorKey(e.code), vars: { name: f.name, msg: e.message } })
    }
    onProgress(i + 1)
  }
  return { uploaded, refused }
}
