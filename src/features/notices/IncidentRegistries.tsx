// Incident mode's registries (issue 18): around the incident point, the nearest rescue teams, the
// nearest depots holding the materials a chemical incident needs first (堵漏器材, 防化服, 泡沫灭火剂),
// and the experts to call (hazardous chemicals and fire first, current records first). Phones only
// where the caller may read them (the command centre does). Uses the wall's list styles; on the
// wall it fills incident mode's left column (wall/RescuePanel) and prints after the report.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { experts, nearestRescueTeams, nearestStockpiles, type ExpertRow, type NearestDepot, type NearestTeam } from '../../data/registries.ts'
import { MESSAGES } from './messages.ts'
import './notices.css'

/** What a chemical incident asks for first when the origin's substances are not known (else the
 * caller passes src/domain/incidentSuggestions.ts's materials and specialties). */
export const INCIDENT_MATERIALS = ['堵漏器材', '防化服', '泡沫灭火剂'] as const
export const INCIDENT_SPECIALTIES = ['hazardous_chemicals', 'fire'] as const

interface Loaded {
  teams: NearestTeam[]
  depots: { material: string; rows: NearestDepot[] }[]
  experts: ExpertRow[]
}

const metres = (m: number, lang: 'zh' | 'en') => (m >= 1000 ? `${formatNumber(m / 1000, lang, 2)} km` : `${formatNumber(m, lang, 0)} m`)

export function IncidentRegistries({
  lon,
  lat,
  materials = INCIDENT_MATERIALS,
  specialties = INCIDENT_SPECIALTIES,
}: {
  lon: number
  lat: number
  materials?: readonly string[] | undefined
  specialties?: readonly string[] | undefined
}) {
  const { m, lang } = useMessages(MESSAGES)
  const [data, setData] = useState<Loaded | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    const abort = new AbortController()
    setData(null)
    setFailed(false)
    Promise.all([
      nearestRescueTeams(lon, lat, 5, abort.signal),
      Promise.all(materials.map(async (material) => ({ material, rows: await nearestStockpiles(lon, lat, material, 2, abort.signal) }))),
      experts(specialties, 6, abort.signal),
    ]).then(
      ([teams, depots, ex]) => !abort.signal.aborted && setData({ teams, depots, experts: ex }),
      () => !abort.signal.aborted && setFailed(true),
    )
    return () => abort.abort()
  }, [lon, lat, materials.join(','), specialties.join(',')])

  if (failed) return <p class="wall-note">{m('incident.error')}</p>
  if (!data) return <p class="wall-note">{m('incident.loading')}</p>
  return (
    <div class="ntc-incident" data-testid="incident-registries">
      <h3>{m('incident.teams')}</h3>
      {data.teams.length === 0 && <p class="wall-note">{m('incident.none')}</p>}
      <ol class="wall-incident-list ntc-ranked" data-testid="incident-teams">
        {data.teams.map((t) => (
          <li key={t.id} data-testid="incident-team" data-id={t.id} data-rank={t.rank}>
            <span class="wall-rank">{t.rank}</span>
            <span class="wall-incident-name">
              {t.name}
              <span class="wall-sub">
                {' '}
                · {m(`team.${t.team_type}` as keyof typeof MESSAGES & string)} · {m('incident.headcount', { n: t.headcount })}
                {t.duty_phone ? ` · ☎ ${t.duty_phone}` : ''}
              </span>
            </span>
            <span class="wall-num">{metres(t.distance_m, lang)}</span>
          </li>
        ))}
      </ol>
      <h3>{m('incident.depots')}</h3>
      <ol class="wall-incident-list" data-testid="incident-depots">
        {data.depots.flatMap((d) =>
          d.rows.length === 0
            ? [
                <li key={d.material} data-testid="incident-depot" data-material={d.material} data-none="1">
                  <span class="wall-incident-name">
                    {d.material}
                    <span class="wall-sub"> · {m('incident.none')}</span>
                  </span>
                </li>,
              ]
            : d.rows.map((r) => (
                <li key={`${d.material}-${r.resource_id}`} data-testid="incident-depot" data-material={d.material} data-id={r.resource_id}>
                  <span class="wall-incident-name">
                    {d.material} {formatNumber(r.quantity, lang)} {r.unit}
                    <span class="wall-sub">
                      {' '}
                      · {r.name}
                      {r.expiring_soon ? ` · ${m('incident.expiring', { d: r.expires_on ?? '' })}` : ''}
                    </span>
                  </span>
                  <span class="wall-num">{metres(r.distance_m, lang)}</span>
                </li>
              )),
        )}
      </ol>
      <h3>{m('incident.experts')}</h3>
      {data.experts.length === 0 && <p class="wall-note">{m('incident.none')}</p>}
      <ol class="wall-incident-list" data-testid="incident-experts">
        {data.experts.map((x) => (
          <li key={x.id} data-testid="incident-expert" data-stale={x.stale ? '1' : ''}>
            <span class="wall-incident-name">
              {x.name}
              <span class="wall-sub">
                {' '}
                · {m(`specialty.${x.specialty}` as keyof typeof MESSAGES & string)}
                {x.organisation ? ` · ${x.organisation}` : ''}
                {x.phone ? ` · ☎ ${x.phone}` : ''}
                {x.stale ? ` · ${m('incident.stale')}` : ''}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  )
}
