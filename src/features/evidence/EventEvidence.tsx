// A thumbnail of one piece of evidence that opens the full image in the page (a viewer with the
// stage and time, Esc or × to close, and a link to the original), and the small row of thumbnails
// shown beside a timeline event. PDFs open in a new tab.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { EvidenceRow } from '../../data/evidence.ts'
import { fmtDateTime } from '../dangers/parts.tsx'
import { MESSAGES, type EvidenceMessageKey } from './messages.ts'
import './evidence.css'

export function EvidenceThumb({ row, url, testid, small }: { row: EvidenceRow; url: string | undefined; testid: string; small?: boolean }) {
  const { m } = useMessages(MESSAGES)
  const [open, setOpen] = useState(false)
  const stage = m(`evidence.stage.${row.stage}` as EvidenceMessageKey)
  const when = fmtDateTime(row.uploaded_at)
  const photo = row.mime_type.startsWith('image/')
  return (
    <>
      <a
        class={small ? 'ev-thumb ev-thumb-small' : 'ev-thumb'}
        href={url}
        target="_blank"
        rel="noopener"
        title={`${stage} · ${when} · ${m('evidence.open')}`}
        data-testid={testid}
        data-stage={row.stage}
        onClick={(e) => {
          // a plain click views the photo here; ctrl/⌘-click or a PDF opens the original in a new tab
          if (!photo || !url || e.ctrlKey || e.metaKey || e.shiftKey) return
          e.preventDefault()
          setOpen(true)
        }}
      >
        {photo && url ? <img src={url} alt={`${stage} ${when}`} loading="lazy" /> : <span class="ev-pdf">PDF</span>}
      </a>
      {open && url && <Viewer url={url} caption={`${stage} · ${when}`} onClose={() => setOpen(false)} />}
    </>
  )
}

function Viewer({ url, caption, onClose }: { url: string; caption: string; onClose: () => void }) {
  const { m } = useMessages(MESSAGES)
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', key)
    return () => window.removeEventListener('keydown', key)
  }, [onClose])
  return (
    <div class="ev-viewer" role="dialog" aria-modal="true" aria-label={caption} data-testid="evidence-viewer" onClick={onClose}>
      <figure onClick={(e) => e.stopPropagation()}>
        <img src={url} alt={caption} data-testid="evidence-viewer-img" />
        <figcaption>
          <span>{caption}</span>
          <a href={url} target="_blank" rel="noopener">
            {m('evidence.openOriginal')}
          </a>
        </figcaption>
      </figure>
      <button
        type="button"
        class="ev-viewer-close"
        aria-label={m('evidence.close')}
        title={m('evidence.close')}
        data-testid="evidence-viewer-close"
        onClick={onClose}
      >
        ×
      </button>
    </div>
  )
}

/** The evidence attached at one timeline event, as small thumbnails under its text. */
export function EventEvidence({ eventId, rows, urls }: { eventId: number; rows: EvidenceRow[]; urls: Record<string, string> | undefined }) {
  const { m } = useMessages(MESSAGES)
  if (rows.length === 0) return null
  return (
    <div class="tl-evidence" data-testid="event-evidence" data-event-id={String(eventId)}>
      <span class="tl-evidence-label">{m('evidence.atEvent', { n: rows.length })}</span>
      <div class="ev-thumbs">
        {rows.map((r) => (
          <EvidenceThumb key={r.id} row={r} url={urls?.[r.object_path]} testid="event-thumb" small />
        ))}
      </div>
    </div>
  )
}
