// Thumbnails of a danger's evidence, by stage, each opening the full file (signed URLs).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { evidenceUrls, listEvidence, type EvidenceRow } from '../../data/evidence.ts'
import { EVIDENCE_STAGES } from '../../domain/evidence.ts'
import { MESSAGES, type EvidenceMessageKey } from './messages.ts'
import './evidence.css'

export function EvidenceGallery({ dangerId, version }: { dangerId: string; version: number }) {
  const { m } = useMessages(MESSAGES)
  const [state, setState] = useState<{ rows?: EvidenceRow[]; urls?: Record<string, string>; error?: string }>({})
  useEffect(() => {
    let alive = true
    listEvidence(dangerId)
      .then(async (rows) => ({ rows, urls: await evidenceUrls(rows.map((r) => r.object_path)) }))
      .then(
        (s) => alive && setState(s),
        (e: Error) => alive && setState({ error: e.message }),
      )
    return () => {
      alive = false
    }
  }, [dangerId, version])
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
              {rows.map((r) => {
                const url = state.urls?.[r.object_path]
                const when = new Date(r.uploaded_at).toLocaleString('zh-CN', { hour12: false })
                return (
                  <a
                    class="ev-thumb"
                    key={r.id}
                    href={url}
                    target="_blank"
                    rel="noopener"
                    title={`${m('evidence.open')} · ${when}`}
                    data-testid="evidence-thumb"
                  >
                    {r.mime_type.startsWith('image/') && url ? (
                      <img src={url} alt={m(`evidence.stage.${stage}` as EvidenceMessageKey)} loading="lazy" />
                    ) : (
                      <span class="ev-pdf">PDF</span>
                    )}
                  </a>
                )
              })}
            </div>
          </div>
        )
      })}
    </div>
  )
}
