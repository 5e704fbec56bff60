// The threat-zone registry layer (src/layers/threatZones): wall-only, its data is the drawing the
// editor put in threatZonesNow (a reload keeps it), and the wind arrow points where the wind blows.
import { describe, expect, it } from 'vitest'
import { bearing } from '@turf/turf'
import { isRegistered, layersFor } from '../../src/layers/registry.ts'
import { threatZones, threatZonesNow, windArrow, ThreatZonesLayer } from '../../src/layers/threatZones/index.ts'
import { computeThreatZones } from '../../src/domain/threatZones.ts'

const origin = { lon: 113.08, lat: 22.58 }
const result = computeThreatZones({
  kind: 'toxic',
  substance: '氨',
  q_g_s: 2000,
  h_m: 0,
  terrain: 'urban',
  ...origin,
  weather: { wind_from_deg: 0, u_m_s: 2, stability: 'E' },
})

describe('threat_zones layer', () => {
  it('is registered for the wall only, never the public', () => {
    expect(isRegistered('threat_zones')).toBe(true)
    expect(layersFor('wall').map((m) => m.key)).toContain('threat_zones')
    expect(layersFor('public').map((m) => m.key)).not.toContain('threat_zones')
    expect(layersFor('staff').map((m) => m.key)).not.toContain('threat_zones')
  })
  it('loads the drawing on screen, and asks again when it changes', async () => {
    const q = { filters: { levels: null, industry: null, area: null }, audience: 'wall' as const }
    const k0 = threatZones.requestKey(q)
    threatZonesNow.set({ result, origin, wind_from_deg: 0 })
    expect(threatZones.requestKey(q)).not.toBe(k0)
    const loaded = await threatZones.load({ ...q, bbox: [113, 22.5, 113.2, 22.7], zoom: 12 }, new AbortController().signal)
    expect(loaded.data?.result).toBe(result)
    threatZonesNow.set(null)
    expect((await threatZones.load({ ...q, bbox: [113, 22.5, 113.2, 22.7], zoom: 12 }, new AbortController().signal)).data).toBeNull()
  })
  it('draws a ThreatZonesLayer; the wind arrow points downwind (wind from the north → south)', () => {
    const layer = threatZones.draw({ result, origin, wind_from_deg: 0 }, { id: 'tz', visible: true, zoom: 12, lang: 'zh', audience: 'wall' })
    expect(layer).toBeInstanceOf(ThreatZonesLayer)
    const [shaft] = windArrow({ result, origin, wind_from_deg: 0 })
    const b = bearing(shaft![0] as [number, number], shaft![1] as [number, number])
    expect(Math.abs(Math.abs(b) - 180)).toBeLessThan(0.5)
    expect(windArrow({ result, origin, wind_from_deg: null })).toEqual([])
  })
})
