// Incident mode's source picker (issue 21): a search box over the major hazard sources (name,
// enterprise, grade) with a keyboard-usable list (↑↓, Enter, Escape), in place of a long select.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { majorGradeName, levelCss, levelTextCss } from '../../domain/levels.ts'
import type { HazardSourceFeature } from '../../data/mapApi.ts'
import { INC_MESSAGES } from './incidentMessages.ts'
import './incident.css'

export const PICKER_SHOWN = 8

/** The sources matching every word of the query (name, enterprise, grade in both languages), best grade first. */
export function matchSources(sources: readonly HazardSourceFeature[], query: string): HazardSourceFeature[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return sources
    .filter((h) => {
      const text = `${h.name} ${h.enterprise_name ?? ''} ${majorGradeName(h.major_grade, 'zh')} ${majorGradeName(h.major_grade, 'en')}`.toLowerCase()
      return words.every((w) => text.includes(w))
    })
    .sort((a, b) => (a.major_grade ?? 9) - (b.major_grade ?? 9) || a.name.localeCompare(b.name, 'zh'))
}

export function SourcePicker({
  sources,
  chosen,
  onChoose,
}: {
  sources: HazardSourceFeature[]
  chosen: string | null
  onChoose: (h: HazardSourceFeature) => void
}) {
  const { m, lang } = useMessages(INC_MESSAGES)
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const hits = matchSources(sources, query)
  const shown = hits.slice(0, PICKER_SHOWN)
  const choose = (h: HazardSourceFeature | undefined) => {
    if (!h) return
    onChoose(h)
    setQuery(`${h.enterprise_name ?? ''} ${h.name}`.trim())
    setOpen(false)
  }
  const optionId = (i: number) => `incident-source-opt-${i}`
  return (
    <div class="wall-source-picker">
      <label for="incident-source-search">{m('inc.search')}</label>
      <input
        id="incident-source-search"
        data-testid="incident-hazard"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls="incident-source-list"
        aria-activedescendant={open && shown.length ? optionId(active) : undefined}
        autocomplete="off"
        placeholder={m('inc.searchPlaceholder')}
        value={query}
        onInput={(e) => {
          setQuery((e.target as HTMLInputElement).value)
          setActive(0)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
            setActive((a) => Math.min(a + 1, shown.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            if (open) choose(shown[active])
            else setOpen(true)
          } else if (e.key === 'Escape') setOpen(false)
        }}
      />
      {open && (
        <div class="wall-source-pop">
          <p class="wall-sub" data-testid="incident-source-count">
            {shown.length ? m('inc.searchCount', { n: hits.length }) : m('inc.searchNone')}
          </p>
          <ul id="incident-source-list" role="listbox" data-testid="incident-source-list">
            {shown.map((h, i) => (
              <li
                key={h.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                class={`${i === active ? 'active' : ''} ${h.id === chosen ? 'chosen' : ''}`}
                data-testid="incident-source-option"
                data-id={h.id}
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(h)
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span class="wall-chip wall-chip-small" style={{ background: levelCss(h.major_grade ?? 4), color: levelTextCss(h.major_grade ?? 4) }}>
                  {majorGradeName(h.major_grade, lang)}
                </span>
                <span class="wall-incident-name">
                  {h.name}
                  <span class="wall-sub"> · {h.enterprise_name ?? ''}</span>
                </span>
              </li>
            ))}
          </ul>
          {hits.length > shown.length && <p class="wall-sub">{m('inc.searchMore', { n: hits.length - shown.length })}</p>}
        </div>
      )}
    </div>
  )
}
