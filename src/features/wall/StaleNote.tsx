// The wall's note of what is due again (issue 15): major hazard sources due a re-assessment
// (待重评) and risk points due a review (待复评), for the city or the toured district, from
// freshness_summary every minute. Stale records are counted apart, never shown as current.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { freshnessSummary } from '../../data/freshness.ts'

const MESSAGES = {
  stale: { zh: ' · 待重评 {sources} · 待复评 {points}', en: ' · {sources} due re-assessment · {points} due review' },
}
const REFRESH_MS = 60_000

export function StaleNote({ area }: { area: string | null }) {
  const { m, lang } = useMessages(MESSAGES)
  const [counts, setCounts] = useState<{ sources: number; points: number } | null>(null)
  useEffect(() => {
    let alive = true
    const load = () =>
      freshnessSummary(area).then(
        (s) => alive && setCounts({ sources: s.hazard_sources_due, points: s.risk_points_due }),
        () => alive && setCounts(null),
      )
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => {
      alive = false
      clearInterval(timer)
    }
  }, [area])
  if (!counts) return null
  return (
    <span class="wall-stale" data-testid="wall-stale" data-sources={counts.sources} data-points={counts.points}>
      {m('stale', { sources: formatNumber(counts.sources, lang), points: formatNumber(counts.points, lang) })}
    </span>
  )
}
