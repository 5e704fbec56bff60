// Named planner scenarios (issue 21, migration 20261231000200): relocation studies of real demo
// sources with candidate sites 3–6 km away, per author (planner, regulator, admin), private and
// shared, so each role's view of the table has rows to show and rows to miss. Synthetic (名称标
// “演示”); the same rows at every scale (the first sources of 江海区 and 新会区 by grade).
import { demoUuid } from './ids.ts'
import { demoUser, type AppRole } from './demo-users.ts'
import type { Ctx, Row } from './context.ts'

const SPECS: ReadonlyArray<{ role: AppRole; name: string; shared: boolean; district: string; offsets: Array<[number, number]>; park: boolean }> = [
  { role: 'planner', name: '演示：江海区一级源搬迁比选（A 东 / B 北）', shared: true, district: '440704', offsets: [[0.04, 0.0], [0.0, 0.035]], park: true },
  { role: 'planner', name: '演示：新会区储罐区外迁草稿', shared: false, district: '440705', offsets: [[-0.05, 0.02]], park: false },
  { role: 'regulator', name: '演示：江海区监管复核（私有）', shared: false, district: '440704', offsets: [[0.03, -0.03]], park: false },
  { role: 'admin', name: '演示：全市园区入园试算（共享）', shared: true, district: '440705', offsets: [[0.06, 0.01], [0.02, 0.05], [-0.03, 0.04]], park: true },
]

/** major sources first, grade 1 (一级) before 4; grade 0 (not major) last */
const rank = (g: number) => (g === 0 ? 9 : g)

const CLASSES = ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'] as const

export function planningScenarioRows(ctx: Ctx): Row[] {
  return SPECS.map((s, i) => {
    const src = ctx.hazards.filter((h) => h.areaCode.startsWith(s.district)).sort((a, b) => rank(a.grade) - rank(b.grade) || a.index - b.index)[0]
    if (!src) throw new Error(`no hazard source in ${s.district} for the demo planning scenarios`)
    const park = s.park ? ctx.parks[0] : undefined
    return {
      id: demoUuid(ctx.seed, 'planning_scenarios', i),
      name: s.name,
      note: null,
      source_id: src.id,
      park_id: park?.id ?? null,
      candidates: s.offsets.map(([dx, dy], k) => ({
        label: 'ABC'[k],
        geometry: { type: 'Point', coordinates: [Number((src.centre[0] + dx).toFixed(6)), Number((src.centre[1] + dy).toFixed(6))] },
      })),
      distances: Object.fromEntries(CLASSES.map((c) => [c, src.requiredM[c]])),
      owner_id: demoUser(s.role).id,
      owner_role: s.role,
      shared: s.shared,
      is_demo: true,
    }
  })
}
