// One hidden danger: all its fields, the supervision listing, the rectification plan and its
// verification, the actions the user may take now, and the append-only timeline of events.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { APP_ROLES, LISTING_LEVELS, SEVERITIES, dangerStatusById, isAppRole } from '../../domain/categories.ts'
import {
  allowedTransitions,
  dangerEvents,
  getDanger,
  reporterContact,
  type AllowedTransition,
  type DangerDetail,
  type DangerEvent,
} from '../../data/dangers.ts'
import { MESSAGES, type MessageKey } from './messages.ts'
import { SeverityBadge, StatusBadge, fmtDate, fmtDateTime } from './parts.tsx'
import { ActionForms } from './ActionForms.tsx'
import { RiskPointLink } from './RiskPointLink.tsx'
import { DangerEvidence } from './DangerEvidence.tsx'
import { oneMapLink } from '../onemap/links.ts'
import { daysOverdue } from './forms.ts'
import { cityToday } from '../../domain/cityDay.ts'
import { useEvidence } from '../evidence/useEvidence.ts'
import { assignEvidence } from '../evidence/eventEvidence.ts'
import { EventEvidence, EvidenceThumb } from '../evidence/EventEvidence.tsx'
import { MESSAGES as EV_MESSAGES } from '../evidence/messages.ts'
import './detail-phone.css'

interface Loaded {
  danger: DangerDetail | null
  events: DangerEvent[]
  actions: AllowedTransition[] | { error: string }
  contact: string | null
}

