// Photos with a public report: picked (and previewed) in the form, uploaded right after the
// report is received: the page asks for the report's key with the tracking code, then resizes
// each photo in the browser (≤ 1600 px JPEG) and uploads it to Storage with that key.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { createStore, useStore } from '../../app/store.ts'
import { openReportEvidence } from '../../data/evidence.ts'
import { REPORT_MAX_PHOTOS } from '../../domain/evidence.ts'
import { MESSAGES } from '../evidence/messages.ts'
import { screenFiles, uploadAll, type Refusal } from '../evidence/upload.ts'
import '../evidence/evidence.css'

interface Pending {
  file: File
  preview: string
}

/** The photos picked for the report being written (kept while the form turns into the receipt). */
const picked = createStore<{ items: Pending[]; refused: Refusal[] }>({ items: [], refused: [] })

function clearPicked(): void {
  for (const p of picked.get().items) URL.revokeObjectURL(p.preview)
  picked.set({ items: [], refused: [] })
}

export function ReportPhotoPicker() {
  const { m } = useMessages(MESSAGES)
  const { items, refused } = useStore(picked)
  const add = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])]
    input.value = ''
    const { ok, refused: bad } = screenFiles(files)
    const room = REPORT_MAX_PHOTOS - items.length
    const taken = ok.slice(0, Math.max(0, room))
    const over: Refusal[] = ok.length > taken.length ? [{ key: 'evidence.tooMany', vars: { n: REPORT_MAX_PHOTOS } }] : []
    picked.set({ items: [...items, ...taken.map((file) => ({ file, preview: URL.createObjectURL(file) }))], refused: [...bad, ...over] })
  }
  const remove = (i: number) => {
    URL.revokeObjectURL(items[i]!.preview)
    picked.set({ items: items.filter((_, k) => k !== i), refused: [] })
  }
  return (
    <div class="pub-field" data-testid="report-photos">
      <span class="pub-field-label">{m('evidence.addPhotos', { n: REPORT_MAX_PHOTOS })}</span>
      {items.length > 0 && (
        <div class="ev-thumbs">
          {items.map((p, i) => (
            <div class="ev-thumb ev-pending" key={p.preview} data-testid="report-photo">
              {p.file.type.startsWith('image/') ? <img src={p.preview} alt={p.file.name} /> : <span class="ev-pdf">PDF</span>}
              <button type="button" class="ev-remove" aria-label={m('evidence.remove')} title={m('evidence.remove')} onClick={() => remove(i)}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
        </div>
      )}
      {items.length < REPORT_MAX_PHOTOS && (
        <label class="pub-btn pub-btn-wide ev-pick">
          {m('evidence.add')}
          <input
            class="ev-file-input"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
            data-testid="report-photo-input"
            onChange={(e) => add(e.target as HTMLInputElement)}
          />
        </label>
      )}
      <span class="pub-note">{m('evidence.hint')}</span>
      {refused.length > 0 && (
        <ul class="ev-refusals" role="alert" data-testid="report-photo-refusals">
          {refused.map((r, i) => (
            <li key={i}>{m(r.key, r.vars)}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** On the receipt: uploads the picked photos once, and says how it went. */
export function ReportPhotoUpload({ code }: { code: string }) {
  const { m } = useMessages(MESSAGES)
  const [state, setState] = useState<{ done: number; n: number; uploaded?: number; refused: Refusal[]; error?: string } | null>(null)
  useEffect(() => {
    const files = picked.get().items.map((p) => p.file)
    if (files.length === 0) return
    clearPicked()
    setState({ done: 0, n: files.length, refused: [] })
    openReportEvidence(code)
      .then((opened) => uploadAll(opened.hidden_danger_id, 'report', files, opened.key, (done) => setState((s) => s && { ...s, done })))
      .then(
        (r) => setState({ done: files.length, n: files.length, uploaded: r.uploaded, refused: r.refused }),
        (e: Error) => setState({ done: 0, n: files.length, refused: [], error: e.message }),
      )
  }, [code])
  if (!state) return null
  return (
    <div class="pub-field" data-testid="report-photo-status" role="status">
      {state.error ? (
        <p class="pub-error">{m('evidence.reportOpenFailed', { msg: state.error })}</p>
      ) : state.uploaded === undefined ? (
        <p class="pub-note">{m('evidence.uploading', { done: state.done, n: state.n })}</p>
      ) : (
        <p class="pub-note" data-testid="report-photo-done">
          ✓ {m('evidence.uploaded', { n: state.uploaded })}
        </p>
      )}
      {state.refused.length > 0 && (
        <ul class="ev-refusals" role="alert">
          {state.refused.map((r, i) => (
            <li key={i}>{m(r.key, r.vars)}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
