// The pipeline layer on the screens: panel symbol, legend (media by colour, pressure by width,
// high-consequence classes, encroachment dots), the card of a clicked line (its data, the
// encroachments within 5 m and the high-consequence segments) and the tooltip. The panel count is
// the number of lines the last load brought for the view (layer_counts does not count lines).
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { rgbCss } from '../../domain/levels.ts'
import { ENCROACHMENT_RGB, HCA_CLASSES, hcaRgb, MEDIA, mediumInfo, mediumRgb, PRESSURE_BANDS } from '../../domain/pipelines.ts'
import { protectiveClassById } from '../../domain/categories.ts'
import type { Rgb } from '../../domain/levels.ts'
import { nm, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi, type LegendEntry } from '../ui/parts.ts'
import { hcaRgbOn, mediumRgbOn } from './wallStyle.ts'
import { MESSAGES } from './messages.ts'

export function LineSwatch({ rgb, width = 4, size = 18, alpha = 1 }: { rgb: Rgb; width?: number; size?: number; alpha?: number }) {
  return (
    <svg class="sym" width={size} height={Math.max(10, width + 4)} viewBox={`0 0 ${size} ${Math.max(10, width + 4)}`} aria-hidden="true">
      <line x1="1" y1="50%" x2={size - 1} y2="50%" stroke={rgbCss(rgb, alpha)} stroke-width={width} stroke-linecap="round" />
    </svg>
  )
}

function EncroachmentDot({ size = 12, ring = 'rgb(40,0,30)' }: { size?: number; ring?: string }) {
  return (
    <span
      class="sym sym-dot"
      aria-hidden="true"
      style={{ width: size, height: size, background: rgbCss(ENCROACHMENT_RGB), border: `1.5px solid ${ring}`, boxSizing: 'border-box' }}
    />
  )
}

/** Lines of the last load (the view, padded as the loader pads it), its encroachments shown and
 * whether the view held more than the server sends (pipeline_map's cap). */
export const pipelinesInView = { lines: 0, encroachments: 0, encroachmentsMore: false }

/** The wall's one row: the media in the wall's colours, the high-consequence band, the dots. */
function wallLegend(lang: Lang): LegendEntry {
  const m = textsOf(MESSAGES, lang)
  return {
    title: m('legend.title'),
    blocks: [
      {
        items: [
          ...MEDIA.map((x) => ({
            key: x.medium,
            testid: `wall-legend-pipeline-${x.medium}`,
            symbol: (size?: number) => <LineSwatch rgb={mediumRgbOn('dark', x.medium)} size={size ? size * 1.6 : 18} width={size ? size / 4 : 4} />,
            label: x[lang],
          })),
          {
            key: 'hca',
            symbol: (size?: number) => <LineSwatch rgb={hcaRgbOn('dark', 3)} size={size ? size * 1.6 : 18} width={size ? size / 1.6 : 9} alpha={0.7} />,
            label: m('legend.wallHca'),
          },
          { key: 'enc', symbol: (size?: number) => <EncroachmentDot size={size} ring="#fff" />, label: m('legend.wallEncroachment') },
        ],
      },
    ],
  }
}

const km = (m: number, lang: Lang) => formatNumber(m / 1000, lang, 2)

