// Search a place (district, street) or a company with a major hazard source (public_search).
// Choosing a hit shows what is around it.
import { useEffect, useRef, useState } from 'preact/hooks'
import { search, type SearchHit } from '../../data/mapApi.ts'
import { resourceTypeById } from '../../domain/categories.ts'
import { debounce, LatestRequests } from '../../data/latest.ts'
import { useMessages } from '../../app/i18n.ts'
import { MESSAGES } from './messages.ts'
import type { PublicView } from './view.ts'

export function SearchBar({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState(false)
  const latest = useRef(new LatestRequests())
  const run = useRef(
    debounce((query: string) => {
      if (!query.trim()) {
        latest.current.abort('search')
        setHits(null)
        setBusy(false)
        return
      }
      setBusy(true)
      latest.current
        .run('search', (signal) => search(query.slice(0, 100), true, signal))
        .then(
          (r) => {
            if (!r) return
            setHits(r.value)
            setError(false)
            setBusy(false)
          },
          () => {
            setHits([])
            setError(true)
            setBusy(false)
          },
        )
    }, 250),
  )
  useEffect(() => () => run.current.cancel(), [])
  const box = useRef<HTMLDivElement>(null)
  // a tap anywhere else (the map, the panel) closes the list
  useEffect(() => {
    if (!hits) return
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setHits(null)
    }
    document.addEventListener('pointerdown', onDown, true)
    return () => document.removeEventListener('pointerdown', onDown, true)
  }, [hits])

  const choose = (h: SearchHit) => {
    setHits(null)
    setQ(h.name)
    view.pickSearchHit(h)
  }

  return (
    <div class="pub-search" role="search" ref={box}>
      <label class="pub-visually-hidden" for="pub-search-input">
        {m('search.label')}
      </label>
      <input
        id="pub-search-input"
        class="pub-search-input"
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        maxLength={100}
        placeholder={m('search.placeholder')}
        value={q}
        data-testid="public-search"
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value
          setQ(v)
          run.current(v)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hits && hits[0]) choose(hits[0])
          if (e.key === 'Escape') setHits(null)
        }}
      />
      {q && (
        <button
          type="button"
          class="pub-search-clear"
          aria-label={m('search.clear')}
          onClick={() => {
            setQ('')
            setHits(null)
            run.current('')
          }}
        >
          ×
        </button>
      )}
      {(hits || busy) && q.trim() && (
        <ul class="pub-search-results" data-testid="public-search-results">
          {busy && !hits && <li class="pub-search-note">{m('search.searching')}</li>}
          {hits && hits.length === 0 && <li class="pub-search-note">{error ? m('search.error') : m('search.none', { q: q.trim() })}</li>}
          {hits?.map((h, i) => (
            <li key={`${h.kind}-${h.name}-${i}`}>
              <button type="button" class="pub-search-hit" data-testid="public-search-hit" data-kind={h.kind} onClick={() => choose(h)}>
                <span class="pub-search-name">{h.name}</span>
                <span class="pub-search-kind">{hitKind(h, lang, m)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** What a hit is, in words: the place's type and district (学校 · 蓬江区), a resource's type, an area, a company. */
function hitKind(h: SearchHit, lang: 'zh' | 'en', m: (k: 'search.kind.area' | 'search.kind.enterprise') => string): string {
  const where = lang === 'zh' ? h.district : h.district_en || h.district
  if (h.kind === 'target') return [lang === 'zh' ? h.type_zh : h.type_en, where].filter(Boolean).join(' · ')
  if (h.kind === 'resource') {
    const r = resourceTypeById(h.type)
    return [r ? r[lang] : h.type, where].filter(Boolean).join(' · ')
  }
  return h.kind === 'area' ? m('search.kind.area') : m('search.kind.enterprise')
}
