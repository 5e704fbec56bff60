// Saved what-if scenarios (issue 20) below the threat-zone editor: save the inputs on screen (named,
// private or shared), list the caller's and colleagues' shared scenarios, reopen one, share or
// delete one's own, and compare two side by side (each scenario's zones recomputed from its inputs,
// its targets and people counted by threat_zone_targets; src/domain/threatZoneCompare.ts).
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { rgbCss } from '../../domain/levels.ts'
import { computeThreatZones, type ThreatZonesResult, type ZoneLevel } from '../../domain/threatZones.ts'
import { compareScenarios, type ScenarioFigures, type ZoneComparison } from '../../domain/threatZoneCompare.ts'
import { deleteScenario, listScenarios, saveScenario, shareScenario, type SavedScenario, type ScenarioInputs } from '../../data/threatScenarios.ts'
import { threatZoneTargets } from '../../data/threatZones.ts'
import { ZONE_RGB } from '../../layers/threatZones/index.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import { scenarioOf, type ThreatForm } from './threatZoneForm.ts'
import type { ThreatZoneView } from './ThreatZonePanel.tsx'
import { SC_MESSAGES } from './scenarioMessages.ts'
import { TZ_MESSAGES } from './threatZoneMessages.ts'

type Saved = SavedScenario<ThreatForm>

/** The origin as stored (only what reopening needs). */
function storedOrigin(o: IncidentOrigin): ScenarioInputs['origin'] {
  return o.kind === 'hazard_source' ? { kind: o.kind, id: o.id, name: o.name.slice(0, 200), lon: o.lon, lat: o.lat } : { kind: 'point', lon: o.lon, lat: o.lat }
}

export function originOf(s: Saved): IncidentOrigin {
  const o = s.inputs.origin
  return o.kind === 'hazard_source' && o.id
    ? { kind: 'hazard_source', id: o.id, name: o.name ?? '', lon: o.lon, lat: o.lat }
    : { kind: 'point', lon: o.lon, lat: o.lat }
}

/** A scenario's zones and the people inside them, now. */
async function figuresOf(s: Saved): Promise<{ result: ThreatZonesResult; figures: ScenarioFigures }> {
  const origin = originOf(s)
  const result = computeThreatZones(scenarioOf(s.inputs.form, origin))
  const zones = result.zones.filter((z) => z.polygon).map((z) => ({ level: z.level, geometry: z.polygon!.geometry }))
  const t = zones.length ? await threatZoneTargets(zones, origin) : null
  const counts: ScenarioFigures['counts'] = Object.fromEntries((t?.zones ?? []).map((z) => [z.level, { count: z.count, population: z.population }]))
  return { result, figures: { zones: result.zones, counts } }
}

