// What the incident's origin holds, as materials and expert specialties to suggest (issue 18):
// a hazard source's inventory (its card, under the caller's RLS) or a pipeline's medium;
// null for a picked point or a source whose substances are not known.
import { useEffect, useState } from 'preact/hooks'
import { featureCard } from '../../data/mapApi.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import { suggestFor, suggestForMedium, type Suggestion } from '../../domain/incidentSuggestions.ts'

export function useOriginSuggestion(origin: IncidentOrigin | null | undefined): { suggestion: Suggestion | null; ready: boolean } {
  const [state, setState] = useState<{ key: string; suggestion: Suggestion | null }>({ key: '', suggestion: null })
  const key = !origin ? 'none' : origin.kind === 'hazard_source' ? `h:${origin.id}` : origin.kind === 'pipeline' ? `p:${origin.medium}` : 'point'
  useEffect(() => {
    if (!origin || origin.kind === 'point') return setState({ key, suggestion: null })
    if (origin.kind === 'pipeline') return setState({ key, suggestion: suggestForMedium(origin.medium) })
    const abort = new AbortController()
    void featureCard('hazard_sources', origin.id, abort.signal).then(
      (card) => !abort.signal.aborted && setState({ key, suggestion: suggestFor(card?.inventory ?? []) }),
      () => !abort.signal.aborted && setState({ key, suggestion: null }),
    )
    return () => abort.abort()
  }, [key])
  return { suggestion: state.key === key ? state.suggestion : null, ready: state.key === key }
}
