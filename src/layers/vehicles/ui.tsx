// The vehicles layer on the screens: panel symbol and counts (in view, alerting, signal lost), the
// legend by GB 6944 class (staff and wall; never the public), the card of a clicked vehicle (plate,
// carrier, cargo UN number and class name, capacity, speed, heading, last fix, today's alerts) and
// its tooltip.
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { rgbCss } from '../../domain/levels.ts'
import type { VehicleDetail } from '../../contract/vehicles.ts'
import { pick, Row } from '../ui/card.tsx'
import { cargoLine } from '../../domain/unNumbers.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { ALERT_RGB, BIN_RGB } from './layer.ts'
import { vehicleSvg } from './icons.ts'
import { MESSAGES } from './messages.ts'
import { vehicleCounts } from './counts.ts'
import { askPlayback } from './playbackRequest.ts'

export function VehicleSymbol({ icon, size = 16, alert = false }: { icon: string; size?: number; alert?: boolean }) {
  return (
    <span
      class="sym"
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: size,
        height: size,
        lineHeight: 0,
        borderRadius: '50%',
        ...(alert ? { boxShadow: `0 0 0 2px ${rgbCss(ALERT_RGB)}`, background: rgbCss(ALERT_RGB, 0.3) } : {}),
      }}
      dangerouslySetInnerHTML={{ __html: vehicleSvg(icon, size) }}
    />
  )
}

/** "2.3 / 6.1 毒性气体、毒性物质" → "2.3/6.1" */
const classNumber = (label: string): string => (/^[\d./ ]+/.exec(label)?.[0] ?? label).replace(/\s+/g, '')

/** Legend entries: one per placard colour. */
const LEGEND_CLASSES = ['1', '2.1', '2.2', '6.1', '3', '4.1', '4.3', '5.1', '7', '8', '9'] as const

function CountsLine({ lang }: { lang: Lang }) {
  const c = useStore(vehicleCounts)
  const m = textsOf(MESSAGES, lang)
  const n = (v: number) => formatNumber(v, lang)
  return (
    <div class="sub-counts" data-testid="count-vehicles-states">
      {m('count.sub', { alert: n(c.alert), stale: n(c.stale) })}
      {c.binned > 0 ? (
        <div data-testid="count-vehicles-binned">{m('count.binned', { binned: n(c.binned) })}</div>
      ) : (
        c.total > c.shown && <div data-testid="count-vehicles-capped">{m('count.capped', { shown: n(c.shown) })}</div>
      )}
    </div>
  )
}

const hhmm = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 19)

/** Heading in words: the nearest of eight directions. */
export function headingWords(deg: number, lang: Lang): string {
  const m = textsOf(MESSAGES, lang)
  const i = Math.round((((deg % 360) + 360) % 360) / 45) % 8
  return m('heading.value', { dir: m(`dir.${i}` as 'dir.0'), deg: Math.round(deg) })
}

function fixText(v: VehicleDetail, lang: Lang): string | null {
  if (!v.t) return null
  const m = textsOf(MESSAGES, lang)
  const mins = Math.max(0, Math.floor((Date.now() - new Date(v.t).getTime()) / 60_000))
  return m('ago', { t: hhmm(v.t), m: mins })
}

function alertText(a: VehicleDetail['alerts_today'][number], lang: Lang): string {
  const m = textsOf(MESSAGES, lang)
  const where = a.zone_name ?? a.target_name
  return `${hhmm(a.at)} ${m(`alert.${a.kind}`)}${where ? ` · ${where}` : ''}`
}