export const pipelinesUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['pipelines'],
  symbol: () => <LineSwatch rgb={mediumRgb('natural_gas')} />,
  count: (_counts, { lang }) => ({ main: formatNumber(pipelinesInView.lines, lang) }),
  legend: ({ lang, audience }) => {
    const m = textsOf(MESSAGES, lang)
    // the wall draws the lines in incident mode too (incidentPipelines.ts): its row stays
    if (audience === 'wall') return wallLegend(lang)
    if (audience !== 'staff') return null
    return {
      title: m('legend.title'),
      blocks: [
        {
          items: MEDIA.map((x) => ({
            key: x.medium,
            testid: `legend-pipeline-${x.medium}`,
            symbol: (size?: number) => <LineSwatch rgb={x.rgb} size={size ? size + 6 : 18} />,
            label: x[lang],
          })),
        },
        {
          items: PRESSURE_BANDS.map((b, i) => ({
            key: `p${i}`,
            symbol: () => <LineSwatch rgb={[90, 90, 90]} width={b.width} />,
            label: b[lang],
          })),
        },
        {
          items: [
            ...HCA_CLASSES.map((c) => ({
              key: `hca${c.cls}`,
              testid: `legend-hca-${c.cls}`,
              symbol: () => <LineSwatch rgb={c.rgb} width={9} alpha={0.5} />,
              label: c[lang],
            })),
            {
              key: 'enc',
              testid: 'legend-encroachment',
              symbol: (size?: number) => <EncroachmentDot size={size} />,
              label: pipelinesInView.encroachmentsMore
                ? m('legend.encroachmentMore', { n: formatNumber(pipelinesInView.encroachments, lang) })
                : m('legend.encroachment'),
            },
          ],
        },
      ],
      note: { text: m('legend.note') },
    }
  },
  card: (d, { t, lang }) => {
    if (d.kind !== 'pipelines') return null
    const m = textsOf(MESSAGES, lang)
    const p = d.data
    const medium = mediumInfo(p.medium)
    return {
      icon: <LineSwatch rgb={mediumRgb(p.medium)} size={16} />,
      title: p.name,
      rows: (
        <>
          <Row label={m('field.medium')} testid="pipeline-medium">
            {medium ? medium[lang] : p.medium}
          </Row>
          <Row label={m('field.operator')}>{p.operator_name}</Row>
          <Row label={m('field.diameter')}>{p.diameter_mm != null ? m('unit.mm', { n: formatNumber(p.diameter_mm, lang, 1) }) : null}</Row>
          <Row label={m('field.pressure')}>{p.pressure_mpa != null ? m('unit.mpa', { n: formatNumber(p.pressure_mpa, lang, 2) }) : null}</Row>
          <Row label={m('field.depth')}>{p.burial_depth_m != null ? t('unit.metres', { n: formatNumber(p.burial_depth_m, lang, 1) }) : null}</Row>
          <Row label={m('field.year')}>{p.built_year != null ? String(p.built_year) : null}</Row>
          <Row label={m('field.length')}>{m('unit.km', { n: km(p.length_m, lang) })}</Row>
          <Row label={m('field.areas')}>
            {p.area_names.length > 0 ? (lang === 'zh' ? p.area_names.join('、') : (p.area_names_en ?? p.area_names).join(', ')) : null}
          </Row>
          <Row label={m('field.along')}>{m('unit.km', { n: km(p.along_m, lang) })}</Row>
          {p.is_demo && <Row label="">{<span class="badge badge-outline">{m('demo')}</span>}</Row>}
          <div class="detail-table" data-testid="pipeline-encroachments" data-count={p.encroachments.length}>
            <div class="detail-table-title">{m('field.encroachments')}</div>
            {p.encroachments.length === 0 ? (
              <div class="detail-empty">{m('field.encroachments.none')}</div>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{m('col.target')}</th>
                    <th class="num">{m('col.distance')}</th>
                    <th class="num">{m('col.at')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.encroachments.map((e) => (
                    <tr key={e.target_id} data-testid="pipeline-encroachment">
                      <td>
                        {e.target_name}
                        <span class="muted"> · {nm(protectiveClassById(e.target_class), lang) ?? e.target_class}</span>
                      </td>
                      <td class="num">{t('unit.metres', { n: formatNumber(e.distance_m, lang, 2) })}</td>
                      <td class="num">{m('unit.km', { n: km(e.along_m, lang) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div class="detail-table" data-testid="pipeline-hca" data-count={p.hca.length}>
            <div class="detail-table-title">{m('field.hca')}</div>
            {p.medium === 'chemical' ? (
              <div class="detail-empty">{m('field.hca.notScreened')}</div>
            ) : p.hca.length === 0 ? (
              <div class="detail-empty">{m('field.hca.none')}</div>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{m('col.segment')}</th>
                    <th>{m('col.class')}</th>
                    <th>{m('col.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.hca.map((h) => (
                    <tr key={`${h.from_m}-${h.criterion}`} data-testid="pipeline-hca-row">
                      <td style={{ whiteSpace: 'nowrap' }}>{m('unit.kmRange', { a: km(h.from_m, lang), b: km(h.to_m, lang) })}</td>
                      <td>
                        <span
                          class="badge"
                          title={HCA_CLASSES.find((c) => c.cls === h.hca_class)?.[lang]}
                          style={{ background: rgbCss(hcaRgb(h.hca_class)), color: '#fff', whiteSpace: 'nowrap' }}
                        >
                          {HCA_CLASSES.find((c) => c.cls === h.hca_class)?.short ?? h.hca_class}
                        </span>
                      </td>
                      <td>{lang === 'zh' ? h.reason_zh : h.reason_en}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'pipelines') return null
    const p = d.data
    const medium = mediumInfo(p.medium)
    const pressure = p.pressure_mpa != null ? `${formatNumber(p.pressure_mpa, lang, 2)} MPa` : null
    return {
      kind: d.kind,
      name: p.name,
      badge: null,
      level: null,
      type: [medium?.[lang], pressure].filter(Boolean).join(' · ') || null,
    }
  },
}
