// A choropleth of one indicator by district (MapLibre fill over the districts' polygons): value
// classes (quantiles, src/domain/accidentsMap.ts) with a legend; a district without a denominator
// is drawn hatched grey and listed as such, never as 0. The figures are indicator_by_district's.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Map as MlMap } from 'maplibre-gl'
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { classBreaks, classColours, classOf } from '../../domain/accidentsMap.ts'
import { areaBoundaries, type AreaCollection } from '../../data/mapApi.ts'
import { indicatorByDistrict, type DistrictValue, type IndicatorKey } from '../../data/accidents.ts'
import { cellSize } from '../../contract/cells.ts'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'

export const CHORO_MESSAGES = {
  'choro.title': { zh: '分区指标图', en: 'Indicator by district' },
  'choro.indicator': { zh: '指标', en: 'Indicator' },
  'choro.noDenominator': { zh: '缺少分母（不计算）', en: 'No denominator (not computed)' },
  'choro.upTo': { zh: '≤ {v}', en: '≤ {v}' },
  'choro.above': { zh: '> {v}', en: '> {v}' },
  'choro.all': { zh: '{v}', en: '{v}' },
}

const CLASSES = 4
const SRC = 'ind-districts'
/** The served region (the city's districts lie inside). */
const REGION: [number, number, number, number] = [111.3, 21.3, 113.6, 23.2]

export interface ChoroClass {
  from: number | null
  to: number | null
  rgb: readonly [number, number, number]
}

/** The classes of a set of values: breaks, colours and each class's range (for the legend). */
export function choroClasses(values: readonly (number | null)[]): { breaks: number[]; classes: ChoroClass[] } {
  const breaks = classBreaks(values, CLASSES)
  const colours = classColours(breaks.length + 1)
  const classes = colours.map((rgb, i) => ({ from: i === 0 ? null : breaks[i - 1]!, to: i < breaks.length ? breaks[i]! : null, rgb }))
  return { breaks, classes }
}

const css = (rgb: readonly number[]) => `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`

function hatch(): { width: number; height: number; data: Uint8Array } {
  const n = 8
  const data = new Uint8Array(n * n * 4)
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const on = (x + y) % n < 2
      const i = (y * n + x) * 4
      data.set(on ? [110, 110, 110, 255] : [225, 225, 225, 255], i)
    }
  return { width: n, height: n, data }
}

