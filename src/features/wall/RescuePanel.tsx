// Incident mode's left column: the nearest rescue teams, depots and experts for the analysed point
// (issue 18's registries), whole lines only, so a short wall leaves lines out instead of cutting one.
import { useRef } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { IncidentRegistries } from '../notices/IncidentRegistries.tsx'
import { MESSAGES } from './messages.ts'
import { useWholeLines } from './wholeLines.ts'

export function RescuePanel({ lon, lat }: { lon: number; lat: number }) {
  const { m } = useMessages(MESSAGES)
  const panel = useRef<HTMLElement>(null)
  useWholeLines(panel)
  return (
    <section ref={panel} class="wall-panel" data-testid="incident-rescue">
      <h2>{m('incident.rescue')}</h2>
      <IncidentRegistries lon={lon} lat={lat} />
    </section>
  )
}
