// The planner's hooks for the browser tests and the drag benchmark: window.__planner holds the
// controller, the map, the target store and the evaluation figures while the page is open.
import type { PlannerDebug } from './state.ts'
import type { PlannerController } from './controller.ts'

declare global {
  interface Window {
    __planner?: PlannerDebug<PlannerController>
  }
}

export function installDebug(debug: PlannerDebug<PlannerController>): void {
  if (typeof window !== 'undefined') window.__planner = debug
}

export function removeDebug(debug: PlannerDebug<PlannerController>): void {
  if (typeof window !== 'undefined' && window.__planner === debug) delete window.__planner
}
