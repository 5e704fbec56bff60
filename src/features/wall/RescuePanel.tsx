// Incident mode's left column: the nearest rescue teams, depots and experts for the analysed point
// (issue 18's registries), whole lines only, so a short wall leaves lines out instead of cutting one.
// The materials and specialties follow what the origin holds (its substances, or a pipeline's
// medium) when that is known, else the general chemical list.
import { useRef } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import { IncidentRegistries } from '../notices/IncidentRegistries.tsx'
import { MESSAGES } from './messages.ts'
import { INC_MESSAGES } from './incidentMessages.ts'
import { useOriginSuggestion } from './originSuggestion.ts'
import { useWholeLines } from './wholeLines.ts'

export function RescuePanel({ lon, lat, origin }: { lon: number; lat: number; origin?: IncidentOrigin | null }) {
  const { m } = useMessages(MESSAGES)
  const inc = useMessages(INC_MESSAGES).m
  const panel = useRef<HTMLElement>(null)
  const { suggestion, ready } = useOriginSuggestion(origin)
  useWholeLines(panel)
  return (
    <section ref={panel} class="wall-panel" data-testid="incident-rescue">
      <h2>{m('incident.rescue')}</h2>
      {ready && (
        <p class="wall-note" data-testid="incident-suggest-basis" data-basis={suggestion?.basis.join(',') ?? ''}>
          {suggestion ? inc('inc.suggestBasis', { basis: suggestion.basis.join('、') }) : inc('inc.suggestGeneral')}
        </p>
      )}
      {ready && <IncidentRegistries lon={lon} lat={lat} materials={suggestion?.materials} specialties={suggestion?.specialties} />}
    </section>
  )
}
