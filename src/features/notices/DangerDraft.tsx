// 由挂牌督办隐患生成: pick an open listed major hidden danger the user can see; the database drafts
// the notice from the record (draft_notice_from_hidden_danger) and the page opens it for editing.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { draftNoticeFromHiddenDanger } from '../../data/notices.ts'
import { listedDangers, type ListedDanger } from '../../data/noticesStaff.ts'
import { RefusalBox } from './staffParts.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'

export function DangerDraft({ jurisdiction, onDrafted, onCancel }: { jurisdiction: string; onDrafted: (id: string) => void; onCancel: () => void }) {
  const { m } = useMessages(STAFF_MESSAGES)
  const [dangers, setDangers] = useState<ListedDanger[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [chosen, setChosen] = useState('')
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)

  useEffect(() => {
    let alive = true
    listedDangers().then(
      (d) => alive && setDangers(d),
      (e: Error) => alive && setLoadError(e.message),
    )
    return () => {
      alive = false
    }
  }, [])

  async function draft() {
    if (!chosen) return
    setBusy(true)
    setRefused(null)
    try {
      const r = await draftNoticeFromHiddenDanger(chosen)
      onDrafted(r.id)
    } catch (e) {
      setRefused(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="ntc-form" data-testid="notice-danger" data-status={dangers ? 'ok' : loadError ? 'error' : 'loading'}>
      <h3>{m('danger.title')}</h3>
      {loadError && <div class="form-error">{m('page.error', { msg: loadError })}</div>}
      {dangers && dangers.length === 0 && <p class="muted">{m('danger.none')}</p>}
      {dangers && dangers.length > 0 && (
        <label class="ntc-wide">
          {m('danger.pick')}
          <select data-testid="notice-danger-select" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            <option value="">{m('danger.choose')}</option>
            {dangers.map((d) => (
              <option key={d.id} value={d.id}>
                {[
                  d.title,
                  d.enterprise_name,
                  d.district_name,
                  d.listing_level ? m('danger.listing', { level: m(d.listing_level === 'city' ? 'danger.city' : 'danger.district') }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </option>
            ))}
          </select>
        </label>
      )}
      {refused !== null && <RefusalBox error={refused} testid="notice-danger-refused" jurisdiction={jurisdiction} />}
      <div class="ntc-form-actions">
        <button type="button" class="btn btn-primary" data-testid="notice-danger-draft" disabled={!chosen || busy} onClick={draft}>
          {busy ? m('danger.drafting') : m('danger.draft')}
        </button>
        <button type="button" class="btn btn-ghost" onClick={onCancel}>
          {m('form.cancel')}
        </button>
      </div>
    </div>
  )
}