export function DangerDetailPanel({ id, version, onClose, onChanged }: { id: string; version: number; onClose: () => void; onChanged: () => void }) {
  const { m, name, lang } = useMessages(MESSAGES)
  const [state, setState] = useState<{ status: 'loading' | 'ok' | 'error'; data?: Loaded; error?: string }>({ status: 'loading' })
  const ev = useMessages(EV_MESSAGES).m
  // Evidence, loaded once for the stage gallery and the thumbnails beside the timeline's events.
  const [evidenceVersion, setEvidenceVersion] = useState(0)
  const evidence = useEvidence(id, version + evidenceVersion)

  useEffect(() => {
    let alive = true
    setState((s) => ({ status: s.data && s.data.danger?.id === id ? 'ok' : 'loading', data: s.data?.danger?.id === id ? s.data : undefined }))
    Promise.all([getDanger(id), dangerEvents(id), allowedTransitions(id).catch((e: Error) => ({ error: e.message }))]).then(
      async ([danger, events, actions]) => {
        const contact = danger?.source === 'public_report' ? await reporterContact(id) : null
        if (alive) setState({ status: 'ok', data: { danger, events, actions, contact } })
      },
      (e: Error) => alive && setState({ status: 'error', error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [id, version])

  if (state.status === 'loading' && !state.data)
    return (
      <div class="detail-panel page-message" data-testid="detail-loading">
        {m('detail.loading')}
      </div>
    )
  if (state.status === 'error')
    return (
      <div class="detail-panel form-error" data-testid="detail-error">
        {m('detail.error', { msg: state.error ?? '' })}
      </div>
    )
  const data = state.data!
  const d = data.danger
  if (!d)
    return (
      <div class="detail-panel page-message" data-testid="detail-error">
        {m('detail.notFound')}
      </div>
    )

  const today = cityToday()
  const row = (label: MessageKey, value: preact.ComponentChildren, testid?: string) => (
    <>
      <dt>{m(label)}</dt>
      <dd data-testid={testid}>{value ?? '—'}</dd>
    </>
  )
  const hasPlan = d.rectification_measures || d.responsible_person || d.rectification_funds !== null
  // The row keeps the last round's report and verification after a failed verification sends the
  // danger back; they belong to the timeline then, not to the current state.
  const reportCurrent = d.status === 'pending_verification' || d.status === 'closed'
  const verificationCurrent = d.status === 'closed'
  // Each photo beside the event of its step (stage + nearest time: see eventEvidence.ts).
  const placed = assignEvidence(data.events, evidence.rows ?? [])

  return (
    <div class="detail-panel" data-testid="danger-detail" data-id={d.id} data-status={d.status} data-version={String(version)}>
      <div class="detail-head">
        <div class="detail-badges">
          <StatusBadge status={d.status} overdue={d.overdue} />
          <SeverityBadge severity={d.severity} />
          {d.overdue && (
            <span class="tag tag-overdue" data-testid="detail-overdue">
              {m('overdue.days', { n: daysOverdue(d.deadline, today) })}
            </span>
          )}
          {d.listed && <span class="tag tag-listed">{m('listed.badge')}</span>}
        </div>
        <button type="button" class="btn btn-icon" data-testid="detail-close" title={m('detail.close')} aria-label={m('detail.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <h2 class="detail-title" data-testid="detail-title">
        {d.title}
      </h2>

      <div class="detail-scroll">
        <section class="detail-section">
          <dl class="detail-grid">
            {row('detail.description', d.description)}
            {row('detail.enterprise', d.enterprise_name)}
            {d.enterprise_id && row('detail.riskPoint', <RiskPointLink d={d} onChanged={onChanged} />)}
            {row('detail.area', [d.district_name, d.area_name !== d.district_name ? d.area_name : null].filter(Boolean).join(' · ') || null)}
            {row('detail.source', m(`source.${d.source}` as MessageKey))}
            {row('detail.foundAt', fmtDateTime(d.found_at))}
            {row('detail.deadline', d.deadline ? <span class={d.overdue ? 'text-overdue' : ''}>{fmtDate(d.deadline)}</span> : null, 'detail-deadline')}
            {d.tracking_code && row('detail.tracking', d.tracking_code)}
            {data.contact && row('detail.contact', data.contact)}
            {row(
              'detail.location',
              <>
                {d.lon.toFixed(5)}, {d.lat.toFixed(5)}{' '}
                <a href={oneMapLink({ layer: 'hidden_dangers', id: d.id })} class="btn-link" data-testid="show-on-map">
                  {m('detail.showOnMap')}
                </a>
              </>,
            )}
            {row('detail.updatedAt', fmtDateTime(d.updated_at))}
          </dl>
        </section>

        <section class="detail-section" data-testid="detail-listing">
          <h3>{m('detail.listing')}</h3>
          {d.listing_level ? (
            <dl class="detail-grid">
              {row('detail.listingLevel', name(LISTING_LEVELS[d.listing_level]), 'listing-level')}
              {row('detail.listingDate', fmtDate(d.listing_date))}
              {row('detail.office', d.supervising_office)}
            </dl>
          ) : (
            <p class="muted">{m('detail.notListed')}</p>
          )}
        </section>

        <section class="detail-section" data-testid="detail-plan">
          <h3>{m('detail.plan')}</h3>
          {hasPlan ? (
            <dl class="detail-grid">
              {row('detail.measures', d.rectification_measures, 'plan-measures')}
              {row('detail.responsible', d.responsible_person ?? (d.responsible_label ? m('detail.hiddenPerson') : null), 'plan-responsible')}
              {row(
                'detail.funds',
                d.rectification_funds !== null ? m('detail.fundsValue', { n: formatNumber(Number(d.rectification_funds), lang, 2) }) : null,
                'plan-funds',
              )}
              {row('detail.deadline', fmtDate(d.deadline))}
              {reportCurrent && d.rectification_done && row('detail.done', d.rectification_done, 'plan-done')}
            </dl>
          ) : (
            <p class="muted">{m('detail.noPlan')}</p>
          )}
          {verificationCurrent && (d.verified_by || d.closed_at) && (
            <>
              <h3>{m('detail.verification')}</h3>
              <dl class="detail-grid">
                {row('detail.verifier', d.verified_by ?? (d.verified_label ? m('detail.hiddenVerifier') : null), 'verify-by')}
                {row('detail.verifiedAt', fmtDate(d.verified_at))}
                {row('detail.closedAt', fmtDateTime(d.closed_at))}
              </dl>
            </>
          )}
        </section>

        <section class="detail-section detail-actions" data-testid="detail-actions">
          <h3>{m('actions.title')}</h3>
          {'error' in data.actions ? (
            <div class="form-error">{m('actions.error', { msg: data.actions.error })}</div>
          ) : (
            <ActionForms danger={d} actions={data.actions} onDone={onChanged} />
          )}
        </section>

        <DangerEvidence key={d.id} dangerId={d.id} status={d.status} loaded={evidence} onUploaded={() => setEvidenceVersion((v) => v + 1)} />

        <section class="detail-section" data-testid="timeline">
          <h3>{m('timeline.title')}</h3>
          {data.events.length === 0 ? (
            <p class="muted">{m('timeline.empty')}</p>
          ) : (
            <ol class="timeline">
              {data.events.map((e) => (
                <li
                  key={e.id}
                  class={`tl-item tl-${e.action}`}
                  data-testid="timeline-event"
                  data-event-id={String(e.id)}
                  data-from={e.from_status ?? ''}
                  data-to={e.to_status}
                  data-action={e.action}
                >
                  <div class="tl-dot" style={{ background: statusColour(e.to_status) }} />
                  <div class="tl-body">
                    <div class="tl-head">
                      <time dateTime={e.at}>{fmtDateTime(e.at)}</time>
                      <span class="tl-actor">
                        {isAppRole(e.actor_role)
                          ? name(APP_ROLES[e.actor_role])
                          : e.actor_role === 'system'
                            ? m('timeline.system')
                            : e.actor_role === 'anon'
                              ? m('timeline.public')
                              : (e.actor_label ?? e.actor_role)}
                        {e.actor_email && <span class="muted"> · {e.actor_email}</span>}
                      </span>
                    </div>
                    <div class="tl-change">
                      {e.action === 'created' ? (
                        <>
                          <span class="tl-label">{m('timeline.created')}</span> <StatusBadge status={e.to_status} />
                        </>
                      ) : e.action === 'reassessed' ? (
                        <>
                          <span class="tl-label">{m('timeline.reassessed')}</span> <StatusBadge status={e.to_status} />
                        </>
                      ) : e.action === 'edited' ? (
                        <span class="tl-label">{m('timeline.edited')}</span>
                      ) : (
                        <>
                          <StatusBadge status={e.from_status} /> <span class="tl-arrow">→</span> <StatusBadge status={e.to_status} />
                        </>
                      )}
                    </div>
                    {e.note && (
                      <div class="tl-note" data-testid="timeline-note">
                        {m('timeline.note')}：{e.note}
                      </div>
                    )}
                    <EventDetails details={e.details} />
                    <EventEvidence eventId={e.id} rows={placed.byEvent.get(e.id) ?? []} urls={evidence.urls} />
                  </div>
                </li>
              ))}
            </ol>
          )}
          {placed.pending.length > 0 && (
            <div class="tl-evidence" data-testid="evidence-pending">
              <span class="tl-evidence-label">{ev('evidence.pending')}</span>
              <div class="ev-thumbs">
                {placed.pending.map((r) => (
                  <EvidenceThumb key={r.id} row={r} url={evidence.urls?.[r.object_path]} testid="event-thumb" small />
                ))}
              </div>
            </div>
          )}
        </section>
      </div>
    </div>
  )
}

function statusColour(s: string): string {
  const info = dangerStatusById(s)
  return info ? `rgb(${info.rgb.join(',')})` : '#999'
}

const DETAIL_LABELS: Record<string, MessageKey> = {
  severity: 'form.severity',
  listing_level: 'form.listingLevel',
  supervising_office: 'form.office',
  listing_date: 'detail.listingDate',
  measures: 'form.measures',
  responsible_person: 'form.responsible',
  funds: 'form.funds',
  deadline: 'form.deadline',
  done: 'form.done',
  verifier: 'form.verifier',
  verified_at: 'form.verifiedAt',
  source: 'detail.source',
  title: 'col.title',
  changes: 'timeline.changes',
}

/** An 'edited' event's changes: { field: { old, new } } as "field: old → new" lines. */
const CHANGE_LABELS: Record<string, MessageKey> = { title: 'col.title', description: 'col.description', risk_point: 'detail.riskPoint' }

function EventDetails({ details }: { details: Record<string, unknown> }) {
  const { m, name } = useMessages(MESSAGES)
  const entries = Object.entries(details ?? {})
  if (!entries.length) return null
  const show = (k: string, v: unknown): string => {
    if (k === 'severity' && (v === 'general' || v === 'major')) return name(SEVERITIES[v])
    if (k === 'listing_level' && (v === 'city' || v === 'district')) return name(LISTING_LEVELS[v])
    if (k === 'source' && typeof v === 'string' && `source.${v}` in MESSAGES) return m(`source.${v}` as MessageKey)
    if (k === 'changes' && v && typeof v === 'object') {
      const text = (x: unknown) => (typeof x === 'string' ? x : x === null || x === undefined ? '—' : JSON.stringify(x))
      return Object.entries(v as Record<string, { old?: unknown; new?: unknown }>)
        .map(([f, c]) => `${CHANGE_LABELS[f] ? m(CHANGE_LABELS[f]!) : f}: ${text(c?.old)} → ${text(c?.new)}`)
        .join('；')
    }
    return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return (
    <dl class="tl-details" data-testid="timeline-details">
      {entries.map(([k, v]) => (
        <div key={k} class="tl-detail">
          <dt>{DETAIL_LABELS[k] ? m(DETAIL_LABELS[k]!) : k}</dt>
          <dd>{show(k, v)}</dd>
        </div>
      ))}
    </dl>
  )
}
