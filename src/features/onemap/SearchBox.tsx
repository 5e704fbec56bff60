// Search by enterprise name (signed in: search_enterprises; public: public_search). Results fly
// the map there; an enterprise opens its detail card.
import { useEffect, useRef, useState } from 'preact/hooks'
import { search, type SearchHit } from '../../data/mapApi.ts'
import { debounce, LatestRequests } from '../../data/latest.ts'
import { useI18n } from '../../app/i18n.ts'
import type { OneMapController } from './controller.ts'

export function SearchBox({ ctl, isPublic }: { ctl: OneMapController; isPublic: boolean }) {
  const { t } = useI18n()
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [error, setError] = useState(false)
  const [active, setActive] = useState(-1)
  const latest = useRef(new LatestRequests())
  const run = useRef(
    debounce((query: string, pub: boolean) => {
      if (!query.trim()) {
        latest.current.abort('search')
        setHits(null)
        return
      }
      latest.current
        .run('search', (signal) => search(query, pub, signal))
        .then(
          (r) => {
            if (!r) return
            setHits(r.value)
            setError(false)
            setActive(-1)
          },
          () => {
            setHits([])
            setError(true)
          },
        )
    }, 250),
  )

  useEffect(() => () => run.current.cancel(), [])
  // a sign-in or sign-out changes what search sees: drop the old results
  useEffect(() => {
    run.current.cancel()
    latest.current.abort('search')
    setHits(null)
  }, [isPublic])

  const choose = (h: SearchHit) => {
    setHits(null)
    setQ(h.name)
    if (h.kind === 'enterprise' && !isPublic) void ctl.showEnterprise(h.lon, h.lat)
    else ctl.flyTo(h.lon, h.lat, h.kind === 'area' ? 12 : 15.5)
  }

  return (
    <div class="search" data-testid="search">
      <input
        type="search"
        class="search-input"
        data-testid="search-input"
        placeholder={isPublic ? t('search.placeholderPublic') : t('search.placeholder')}
        value={q}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value
          setQ(v)
          run.current(v, isPublic)
        }}
        onBlur={() => setTimeout(() => setHits(null), 200)}
        onFocus={() => q.trim() && run.current(q, isPublic)}
        onKeyDown={(e) => {
          if (!hits?.length) return
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive((a) => Math.min(hits.length - 1, a + 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(0, a - 1))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            choose(hits[Math.max(0, active)]!)
          } else if (e.key === 'Escape') setHits(null)
        }}
        aria-label={t('search.placeholder')}
      />
      {hits && (
        <ul class="search-results" data-testid="search-results" role="listbox">
          {hits.length === 0 && <li class="search-empty">{error ? t('search.error') : t('search.none')}</li>}
          {hits.map((h, i) => (
            <li key={`${h.kind}-${h.id ?? h.name}-${i}`} role="option" aria-selected={i === active}>
              <button type="button" class={`search-hit ${i === active ? 'active' : ''}`} data-testid="search-hit" onClick={() => choose(h)}>
                <span class="search-hit-name">{h.name}</span>
                <span class="search-hit-meta">{h.detail ?? t(h.kind === 'area' ? 'search.kind.area' : 'search.kind.enterprise')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
