// The evidence section of a hidden danger: thumbnails by stage (the same photos also sit beside
// their events in the timeline), and (for roles that may) adding photos or PDFs at a stage: the
// regulator at finding / rectification / verification, the enterprise at rectification. The
// storage policies decide in the end; refusals are shown. The detail panel loads the evidence
// once and hands it in (`loaded`); `onUploaded` asks it to reload.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { evidenceStagesFor, type EvidenceStage } from '../../domain/evidence.ts'
import { EvidenceGallery } from '../evidence/EvidenceGallery.tsx'
import { MESSAGES, type EvidenceMessageKey } from '../evidence/messages.ts'
import { screenFiles, uploadAll, type Refusal } from '../evidence/upload.ts'
import type { LoadedEvidence } from '../evidence/useEvidence.ts'

/** The stage a danger's status suggests for new evidence. */
function defaultStage(status: string, stages: EvidenceStage[]): EvidenceStage | undefined {
  const want: EvidenceStage = status === 'pending_verification' || status === 'closed' ? 'verification' : status === 'rectifying' ? 'rectification' : 'finding'
  return stages.includes(want) ? want : stages[0]
}

export function DangerEvidence({
  dangerId,
  status,
  loaded,
  onUploaded,
}: {
  dangerId: string
  status: string
  loaded?: LoadedEvidence
  onUploaded?: () => void
}) {
  const { m } = useMessages(MESSAGES)
  const { user } = useStore(sessionStore)
  const stages = evidenceStagesFor(user?.role)
  const [stage, setStage] = useState<EvidenceStage | undefined>(() => defaultStage(status, stages))
  const [version, setVersion] = useState(0)
  const [busy, setBusy] = useState<{ done: number; n: number } | null>(null)
  const [refusals, setRefusals] = useState<Refusal[]>([])
  const [uploaded, setUploaded] = useState(0)

  const pick = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])]
    input.value = ''
    if (!stage || files.length === 0) return
    const { ok, refused } = screenFiles(files)
    setRefusals(refused)
    setUploaded(0)
    if (ok.length === 0) return
    setBusy({ done: 0, n: ok.length })
    const r = await uploadAll(dangerId, stage, ok, undefined, (done) => setBusy({ done, n: ok.length }))
    setBusy(null)
    setRefusals([...refused, ...r.refused])
    setUploaded(r.uploaded)
    setVersion((v) => v + 1)
    onUploaded?.()
  }

  return (
    <section class="detail-section" data-testid="evidence">
      <h3>{m('evidence.title')}</h3>
      <EvidenceGallery dangerId={dangerId} version={version} loaded={loaded} />
      {loaded?.rows && loaded.rows.length > 0 && <p class="ev-hint">{m('evidence.byEvent')}</p>}
      {stages.length > 0 && stage && (
        <div class="ev-upload" data-testid="evidence-upload">
          <label>
            {m('evidence.stageLabel')}{' '}
            <select value={stage} data-testid="evidence-stage" onChange={(e) => setStage((e.target as HTMLSelectElement).value as EvidenceStage)}>
              {stages.map((s) => (
                <option key={s} value={s}>
                  {m(`evidence.stage.${s}` as EvidenceMessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label class="btn ev-add" aria-disabled={busy !== null}>
            {busy ? m('evidence.uploading', { done: busy.done, n: busy.n }) : m('evidence.add')}
            <input
              class="ev-file-input"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
              disabled={busy !== null}
              data-testid="evidence-file"
              onChange={(e) => void pick(e.target as HTMLInputElement)}
            />
          </label>
        </div>
      )}
      {stages.length > 0 && <p class="ev-hint">{m('evidence.hint')}</p>}
      {uploaded > 0 && (
        <p class="ev-hint" role="status" data-testid="evidence-uploaded">
          {m('evidence.uploaded', { n: uploaded })}
        </p>
      )}
      {refusals.length > 0 && (
        <ul class="ev-refusals" role="alert" data-testid="evidence-refusals">
          {refusals.map((r, i) => (
            <li key={i}>{m(r.key, r.vars)}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
