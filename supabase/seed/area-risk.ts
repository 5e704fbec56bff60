// A few area-level risk assessments (area_risk_assessments, migration …1000): an area's level is
// the highest of what lies in it unless an assessment overrides it, so the demo shows both —
// the two chemical parks assessed as a whole, and one old-town street where chemical plants
// sit among schools and homes raised to 重大风险.
import type { Park } from './parks.ts'
import type { AreaModel } from './areas.ts'
import type { EnterpriseCore } from './enterprises.ts'
import { type Row, DAY_MS, isoDate } from './context.ts'

export function areaRiskRows(today: number, parks: readonly Park[], core: EnterpriseCore, areas: AreaModel): Row[] {
  // The street (town) holding each park's centre: a park spans several grid cells and is
  // assessed as a whole, but overriding a whole district would hide everything else in it.
  const rows: Row[] = parks.map((p, k) => {
    const centre = p.ring.slice(0, -1).reduce((a, v) => [a[0] + v[0] / (p.ring.length - 1), a[1] + v[1] / (p.ring.length - 1)], [0, 0])
    const street = areas.byCode.get((areas.gridAt(centre[0], centre[1])?.code ?? p.areaCode).slice(0, 9)) ?? areas.byCode.get(p.areaCode)!
    return {
      area_code: street.code,
      level: 2,
      reason: `${street.name}辖区内${p.name}按园区整体安全风险评估结果确定为较大风险：重大危险源集中，实行封闭化管理（演示数据）`,
      assessed_by: '江门市应急管理局',
      assessed_at: isoDate(today - (120 + 30 * k) * DAY_MS),
    }
  })
  for (let i = 0; i < core.count; i++) {
    if (!core.tooClose[i]) continue
    const street = areas.byCode.get(core.areaCode[i].slice(0, 9))!
    rows.push({
      area_code: street.code,
      level: 1,
      reason: `${street.name}内危险化学品企业与学校、居民区外部安全防护距离不足，列为重大风险区域（演示数据）`,
      assessed_by: `${areas.district(street.code).name}应急管理局`,
      assessed_at: isoDate(today - 45 * DAY_MS),
    })
    break
  }
  // One assessment per area (the table's key).
  return rows.filter((r, k) => rows.findIndex((x) => x.area_code === r.area_code) === k)
}
