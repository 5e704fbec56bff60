// Saved what-if threat-zone scenarios (issue 20, migration 20261219000100): a few per demo user,
// private and shared, so each role's view of the table (its own, colleagues' shared, an
// enterprise's own circle) has rows to show. Synthetic (名称标“演示”); points near the district
// centres. The same rows at every scale.
import { demoUuid } from './ids.ts'
import { DISTRICT_CENTRES } from './areas.ts'
import { DEMO_ENTERPRISE_ID, demoUser, type AppRole } from './demo-users.ts'
import type { Ctx, Row } from './context.ts'
import { DEFAULT_FORM as FORM, type ThreatForm } from '../../src/features/threatZones/threatZoneForm.ts'

const SPECS: ReadonlyArray<{ role: AppRole; name: string; shared: boolean; district: string; form: Partial<ThreatForm> }> = [
  { role: 'planner', name: '演示：江海区液氯储罐泄漏（夜间 F 类）', shared: true, district: '440704', form: { stability: 'F', rate_kg_s: 2 } },
  { role: 'planner', name: '演示：新会液氨泄漏草稿', shared: false, district: '440705', form: { substance: '氨', rate_kg_s: 5 } },
  { role: 'command', name: '演示：蓬江 LPG 蒸气云爆炸', shared: true, district: '440703', form: { kind: 'explosion', substance: '液化石油气', mass_t: 20 } },
  { role: 'command', name: '演示：指挥中心值班推演（草稿）', shared: false, district: '440703', form: { substance: '二氧化硫', rate_kg_s: 3 } },
  {
    role: 'regulator',
    name: '演示：江海区硫化氢泄漏（白天）',
    shared: false,
    district: '440704',
    form: { substance: '硫化氢', daytime: true, cloud_eighths: 4 },
  },
  { role: 'admin', name: '演示：汽油池火', shared: false, district: '440703', form: { kind: 'pool_fire', substance: '汽油', diameter_m: 20 } },
  { role: 'enterprise', name: '演示：本厂液氯钢瓶泄漏', shared: false, district: '440704', form: { rate_kg_s: 0.5 } },
  { role: 'enterprise', name: '演示：本厂应急预案情景（共享）', shared: true, district: '440704', form: { rate_kg_s: 1.5, wind_from_deg: 120 } },
]

export function threatScenarioRows(ctx: Ctx): Row[] {
  return SPECS.map((s, i) => {
    const [lon, lat] = DISTRICT_CENTRES[s.district]!
    return {
      id: demoUuid(ctx.seed, 'threat_zone_scenarios', i),
      name: s.name,
      inputs: { form: { ...FORM, ...s.form }, origin: { kind: 'point', lon: lon + 0.01 * (i % 3), lat: lat - 0.008 * (i % 2) } },
      owner_id: demoUser(s.role).id,
      enterprise_id: s.role === 'enterprise' ? DEMO_ENTERPRISE_ID : null,
      shared: s.shared,
      is_demo: true,
    }
  })
}
