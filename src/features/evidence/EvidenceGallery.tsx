// Thumbnails of a danger's evidence, by stage, each opening the full file (signed URLs). Loads
// its own data unless the caller hands it what it loaded (the danger detail shares one load with
// the thumbnails beside the timeline's events).
import { useMessages } from '../../app/i18n.ts'
import { EVIDENCE_STAGES } from '../../domain/evidence.ts'
import { MESSAGES, type EvidenceMessageKey } from './messages.ts'
import { useEvidence, type LoadedEvidence } from './useEvidence.ts'
import { EvidenceThumb } from './EventEvidence.tsx'
import './evidence.css'

export function EvidenceGallery({ dangerId, version, loaded }: { dangerId: string; version: number; loaded?: LoadedEvidence }) {
  return loaded ? <Gallery state={loaded} /> : <SelfLoading dangerId={dangerId} version={version} />
}

function SelfLoading({ dangerId, version }: { dangerId: string; version: number }) {
  return <Gallery state={useEvidence(dangerId, version)} />
}

function Gallery({ state }: { state: LoadedEvidence }) {
  const { m } = useMessages(MESSAGES)
  if (state.error) return <p class="form-error">{m('evidence.loadError', { msg: state.error })}</p>
  if (!state.rows) return <p class="muted">{m('evidence.loading')}</p>
  if (state.rows.length === 0)
    return (
      <p class="muted" data-testid="evidence-none">
        {m('evidence.none')}
      </p>
    )
  return (
    <div class="ev-gallery" data-testid="evidence-gallery">
      {EVIDENCE_STAGES.map((stage) => {
        const rows = state.rows!.filter((r) => r.stage === stage)
        if (rows.length === 0) return null
        return (
          <div class="ev-stage" key={stage} data-stage={stage}>
            <div class="ev-stage-label">{m(`evidence.stage.${stage}` as EvidenceMessageKey)}</div>
            <div class="ev-thumbs">
              {rows.map((r) => (
                <EvidenceThumb key={r.id} row={r} url={state.urls?.[r.object_path]} testid="evidence-thumb" />
              ))}
            </div>
          </div>
        )
      })}
    </div>
  )
}
