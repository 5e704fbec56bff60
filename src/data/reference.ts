// The GB 18218 reference data for the browser's "what if" calculator, fetched once per page and
// shared by every card that asks (the tables change only with a migration). A failure is not
// cached, so the next card retries.
import { majorHazardReference } from './mapApi.ts'
import type { ReferenceData } from '../domain/majorHazard.ts'

let cached: Promise<ReferenceData> | undefined

export function referenceData(): Promise<ReferenceData> {
  cached ??= majorHazardReference().catch((e: unknown) => {
    cached = undefined
    throw e
  })
  return cached
}
