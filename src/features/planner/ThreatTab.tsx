// The planner's 威胁区 tab (issue 20): the shared what-if editor (src/features/threatZones) with the
// planner's origin (a worklist hazard source or a clicked point), its map host (threatZones.ts),
// printing with a snapshot of the map, and the saved scenarios below.
import { useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { useMessages } from '../../app/i18n.ts'
import { ThreatZonePanel, type ThreatZoneView } from '../threatZones/ThreatZonePanel.tsx'
import { SavedScenarios } from '../threatZones/SavedScenarios.tsx'
import type { IncidentOrigin } from '../../data/wall.ts'
import type { ThreatForm } from '../threatZones/threatZoneForm.ts'
import type { PlannerController } from './controller.ts'
import { drawnFrame, snapshot } from './mapSnapshot.ts'
import { PTZ_MESSAGES } from './threatMessages.ts'

export function ThreatTab({ ctl }: { ctl: PlannerController }) {
  const { m, lang } = useMessages(PTZ_MESSAGES)
  const origin = useStore(ctl.store, (s) => s.tzOrigin)
  const rows = useStore(ctl.store, (s) => s.worklist)
  // a reopened scenario's form, for as long as its origin is the one on screen
  const [load, setLoad] = useState<{ form: ThreatForm; origin: IncidentOrigin } | null>(null)
  const loadNow = load && load.origin === origin ? load.form : null
  const [view, setView] = useState<ThreatZoneView | null>(null)
  const open = (form: ThreatForm, o: IncidentOrigin) => {
    setLoad({ form: { ...form }, origin: o })
    ctl.store.update({ tzOrigin: o })
  }
  const [shot, setShot] = useState<string | null>(null)

  const print = async () => {
    const map = ctl.map
    if (map) {
      ctl.threat.fitZones()
      await drawnFrame(map)
      setShot(snapshot(map))
    }
    // the picture must be in the page before the print dialog reads it
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))
    window.print()
  }

  const sources = (rows ?? []).slice(0, 1000)
  return (
    <div class="pl-tz-tab" data-testid="planner-threat">
      <div class="pl-section no-print">
        <label class="pl-tz-source">
          <span>{m('ptz.source')}</span>
          <select
            data-testid="ptz-source"
            value={origin?.kind === 'hazard_source' ? origin.id : ''}
            onChange={(e) => {
              const id = (e.target as HTMLSelectElement).value
              if (id) void ctl.pickSource(id)
            }}
          >
            <option value="">{m('ptz.sourceNone')}</option>
            {sources.map((r) => (
              <option key={r.hazard_source_id} value={r.hazard_source_id}>
                {r.hazard_source_name} · {r.enterprise_name}
              </option>
            ))}
          </select>
        </label>
        <p class="pl-hint">{m('ptz.hint')}</p>
        {origin?.kind === 'point' && (
          <p class="pl-hint" data-testid="ptz-point">
            {m('ptz.point', { lat: origin.lat.toFixed(5), lon: origin.lon.toFixed(5) })}
          </p>
        )}
      </div>
      <div class="pl-tz-print-head print-only">
        <h1>{m('ptz.printTitle')}</h1>
        <p>{m('ptz.printDate', { date: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
        {shot && <img class="pl-tz-snapshot" src={shot} alt="" />}
      </div>
      <ThreatZonePanel host={ctl.threat} origin={origin} load={loadNow} onView={setView} onPrint={() => void print()} class="pl-tz">
        <SavedScenarios view={view} onOpen={open} />
      </ThreatZonePanel>
    </div>
  )
}
