// Small shared pieces of the hidden-danger page: status and severity badges, dates.
import { useMessages } from '../../app/i18n.ts'
import { SEVERITIES, dangerStatusById, type DangerStatus } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { DangerTriangle } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { cityClock, cityDate } from '../../domain/cityDay.ts'

export function StatusBadge({ status, overdue = false }: { status: DangerStatus | string | null; overdue?: boolean }) {
  const { name } = useMessages(MESSAGES)
  const s = dangerStatusById(status)
  if (!s) return <span class="muted">—</span>
  return (
    <span class="status-badge" data-status={s.id} style={{ borderColor: rgbCss(s.rgb), color: rgbCss(s.rgb) }}>
      <DangerTriangle status={s.index} overdue={overdue} size={13} />
      {name(s)}
    </span>
  )
}

export function SeverityBadge({ severity }: { severity: string | null }) {
  const { m, name } = useMessages(MESSAGES)
  if (severity === 'major') return <span class="sev-badge sev-major">{name(SEVERITIES.major)}</span>
  if (severity === 'general') return <span class="sev-badge sev-general">{name(SEVERITIES.general)}</span>
  return <span class="muted">{m('severity.unassessed')}</span>
}

/** YYYY-MM-DD of a date or timestamp (timestamps on the city's clock, Beijing time). */
export function fmtDate(v: string | null | undefined): string {
  if (!v) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  return cityDate(d)
}

export function fmtDateTime(v: string | null | undefined): string {
  if (!v) return '—'
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  return `${fmtDate(v)} ${cityClock(d)}`
}
