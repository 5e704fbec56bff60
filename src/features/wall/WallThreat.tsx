// Incident mode's 威胁区推演 on the wall (issue 20): the shared what-if editor over the incident's
// origin, with the saved scenarios above it (read-only, WallScenarios.tsx). Opening one sets the
// incident origin to the scenario's and loads its inputs; the editor recomputes the zones and the
// wall's map draws them (threatZonesNow, WallMap.threatZonesChanged).
import { useState } from 'preact/hooks'
import { ThreatZonePanel } from '../threatZones/ThreatZonePanel.tsx'
import { WallScenarios } from '../threatZones/WallScenarios.tsx'
import { originOf } from '../threatZones/SavedScenarios.tsx'
import type { ThreatForm } from '../threatZones/threatZoneForm.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import type { IncidentState } from './Incident.tsx'
import type { WallMap } from './wallMap.ts'

export function WallThreat({ wallMap, incident }: { wallMap: WallMap; incident: IncidentState }) {
  // a reopened scenario's inputs, for as long as its origin is the one on screen
  const [load, setLoad] = useState<{ id: string; form: ThreatForm; origin: IncidentOrigin } | null>(null)
  const loaded = load && load.origin === incident.origin ? load : null
  return (
    <>
      <WallScenarios
        openId={loaded?.id ?? null}
        onOpen={(s) => {
          const origin = originOf(s)
          setLoad({ id: s.id, form: { ...s.inputs.form }, origin })
          incident.setOrigin(origin)
        }}
      />
      <ThreatZonePanel host={wallMap} origin={incident.origin} load={loaded?.form ?? null} wholeLines />
    </>
  )
}