export function SavedScenarios({ view, onOpen }: { view: ThreatZoneView | null; onOpen: (form: ThreatForm, origin: IncidentOrigin) => void }) {
  const { m, lang } = useMessages(SC_MESSAGES)
  const tz = useMessages(TZ_MESSAGES).m
  const [list, setList] = useState<Saved[] | null>(null)
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [picked, setPicked] = useState<string[]>([])
  const [compared, setCompared] = useState<{ a: Saved; b: Saved; rows: ZoneComparison[] } | null>(null)

  const reload = () =>
    listScenarios<ThreatForm>().then(
      (l) => setList(l),
      (e: Error) => setError(e.message),
    )
  useEffect(() => {
    void reload()
  }, [])

  const act = async (f: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await f()
      await reload()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const defaultName = () => {
    if (!view?.origin) return ''
    const where = view.origin.kind === 'hazard_source' ? view.origin.name : `${view.origin.lat.toFixed(4)}, ${view.origin.lon.toFixed(4)}`
    return `${view.form.substance} · ${tz(`tz.kind.${view.form.kind}`).replace(/（.*|\(.*/, '')} · ${where}`.slice(0, 100)
  }

  const save = () => {
    if (!view?.result || !view.origin) {
      setError(m('sc.needResult'))
      return
    }
    const inputs: ScenarioInputs<ThreatForm> = { form: view.form, origin: storedOrigin(view.origin) }
    void act(async () => {
      await saveScenario(name.trim() || defaultName(), inputs, shared)
      setName('')
    })
  }

  const compare = () => {
    const [a, b] = picked.map((id) => list!.find((s) => s.id === id)!)
    if (!a || !b) return
    void act(async () => {
      const [fa, fb] = await Promise.all([figuresOf(a), figuresOf(b)])
      setCompared({ a, b, rows: compareScenarios(fa.figures, fb.figures) })
    })
  }

  const km = (x: number | null | undefined, capped = false) =>
    x === null || x === undefined ? '—' : `${x >= 1000 ? `${formatNumber(x / 1000, lang, 2)} km` : `${formatNumber(x, lang, 0)} m`}${capped ? '+' : ''}`
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatNumber(x, lang))
  const signed = (x: number | null, f: (v: number) => string) => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${f(Math.abs(x))}`)

  return (
    <div class="tz-saved" data-testid="sc-panel">
      <h3 class="no-print">{m('sc.title')}</h3>
      <div class="tz-saved-form no-print">
        <input
          type="text"
          maxLength={100}
          data-testid="sc-name"
          placeholder={defaultName() || m('sc.name')}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <label>
          <input type="checkbox" data-testid="sc-shared" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
          {m('sc.shared')}
        </label>
        <button type="button" class="wall-btn" data-testid="sc-save" disabled={busy || !view?.result} onClick={save}>
          {m('sc.save')}
        </button>
      </div>
      {error && (
        <p class="wall-incident-error" role="alert" data-testid="sc-error">
          {m('sc.error', { msg: error })}
        </p>
      )}
      {list === null && !error && <p class="wall-note">{m('sc.loading')}</p>}
      {list?.length === 0 && <p class="wall-note">{m('sc.none')}</p>}
      {list && list.length > 0 && (
        <>
          <ul class="tz-saved-list no-print" data-testid="sc-list">
            {list.map((s) => (
              <li key={s.id} data-testid="sc-item" data-id={s.id} data-name={s.name}>
                <input
                  type="checkbox"
                  data-testid="sc-pick"
                  checked={picked.includes(s.id)}
                  onChange={(e) =>
                    setPicked((p) => ((e.target as HTMLInputElement).checked ? [...p.filter((x) => x !== s.id), s.id].slice(-2) : p.filter((x) => x !== s.id)))
                  }
                />
                <span class="tz-saved-name">
                  {s.name}
                  <span class="wall-sub">
                    {' · '}
                    {s.mine ? m('sc.mine') : m('sc.sharedBy')}
                    {s.mine && s.shared ? ` · ${m('sc.isShared')}` : ''} · {new Date(s.created_at).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
                  </span>
                </span>
                <button type="button" class="btn-link" data-testid="sc-open" onClick={() => onOpen(s.inputs.form, originOf(s))}>
                  {m('sc.open')}
                </button>
                {s.mine && (
                  <>
                    <button
                      type="button"
                      class="btn-link"
                      data-testid="sc-share"
                      disabled={busy}
                      onClick={() => void act(() => shareScenario(s.id, !s.shared))}
                    >
                      {s.shared ? m('sc.unshare') : m('sc.share')}
                    </button>
                    <button type="button" class="btn-link" data-testid="sc-delete" disabled={busy} onClick={() => void act(() => deleteScenario(s.id))}>
                      {m('sc.delete')}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <div class="tz-saved-form no-print">
            <span class="wall-note">{m('sc.pickTwo')}</span>
            <button type="button" class="wall-btn" data-testid="sc-compare" disabled={busy || picked.length !== 2} onClick={compare}>
              {m('sc.compare')}
            </button>
          </div>
        </>
      )}
      {compared && (
        <div class="tz-compare" data-testid="sc-comparison">
          <h3>
            {m('sc.compareTitle')}{' '}
            <button type="button" class="btn-link no-print" onClick={() => setCompared(null)}>
              {m('sc.close')}
            </button>
          </h3>
          <p class="wall-note">
            A：{compared.a.name}
            <br />
            B：{compared.b.name}
          </p>
          <table class="wall-table">
            <thead>
              <tr>
                <th>{m('sc.level')}</th>
                <th class="wall-num">{m('sc.reach')} A / B</th>
                <th class="wall-num">{m('sc.diff')}</th>
                <th class="wall-num">{m('sc.targets')} A / B</th>
                <th class="wall-num">{m('sc.people')} A / B</th>
                <th class="wall-num">{m('sc.diff')}</th>
              </tr>
            </thead>
            <tbody>
              {compared.rows.map((r) => (
                <tr
                  key={r.level}
                  data-testid="sc-row"
                  data-level={r.level}
                  data-a-reach={r.a?.reach_m ?? ''}
                  data-b-reach={r.b?.reach_m ?? ''}
                  data-a-count={r.a?.count ?? ''}
                  data-b-count={r.b?.count ?? ''}
                  data-a-population={r.a?.population ?? ''}
                  data-b-population={r.b?.population ?? ''}
                >
                  <th>
                    <span class="wall-class-dot" style={{ background: rgbCss(ZONE_RGB[r.level as ZoneLevel]) }} />
                    {tz(`tz.level.${r.level}`)} · {tz('tz.estimate')}
                  </th>
                  <td class="wall-num">
                    {km(r.a?.reach_m, r.a?.capped)} / {km(r.b?.reach_m, r.b?.capped)}
                  </td>
                  <td class="wall-num">{signed(r.reach_diff_m, (v) => km(v))}</td>
                  <td class="wall-num">
                    {n(r.a?.count)} / {n(r.b?.count)}
                  </td>
                  <td class="wall-num">
                    {n(r.a?.population)} / {n(r.b?.population)}
                  </td>
                  <td class="wall-num">{signed(r.population_diff, (v) => n(v))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