export const vehiclesUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['vehicles'],
  symbol: () => <VehicleSymbol icon="3" />,
  count: (_counts, { lang }) => ({ main: formatNumber(vehicleCounts.get().total, lang), sub: <CountsLine lang={lang} /> }),
  legend: ({ lang, audience }) => {
    if (audience === 'public') return null
    const m = textsOf(MESSAGES, lang)
    return {
      title: m('legend.title'),
      blocks: [
        {
          layout: 'grid',
          items: LEGEND_CLASSES.map((c) => ({
            key: c,
            testid: `legend-vehicle-${c}`,
            symbol: (size?: number) => <VehicleSymbol icon={c} size={size ?? 16} />,
            // the wall names the class by its number only (a dispatcher reads "2.1"), one row, not five
            label: audience === 'wall' ? classNumber(m(`class.${c}` as 'class.1')) : m(`class.${c}` as 'class.1'),
          })),
        },
        {
          items: [
            {
              key: 'alert',
              testid: 'legend-vehicle-alert',
              symbol: (size?: number) => <VehicleSymbol icon="3" size={size ?? 16} alert />,
              label: m('legend.alert'),
            },
            {
              key: 'stale',
              testid: 'legend-vehicle-stale',
              symbol: (size?: number) => <VehicleSymbol icon="stale" size={size ?? 16} />,
              label: m('legend.stale'),
            },
            {
              key: 'bin',
              testid: 'legend-vehicle-bin',
              symbol: (size?: number) => (
                <span
                  class="sym sym-dot"
                  aria-hidden="true"
                  style={{
                    width: size ?? 16,
                    height: size ?? 16,
                    background: rgbCss(BIN_RGB),
                    border: '2px solid #fff',
                    boxSizing: 'border-box',
                    borderRadius: '50%',
                  }}
                />
              ),
              label: m('legend.bin'),
            },
          ],
        },
      ],
      note: { text: m('legend.note') },
    }
  },
  card: (d, { lang }) => {
    if (d.kind !== 'vehicles') return null
    const m = textsOf(MESSAGES, lang)
    const v = d.data
    const n = (x: number | null, digits = 0) => (x == null ? null : formatNumber(x, lang, digits))
    return {
      icon: <VehicleSymbol icon={v.stale ? 'stale' : v.hazard_class} size={18} alert={v.alerts_today.some((a) => a.kind !== 'signal_restored')} />,
      title: v.plate,
      rows: (
        <>
          <Row label={m('field.carrier')} testid="vehicle-card-carrier">
            {v.carrier_name}
          </Row>
          <Row label={m('field.cargo')} testid="vehicle-card-cargo">
            {cargoLine(v.un_number, v.hazard_class, pick(v.class_name_zh, v.class_name_en, lang), lang)}
          </Row>
          <Row label={m('field.capacity')}>{v.capacity_t == null ? null : m('tonnes', { v: n(v.capacity_t, 1)! })}</Row>
          <Row label={m('field.speed')} testid="vehicle-card-speed">
            {v.speed_kmh == null ? null : m('kmh', { v: n(v.speed_kmh)! })}
          </Row>
          <Row label={m('field.heading')}>{v.heading == null ? null : headingWords(v.heading, lang)}</Row>
          <Row label={m('field.fix')} testid="vehicle-card-fix">
            {v.stale ? `${fixText(v, lang) ?? ''} · ${m('state.stale')}` : fixText(v, lang)}
          </Row>
          <Row label={m('field.alerts')} testid="vehicle-card-alerts">
            {v.alerts_today.length === 0 ? (
              m('alerts.none')
            ) : (
              <ul class="vehicle-alerts" data-count={v.alerts_today.length}>
                {v.alerts_today.slice(0, 8).map((a) => (
                  <li key={a.id}>{alertText(a, lang)}</li>
                ))}
              </ul>
            )}
          </Row>
          <div class="detail-row">
            <button type="button" class="btn" data-testid="vehicle-playback-open" onClick={() => askPlayback(v.id, v.plate)}>
              {m('playback.open')}
            </button>
          </div>
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'vehicles') return null
    const m = textsOf(MESSAGES, lang)
    const v = d.data
    const open = v.alerts_today.find((a) => a.kind !== 'signal_restored')
    return {
      kind: 'vehicles',
      name: v.plate,
      badge: v.stale ? m('state.stale') : open ? m(`alert.${open.kind}`) : null,
      level: null,
      badgeStyle: v.stale ? { background: '#9e9e9e', color: '#fff' } : open ? { background: rgbCss(ALERT_RGB), color: '#fff' } : undefined,
      type: cargoLine(v.un_number, v.hazard_class, pick(v.class_name_zh, v.class_name_en, lang), lang),
    }
  },
}
