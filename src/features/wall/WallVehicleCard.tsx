// A dangerous-goods vehicle's card on the wall (issue 19): a click on a vehicle of the wall's map
// (outside incident mode) opens plate, cargo (UN number and GB 6944 class), carrier, last fix,
// speed and whether the vehicle is inside a restricted zone (禁行区) and whether the zone's hours
// apply at that fix. vehicle_card and the zones are read under the caller's RLS (staff only: the
// wall signs in with a role). WallCardFrame.tsx's frame and wall-sized type (wallCard.css).
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { vehicleCard } from '../../data/vehicleMap.ts'
import { vehicleZonesNow, type VehicleZone } from '../../data/vehicleZones.ts'
import type { VehicleDetail } from '../../contract/vehicles.ts'
import { hhmm, zoneAppliesAt } from '../../domain/vehicleZoneHours.ts'
import { cargoLine } from '../../domain/unNumbers.ts'
import { binAt, binCell, VEHICLE_PICK_PX, vehicleNear, vehiclesNow } from '../../layers/vehicles/index.ts'
import { VehicleSymbol } from '../../layers/vehicles/ui.tsx'
import type { WallMap } from './wallMap.ts'
import { WV_MESSAGES } from './wallVehicleMessages.ts'
import { WallCardFrame, WallCardHead } from './WallCardFrame.tsx'
import './wallVehicleCard.css'

/** Outside incident mode a click on a vehicle opens its card; `onOpen` lets the page close others. */
export function useWallVehicle(wallMap: WallMap, on: boolean, onOpen?: () => void) {
  const [id, setId] = useState<string | null>(null)
  useEffect(() => {
    if (!on) {
      setId(null)
      return
    }
    const handler: WallMap['onClick'] = (lon, lat) => {
      const map = wallMap.map
      if (!map || !wallMap.visibleLayers.includes('vehicles')) return
      const p = map.project([lon, lat])
      const project = (ll: [number, number]) => map.project(ll)
      const v = vehicleNear(vehiclesNow.rows, project, p.x, p.y, VEHICLE_PICK_PX * wallMap.wallScale)
      if (!v) {
        // a counted disc (beyond 1,000 vehicles in view): zoom to its cell
        const bin = vehiclesNow.cellDeg ? binAt(vehiclesNow.bins, project, p.x, p.y, wallMap.symbolSize) : null
        if (bin) map.fitBounds(binCell(bin, vehiclesNow.cellDeg!), { padding: 96 * wallMap.wallScale, duration: 800, essential: true })
        return
      }
      onOpen?.()
      wallMap.pulse([{ key: `vehicle:${v.id}:${Date.now()}`, lon: v.lon, lat: v.lat, rgb: [79, 195, 247] }])
      setId(v.id)
    }
    wallMap.onClick = handler
    return () => {
      if (wallMap.onClick === handler) wallMap.onClick = null
    }
  }, [on])
  return { id, card: id && <WallVehicleCard id={id} onClose={() => setId(null)} /> }
}

type State = { status: 'loading' } | { status: 'error'; msg: string } | { status: 'ready'; v: VehicleDetail; zones: VehicleZone[] }

export function WallVehicleCard({ id, onClose }: { id: string; onClose: () => void }) {
  const { m, lang } = useMessages(WV_MESSAGES)
  const [state, setState] = useState<State>({ status: 'loading' })
  useEffect(() => {
    const ac = new AbortController()
    setState({ status: 'loading' })
    Promise.all([vehicleCard(id, ac.signal), vehicleZonesNow(id, ac.signal)]).then(
      ([v, zones]) => setState({ status: 'ready', v, zones }),
      (e: Error) => !ac.signal.aborted && setState({ status: 'error', msg: e.message }),
    )
    return () => ac.abort()
  }, [id])

  let content
  if (state.status === 'ready') {
    const { v, zones } = state
    const at = v.t ? new Date(v.t) : null
    // the wall's own clock (its header, the alert strip): the wall's local time, China time on site
    const clock = at ? at.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : null
    const mins = at ? Math.max(0, Math.floor((Date.now() - at.getTime()) / 60_000)) : 0
    const applying = at ? zones.filter((z) => zoneAppliesAt(z.hours_from, z.hours_to, at)) : []
    const idle = zones.filter((z) => !applying.includes(z))
    content = (
      <>
        <WallCardHead
          kind={
            <>
              <VehicleSymbol icon={v.stale ? 'stale' : v.hazard_class} size={28} />
              {m('wv.kind')}
            </>
          }
          title={v.plate}
          titleTestid="wall-vehicle-plate"
        />
        <dl class="wall-card-rows">
          <dt>{m('wv.cargo')}</dt>
          <dd data-testid="wall-vehicle-cargo">{cargoLine(v.un_number, v.hazard_class, lang === 'zh' ? v.class_name_zh : v.class_name_en, lang)}</dd>
          <dt>{m('wv.carrier')}</dt>
          <dd data-testid="wall-vehicle-carrier">{v.carrier_name ?? '—'}</dd>
          <dt>{m('wv.fix')}</dt>
          <dd data-testid="wall-vehicle-fix" data-t={v.t ?? ''}>
            {clock ? m('wv.ago', { t: clock, m: mins }) : m('wv.noFix')}
            {v.stale && at ? ` · ${m('wv.stale')}` : ''}
          </dd>
          <dt>{m('wv.speed')}</dt>
          <dd data-testid="wall-vehicle-speed">{v.speed_kmh == null ? '—' : m('wv.kmh', { v: formatNumber(v.speed_kmh, lang) })}</dd>
          <dt>{m('wv.zone')}</dt>
          <dd data-testid="wall-vehicle-zone" data-in={applying.length ? '1' : '0'} data-zones={zones.map((z) => z.id).join(',')}>
            {applying.length > 0 && (
              <span class="wall-vehicle-zone-in">
                ⚠ {m('wv.inZone', { name: applying.map((z) => z.name).join('、') })}
                <span class="wall-sub">
                  {' · '}
                  {applying[0]!.hours_from && applying[0]!.hours_to
                    ? m('wv.hours', { from: hhmm(applying[0]!.hours_from), to: hhmm(applying[0]!.hours_to) })
                    : m('wv.allDay')}
                </span>
              </span>
            )}
            {idle.map((z) => (
              <div key={z.id} class="wall-sub">
                {m('wv.inZoneOff', { name: z.name, from: hhmm(z.hours_from ?? ''), to: hhmm(z.hours_to ?? '') })}
              </div>
            ))}
            {zones.length === 0 && m('wv.notInZone')}
          </dd>
        </dl>
      </>
    )
  } else content = <p class="wall-card-msg">{state.status === 'loading' ? m('wv.loading') : m('wv.error', { msg: state.msg })}</p>
  return (
    <WallCardFrame
      testid="wall-vehicle-card"
      closeTestid="wall-vehicle-close"
      closeLabel={m('wv.close')}
      status={state.status}
      id={id}
      variant="wall-vehicle-card"
      onClose={onClose}
    >
      {content}
    </WallCardFrame>
  )
}