export function Choropleth({
  area,
  year,
  indicators,
  name,
  m,
  lang,
}: {
  area: string
  year: number
  indicators: readonly IndicatorKey[]
  name: (k: IndicatorKey) => string
  m: (k: keyof typeof CHORO_MESSAGES, vars?: Record<string, string | number>) => string
  lang: Lang
}) {
  const el = useRef<HTMLDivElement>(null)
  const handle = useRef<MapHandle | null>(null)
  const [ready, setReady] = useState(false)
  const [indicator, setIndicator] = useState<IndicatorKey>('deaths_per_100m_gdp')
  // the answer kept with its question: right after a change of indicator, the previous
  // indicator's rows are not shown (nor data-status "ok") for the render before the effect runs
  const key = `${area}|${year}|${indicator}`
  const [loaded, setLoaded] = useState<{ key: string; rows: DistrictValue[] } | null>(null)
  const rows = loaded?.key === key ? loaded.rows : null
  const [shapes, setShapes] = useState<AreaCollection | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let alive = true
    void createMapWhile(() => alive, { container: el.current!, center: [112.6, 22.3], zoom: 7.5, bounds: REGION }).then((h) => {
      if (!h) return
      handle.current = h
      const map = h.map
      const go = () => {
        map.addImage('ind-hatch', hatch())
        setReady(true)
      }
      if (map.loaded()) go()
      else map.once('load', go)
    })
    areaBoundaries('district', REGION, cellSize(9)).then(
      (fc) => alive && setShapes(fc),
      (e: Error) => alive && setError(e.message),
    )
    return () => {
      alive = false
      handle.current?.destroy()
      handle.current = null
    }
  }, [])

  useEffect(() => {
    let alive = true
    indicatorByDistrict(area, year, indicator).then(
      (r) => alive && setLoaded({ key, rows: r }),
      (e: Error) => alive && setError(e.message),
    )
    return () => {
      alive = false
    }
  }, [area, year, indicator])

  const values = rows?.map((r) => (r.value === null ? null : Number(r.value))) ?? []
  const { breaks, classes } = choroClasses(values)
  const digits = ['accidents', 'deaths', 'larger_accidents'].includes(indicator) ? 0 : 3

  useEffect(() => {
    const map: MlMap | undefined = handle.current?.map
    if (!ready || !map || !shapes || !rows) return
    const byCode = new Map(rows.map((r) => [r.code, r]))
    const features = shapes.features
      .filter((f) => byCode.has(String(f.properties.code)))
      .map((f) => {
        const r = byCode.get(String(f.properties.code))!
        const c = classOf(r.value === null ? null : Number(r.value), breaks)
        return { ...f, properties: { ...f.properties, cls: c ?? -1, fill: c === null ? '#bdbdbd' : css(classes[c]!.rgb) } }
      })
    const data = { type: 'FeatureCollection' as const, features }
    const src = map.getSource(SRC) as { setData(d: unknown): void } | undefined
    if (src) src.setData(data)
    else {
      map.addSource(SRC, { type: 'geojson', data: data as never })
      map.addLayer({
        id: 'ind-fill',
        type: 'fill',
        source: SRC,
        filter: ['>=', ['get', 'cls'], 0],
        paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.85 },
      })
      map.addLayer({
        id: 'ind-hatch',
        type: 'fill',
        source: SRC,
        filter: ['<', ['get', 'cls'], 0],
        paint: { 'fill-pattern': 'ind-hatch', 'fill-opacity': 0.9 },
      })
      map.addLayer({ id: 'ind-line', type: 'line', source: SRC, paint: { 'line-color': '#333', 'line-width': 1.2 } })
    }
    let w = 180
    let s = 90
    let e = -180
    let n = -90
    for (const f of features)
      for (const poly of f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [])
        for (const ring of poly)
          for (const [x, y] of ring as [number, number][]) {
            w = Math.min(w, x)
            e = Math.max(e, x)
            s = Math.min(s, y)
            n = Math.max(n, y)
          }
    if (w < e)
      map.fitBounds(
        [
          [w, s],
          [e, n],
        ],
        { padding: 20, animate: false },
      )
  }, [ready, shapes, rows])

  const label = (c: ChoroClass) =>
    c.from === null && c.to === null
      ? m('choro.all', { v: formatNumber(values.find((v) => v !== null) ?? null, lang, digits) })
      : c.from === null
        ? m('choro.upTo', { v: formatNumber(c.to, lang, digits) })
        : c.to === null
          ? m('choro.above', { v: formatNumber(c.from, lang, digits) })
          : `${formatNumber(c.from, lang, digits)} – ${formatNumber(c.to, lang, digits)}`

  return (
    <section class="choropleth" data-testid="choropleth" data-status={rows && ready ? 'ok' : error ? 'error' : 'loading'} data-choro-indicator={indicator}>
      <header>
        <h3>
          {m('choro.title')} · {name(indicator)}
        </h3>
        <label>
          {m('choro.indicator')}{' '}
          <select data-testid="choro-indicator" value={indicator} onChange={(e) => setIndicator((e.target as HTMLSelectElement).value as IndicatorKey)}>
            {indicators.map((k) => (
              <option key={k} value={k}>
                {name(k)}
              </option>
            ))}
          </select>
        </label>
      </header>
      {error && <div class="form-error">{error}</div>}
      <div class="choropleth-body">
        <div class="choropleth-map" ref={el} data-testid="choro-map" />
        <div class="choropleth-side">
          <ul class="choro-legend" data-testid="choro-legend">
            {classes.map((c, i) => (
              <li key={i} data-testid="choro-class" data-class={i}>
                <span class="choro-swatch" style={{ background: css(c.rgb) }} />
                {label(c)}
              </li>
            ))}
            <li data-testid="choro-class-none">
              <span class="choro-swatch choro-hatched" />
              {m('choro.noDenominator')}
            </li>
          </ul>
          <table class="choro-table">
            <tbody>
              {(rows ?? []).map((r) => {
                const c = classOf(r.value === null ? null : Number(r.value), breaks)
                return (
                  <tr key={r.code} data-testid="choro-district" data-code={r.code} data-class={c === null ? 'none' : c}>
                    <td>
                      <span class={`choro-swatch ${c === null ? 'choro-hatched' : ''}`} style={c === null ? undefined : { background: css(classes[c]!.rgb) }} />
                      {lang === 'en' ? (r.name_en ?? r.name) : r.name}
                    </td>
                    <td class="num">{r.value === null ? m('choro.noDenominator') : formatNumber(Number(r.value), lang, digits)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  )
}
