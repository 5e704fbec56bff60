// The risk point a finding was found at (issue 15): shown with its current level and a link to
// its card; regulators and admins, and the enterprise for its own self-checks (never an open major
// one: it holds the point at red), pick another of the enterprise's points or unlink. The database
// decides (20261216000300); its refusal is shown word for word.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { enterpriseRiskPoints, linkRiskPoint, linkedRiskPoint, type DangerDetail, type LinkedRiskPoint } from '../../data/dangers.ts'
import { levelCss, levelName, levelTextCss } from '../../domain/levels.ts'
import { oneMapLink } from '../onemap/links.ts'
import { MESSAGES } from './messages.ts'

function mayRelink(role: string | null, d: DangerDetail): boolean {
  if (role === 'admin' || role === 'regulator') return true
  const openMajor = d.severity === 'major' && d.status !== 'closed' && d.status !== 'rejected'
  return role === 'enterprise' && d.source === 'self_check' && !openMajor
}

export function RiskPointLink({ d, onChanged }: { d: DangerDetail; onChanged: () => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const role = useStore(sessionStore, (s) => s.user?.role ?? null)
  const [linked, setLinked] = useState<LinkedRiskPoint | null | undefined>(undefined)
  const [choices, setChoices] = useState<LinkedRiskPoint[] | null>(null)
  const [pick, setPick] = useState('')
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    let alive = true
    linkedRiskPoint(d.id).then(
      (rp) => alive && setLinked(rp),
      () => alive && setLinked(null),
    )
    return () => {
      alive = false
    }
  }, [d.id, d.updated_at])
  const editable = mayRelink(role, d) && d.enterprise_id !== null
  const open = async () => {
    setChoices(await enterpriseRiskPoints(d.enterprise_id!))
    setPick(linked?.id ?? '')
  }
  const save = async () => {
    setMsg(null)
    try {
      await linkRiskPoint(d.id, pick || null)
      setLinked(await linkedRiskPoint(d.id))
      setChoices(null)
      setMsg({ ok: true, text: m('link.saved') })
      onChanged()
    } catch (e) {
      setMsg({ ok: false, text: m('link.failed', { msg: (e as Error).message }) })
    }
  }
  if (linked === undefined) return <span>…</span>
  return (
    <span class="rp-link" data-testid="risk-point-link">
      {linked ? (
        <>
          <span
            class="rp-level"
            style={{ background: levelCss(linked.current_level), color: levelTextCss(linked.current_level) }}
            data-level={linked.current_level}
          >
            {levelName(linked.current_level, lang)}
          </span>{' '}
          <a href={oneMapLink({ layer: 'risk_points', id: linked.id })} class="btn-link" data-testid="risk-point-linked">
            {linked.name}
          </a>
        </>
      ) : (
        <span data-testid="risk-point-none">{m('link.none')}</span>
      )}
      {editable && !choices && (
        <button type="button" class="btn btn-link" data-testid="risk-point-edit" onClick={() => void open()}>
          {m('link.edit')}
        </button>
      )}
      {choices && (
        <span class="rp-edit">
          <select value={pick} data-testid="risk-point-select" onChange={(e) => setPick((e.target as HTMLSelectElement).value)}>
            <option value="">{m('link.unlink')}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}（{levelName(c.level, lang)}）
              </option>
            ))}
          </select>
          <button type="button" class="btn btn-primary" data-testid="risk-point-save" onClick={() => void save()}>
            {m('link.save')}
          </button>
          <button type="button" class="btn btn-ghost" onClick={() => setChoices(null)}>
            {m('link.cancel')}
          </button>
        </span>
      )}
      {msg && (
        <span class={msg.ok ? 'form-ok' : 'form-error'} role="status" data-testid="risk-point-msg">
          {msg.text}
        </span>
      )}
    </span>
  )
}
