// Active monitoring alarms pulsing on the wall's map: one DOM marker per hazard source (or flooded
// enterprise) at its worst open alarm, coloured by severity (HH/LL red, H/L orange, fault
// purple), blinking while any of its alarms is unacknowledged, steady once all are. CSS animates
// them on the compositor, so a software-rendered wall does not redraw the map for them.
import { Marker, type Map as MapLibreMap } from 'maplibre-gl'
import type { WallAlarms } from '../../data/monitoring.ts'

/** At most this many markers (the list groups floods; a city's open alarms stay far below). */
export const MAX_PULSES = 300

export interface PulseSpot {
  key: string
  lon: number
  lat: number
  severity: number
  unacked: boolean
}

/** One spot per hazard source (its worst alarm) and per flood, worst first. Pure. */
export function pulseSpots(a: WallAlarms, max = MAX_PULSES): PulseSpot[] {
  const by = new Map<string, PulseSpot>()
  for (const i of a.items) {
    const k = `s:${i.hazard_source_id}`
    const cur = by.get(k)
    const unacked = i.acknowledged_at === null
    if (!cur) by.set(k, { key: k, lon: i.lon, lat: i.lat, severity: i.severity, unacked })
    else {
      cur.severity = Math.max(cur.severity, i.severity)
      cur.unacked ||= unacked
    }
  }
  for (const f of a.floods) {
    if (f.open > 0) by.set(`e:${f.enterprise_id}`, { key: `e:${f.enterprise_id}`, lon: f.lon, lat: f.lat, severity: f.severity, unacked: f.unacknowledged > 0 })
  }
  return [...by.values()]
    .filter((s) => Number.isFinite(s.lon) && Number.isFinite(s.lat))
    .sort((x, y) => y.severity - x.severity || Number(y.unacked) - Number(x.unacked))
    .slice(0, max)
}

export class AlarmPulses {
  private markers = new Map<string, { marker: Marker; el: HTMLElement }>()

  /** Makes the map show exactly these spots (adds, updates, removes). */
  sync(map: MapLibreMap | null, spots: PulseSpot[]): void {
    if (!map) return
    const keep = new Set<string>()
    for (const s of spots) {
      keep.add(s.key)
      let m = this.markers.get(s.key)
      if (!m) {
        const el = document.createElement('div')
        el.setAttribute('data-testid', 'wall-alarm-pulse')
        const marker = new Marker({ element: el }).setLngLat([s.lon, s.lat]).addTo(map)
        m = { marker, el }
        this.markers.set(s.key, m)
      }
      m.el.className = `wall-alarm-pulse sev-${s.severity} ${s.unacked ? 'unacked' : 'acked'}`
      m.el.dataset.key = s.key
    }
    for (const [k, m] of this.markers) {
      if (keep.has(k)) continue
      m.marker.remove()
      this.markers.delete(k)
    }
  }

  get size(): number {
    return this.markers.size
  }

  clear(): void {
    for (const m of this.markers.values()) m.marker.remove()
    this.markers.clear()
  }
}
