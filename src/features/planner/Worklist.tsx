// The relocation worklist: safety_distance_violations, filterable by area (server), industry,
// people affected and name (browser), sortable by shortfall, people, targets or name.
import { useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES, RELOCATION_STATUSES } from '../../domain/categories.ts'
import { majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import type { PlannerController, SortKey } from './controller.ts'
import { MESSAGES } from './messages.ts'
import { CodeOptions } from '../../app/CodeOptions.tsx'

/** rows drawn at first (a city-wide worklist can hold thousands of sources) */
const PAGE = 300

export function Worklist({ ctl }: { ctl: PlannerController }) {
  const s = useStore(ctl.store)
  const { m, lang, name } = useMessages(MESSAGES)
  const all = ctl.visibleRows(s)
  const [limit, setLimit] = useState(PAGE)
  const rows = all.slice(0, limit)
  const districtName = (code: string | null) => {
    if (!code) return ''
    const d = s.districts.find((x) => code.startsWith(x.code))
    return d ? (lang === 'zh' ? d.name : d.name_en || d.name) : code
  }
  const industryName = (code: string) => {
    const i = s.industries.find((x) => x.code === code)
    return i ? (lang === 'zh' ? i.name_zh : i.name_en) : code
  }
  const head = (key: SortKey, label: string, cls = '') => (
    <th class={`sortable ${cls}`} aria-sort={s.sort === key ? (s.sortDesc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" data-testid={`sort-${key}`} onClick={() => ctl.setSort(key)}>
        {label}
        {s.sort === key ? (s.sortDesc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  )
  return (
    <div class="pl-worklist" data-testid="worklist">
      <div class="pl-section">
        <h2 class="pl-h2">{m('worklist.title')}</h2>
        <div class="pl-filters">
          <label>
            <span>{m('worklist.area')}</span>
            <select data-testid="filter-area" value={s.area ?? ''} onChange={(e) => ctl.setArea((e.target as HTMLSelectElement).value || null)}>
              <option value="">{m('worklist.allAreas')}</option>
              {s.districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {lang === 'zh' ? d.name : d.name_en || d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m('worklist.industry')}</span>
            <select
              data-testid="filter-industry"
              value={s.industry ?? ''}
              onChange={(e) => ctl.setFilter({ industry: (e.target as HTMLSelectElement).value || null })}
            >
              <CodeOptions items={s.industries} lang={lang} allLabel={m('worklist.allIndustries')} />
            </select>
          </label>
          <label>
            <span>{m('worklist.minPopulation')}</span>
            <input
              type="number"
              min={0}
              step={50}
              data-testid="filter-population"
              value={s.minPopulation || ''}
              placeholder="0"
              onInput={(e) => ctl.setFilter({ minPopulation: Math.max(0, Number((e.target as HTMLInputElement).value) || 0) })}
            />
          </label>
          <label class="wide">
            <input
              type="search"
              data-testid="filter-query"
              placeholder={m('worklist.search')}
              value={s.query}
              onInput={(e) => ctl.setFilter({ query: (e.target as HTMLInputElement).value })}
            />
          </label>
        </div>
        <div class="pl-count" data-testid="worklist-count">
          {s.worklistLoading ? (
            m('worklist.loading')
          ) : s.worklistError ? (
            <span class="pl-error">{m('worklist.error', { msg: s.worklistError })}</span>
          ) : (
            m('worklist.count', { n: all.length, total: s.worklist?.length ?? 0 })
          )}
        </div>
      </div>
      <div class="pl-table-wrap">
        <table class="pl-table" data-testid="worklist-table">
          <thead>
            <tr>
              {head('name', m('col.source'))}
              {head('violations', m('col.violations'))}
              {head('population', m('col.population'), 'num')}
              {head('shortfall', m('col.shortfall'), 'num')}
              <th>{m('col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.hazard_source_id}
                data-testid="worklist-row"
                data-id={r.hazard_source_id}
                class={s.picked?.id === r.hazard_source_id ? 'picked' : ''}
                onClick={() => void ctl.pickSource(r.hazard_source_id)}
              >
                <td>
                  <div class="pl-src-name">{r.hazard_source_name}</div>
                  <div class="pl-src-meta">{r.enterprise_name}</div>
                  <div class="pl-src-meta">
                    {districtName(r.area_code)} · {industryName(r.industry_code)}
                    {r.is_major && r.major_grade ? (
                      <>
                        {' '}
                        ·{' '}
                        <span class="pl-grade" style={{ borderColor: rgbCss(majorGradeRgb(r.major_grade)) }}>
                          {m('major', { grade: majorGradeName(r.major_grade, lang) })}
                        </span>
                      </>
                    ) : null}
                  </div>
                </td>
                <td>
                  <div class="pl-class-chips">
                    {PROTECTIVE_CLASSES.filter((c) => (r.violations_by_class[c.id] ?? 0) > 0).map((c) => (
                      <span key={c.id} class="pl-chip" data-class={c.id} title={name(c)} style={{ borderColor: rgbCss(c.rgb) }}>
                        <i style={{ background: rgbCss(c.rgb) }} />
                        {name(c)} <b>{r.violations_by_class[c.id]}</b>
                      </span>
                    ))}
                  </div>
                </td>
                <td class="num" data-testid="row-population">
                  {formatNumber(r.population_inside, lang)}
                </td>
                <td class="num shortfall" data-testid="row-shortfall">
                  {formatNumber(r.worst_shortfall_m, lang, 0)} m
                </td>
                <td>
                  <span class={`pl-status st-${r.relocation_status}`}>{name(RELOCATION_STATUSES[r.relocation_status])}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!s.worklistLoading && s.worklist && rows.length === 0 && <div class="pl-empty">{m('worklist.empty')}</div>}
        {all.length > rows.length && (
          <div class="pl-empty">
            <button type="button" class="btn btn-outline" data-testid="worklist-more" onClick={() => setLimit(limit + PAGE)}>
              {m('worklist.more', { n: all.length - rows.length })}
            </button>
          </div>
        )}
      </div>
    </div>
  )
}
