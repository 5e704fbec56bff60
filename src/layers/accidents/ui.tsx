// The accident layer on the screens: its count in view (the accidents loaded) with the time
// filter under it, the legend (grades by colour, sectors by shape), the card (the record; the
// enterprise only where the caller may read it) and the tooltip.
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { cityClock, cityDate } from '../../domain/cityDay.ts'
import { beijingYear, gradeRgb, SECTOR_SYMBOLS, sectorSymbol, type AccidentFeature, type SectorSymbol } from '../../domain/accidentsMap.ts'
import { pick, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { accidentSvg } from './layer.ts'
import { MESSAGES } from './messages.ts'
import { accidentFilter, accidentRange, accidentsNow } from './state.ts'

export function AccidentSymbol({ symbol, grade, size = 14 }: { symbol: SectorSymbol; grade: number; size?: number }) {
  return (
    <span
      class="sym"
      aria-hidden="true"
      style={{ display: 'inline-block', width: size, height: size, lineHeight: 0 }}
      dangerouslySetInnerHTML={{ __html: accidentSvg(symbol, grade, size) }}
    />
  )
}

/** The demo's first year of accidents (临沂's base year, 2010). */
const FIRST_YEAR = 2010

/** The time filter under the layer's row (reads and writes accidentFilter). */
function TimeFilter({ lang }: { lang: Lang }) {
  const m = textsOf(MESSAGES, lang)
  const f = accidentFilter.get()
  const thisYear = beijingYear(new Date())
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i)
  const from = f.mode === 'years' ? f.from : thisYear - 4
  const to = f.mode === 'years' ? f.to : thisYear
  return (
    <div class="accident-time" data-testid="accident-time">
      <label>
        <span>{m('time.label')} </span>
        <select
          data-testid="accident-time-mode"
          value={f.mode}
          onChange={(e) => {
            const mode = (e.target as HTMLSelectElement).value
            accidentFilter.set(mode === 'years' ? { mode: 'years', from, to } : { mode: mode as 'this_year' | 'last_12_months' })
          }}
        >
          {(['this_year', 'last_12_months', 'years'] as const).map((k) => (
            <option key={k} value={k}>
              {m(`time.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {f.mode === 'years' && (
        <>
          {' '}
          <select
            aria-label={m('time.from')}
            data-testid="accident-time-from"
            value={String(from)}
            onChange={(e) => accidentFilter.set({ mode: 'years', from: Number((e.target as HTMLSelectElement).value), to })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          –
          <select
            aria-label={m('time.to')}
            data-testid="accident-time-to"
            value={String(to)}
            onChange={(e) => accidentFilter.set({ mode: 'years', from, to: Number((e.target as HTMLSelectElement).value) })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  )
}

const when = (iso: string) => {
  const t = new Date(iso)
  return `${cityDate(t)} ${cityClock(t)}`
}

function title(a: AccidentFeature, lang: Lang): string {
  return textsOf(MESSAGES, lang)('title', { date: cityDate(new Date(a.occurred_at)), sector: pick(a.sector_name, a.sector_name_en, lang) ?? a.sector_code })
}

export const accidentsUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['accidents'],
  symbol: () => <AccidentSymbol symbol="imt" grade={3} size={15} />,
  count: (_counts, { lang }) => ({ main: formatNumber(accidentsNow.rows.length, lang), sub: <TimeFilter lang={lang} /> }),
  legend: ({ lang, audience }) => {
    if (audience === 'public') return null
    const m = textsOf(MESSAGES, lang)
    const r = accidentRange(audience)
    // the wall: one row, this year's accidents by grade (the 事故 preset shows them)
    if (audience === 'wall')
      return {
        title: m('legend.wall', { y: r.from.slice(0, 4) }),
        blocks: [
          {
            layout: 'row',
            items: [1, 2, 3, 4].map((g) => ({
              key: `g${g}`,
              testid: `legend-accident-grade-${g}`,
              symbol: (size?: number) => <AccidentSymbol symbol="water" grade={g} size={size ?? 13} />,
              label: m(`grade.${g}` as 'grade.1'),
            })),
          },
        ],
      }
    return {
      title: m('legend.title'),
      blocks: [
        {
          layout: 'row',
          items: [1, 2, 3, 4].map((g) => ({
            key: `g${g}`,
            testid: `legend-accident-grade-${g}`,
            symbol: (size?: number) => <AccidentSymbol symbol="water" grade={g} size={size ?? 13} />,
            label: m(`grade.${g}` as 'grade.1'),
          })),
        },
        {
          layout: 'grid',
          items: SECTOR_SYMBOLS.map((s) => ({
            key: s,
            testid: `legend-accident-sector-${s}`,
            symbol: (size?: number) => <AccidentSymbol symbol={s} grade={4} size={size ?? 13} />,
            label: m(`sector.${s}`),
          })),
        },
      ],
      note: { text: m('legend.note', { from: r.from, to: r.to }), testid: 'legend-accident-range' },
    }
  },
  card: (d, { lang, t }) => {
    if (d.kind !== 'accidents') return null
    const m = textsOf(MESSAGES, lang)
    const a = d.data
    return {
      icon: <AccidentSymbol symbol={sectorSymbol(a.sector_code)} grade={a.grade} size={16} />,
      title: title(a, lang),
      rows: (
        <>
          <Row label={m('field.grade')} testid="accident-card-grade">
            {m(`grade.${a.grade}` as 'grade.1')}
          </Row>
          <Row label={m('field.occurred')}>{when(a.occurred_at)}</Row>
          <Row label={m('field.sector')}>{pick(a.sector_name, a.sector_name_en, lang)}</Row>
          <Row label={m('field.category')}>{pick(a.category_name, a.category_name_en, lang)}</Row>
          <Row label={m('field.casualties')} testid="accident-card-casualties">
            {m('casualties', { d: a.deaths, s: a.serious_injuries, m: a.minor_injuries })}
          </Row>
          <Row label={m('field.loss')}>{m('loss', { v: formatNumber(Number(a.direct_loss_10k_yuan), lang, 2) })}</Row>
          <Row label={m('field.enterprise')}>{a.enterprise_name}</Row>
          <Row label={m('field.report')}>{`${when(a.first_reported_at)} · ${m(a.late_report ? 'late' : 'onTime')}`}</Row>
          <Row label={m('field.description')}>{a.description}</Row>
          <Row label={t('field.area')}>{pick(a.area_name, a.area_name_en, lang)}</Row>
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'accidents') return null
    const m = textsOf(MESSAGES, lang)
    const a = d.data
    return {
      kind: 'accidents',
      name: title(a, lang),
      badge: m(`grade.${a.grade}` as 'grade.1'),
      level: null,
      badgeStyle: { background: gradeCss(a.grade), color: '#fff' },
      type: m('casualties', { d: a.deaths, s: a.serious_injuries, m: a.minor_injuries }),
    }
  },
}

function gradeCss(grade: number): string {
  const [r, g, b] = gradeRgb(grade)
  return `rgb(${r},${g},${b})`
}
