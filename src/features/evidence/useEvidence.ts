// A danger's evidence records and their signed URLs, loaded once for the whole detail panel (the
// stage gallery and the thumbnails beside the timeline's events share them); `version` reloads.
import { useEffect, useState } from 'preact/hooks'
import { evidenceUrls, listEvidence, type EvidenceRow } from '../../data/evidence.ts'

export interface LoadedEvidence {
  rows?: EvidenceRow[]
  urls?: Record<string, string>
  error?: string
}

export function useEvidence(dangerId: string, version: number): LoadedEvidence {
  const [state, setState] = useState<LoadedEvidence & { id?: string }>({})
  useEffect(() => {
    let alive = true
    listEvidence(dangerId)
      .then(async (rows) => ({ rows, urls: await evidenceUrls(rows.map((r) => r.object_path)) }))
      .then(
        (s) => alive && setState({ ...s, id: dangerId }),
        (e: Error) => alive && setState({ error: e.message, id: dangerId }),
      )
    return () => {
      alive = false
    }
  }, [dangerId, version])
  return state.id === dangerId ? state : {}
}
