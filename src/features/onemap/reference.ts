// The filter bar's reference lists (industries, districts): asked once and kept across mode
// switches; a failure only leaves a list empty.
import { industries as fetchIndustries, type DatasetInfo } from '../../data/mapApi.ts'
import type { Store } from '../../app/store.ts'
import { districtOptions } from './areaLayers.ts'
import type { OneMapState } from './state.ts'

export async function loadReference(store: Store<OneMapState>, info: DatasetInfo | null): Promise<void> {
  if (store.get().industries.length === 0) {
    fetchIndustries().then(
      (industries) => store.update({ industries }),
      (e: Error) => console.warn('[onemap] industries:', e.message),
    )
  }
  if (store.get().districts.length === 0 && info?.bbox) {
    await districtOptions(info.bbox).then(
      (districts) => store.update({ districts }),
      (e: Error) => console.warn('[onemap] districts:', e.message),
    )
  }
}
