// Registries behind command (issue 18, migration 20261210000200): emergency plans of hazardous
// enterprises and departments (some unfiled, some with overdue drills or evaluations), an expert pool
// with phones (staff-only table), rescue-team details of the rescue_team resources, and material
// stockpiles at the depots (some lots expiring within 30 days, some expired). Synthetic, marked
// 演示数据 where there is text, deterministic per seed and scale (rowRng per row).
import { rowRng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { emergencyResourceRows } from './resources.ts'
import { enterpriseId, isHazardous } from './enterprises.ts'
import { landline, mobile, personName } from './names.ts'
import { pointEwkt } from './geo.ts'
import { type Ctx, type Row, DAY_MS, isoDate, scaled } from './context.ts'

const DISTRICTS = ['440703', '440704', '440705', '440781', '440783', '440784', '440785']
const LEVELS = ['comprehensive', 'special', 'on_site'] as const
const LEVEL_ZH = { comprehensive: '综合应急预案', special: '专项应急预案', on_site: '现场处置方案' } as const
const SPECIAL_TOPICS = ['危险化学品泄漏', '火灾爆炸', '中毒窒息', '防汛防台', '有限空间作业']

export function emergencyPlanRows(ctx: Ctx): Row[] {
  const { seed, scale, todayMs: today, enterprises: core, areas } = ctx
  const total = scaled(200, scale, 12)
  const rows: Row[] = []
  // Hazardous enterprises first (the demo enterprise is #0), then department plans.
  const owners: number[] = []
  for (let i = 0; i < core.count && owners.length < Math.ceil(total * 0.7); i++) if (i === 0 || isHazardous(core, i)) owners.push(i)
  for (let k = 0; k < total; k++) {
    const rng = rowRng(seed, 'emergency-plan', k)
    const level = LEVELS[k % 3]!
    const ent = k < owners.length ? owners[k]! : -1
    const district = ent >= 0 ? core.areaCode[ent]!.slice(0, 6) : DISTRICTS[k % DISTRICTS.length]!
    const districtName = areas.district(district).name
    const topic = rng.pick(SPECIAL_TOPICS)
    const filed = rng.chance(0.8)
    const filedOn = today - rng.int(30, 900) * DAY_MS
    // about a third drilled too long ago for their interval
    const lastDrill = rng.chance(0.1) ? null : today - (rng.chance(0.35) ? rng.int(200, 500) : rng.int(10, 170)) * DAY_MS
    rows.push({
      id: demoUuid(seed, 'emergency_plans', k),
      name: `${ent >= 0 ? `企业${k + 1}` : districtName}${level === 'comprehensive' ? '' : topic}${LEVEL_ZH[level]}（演示数据）`,
      level,
      owner_enterprise_id: ent >= 0 ? enterpriseId(seed, ent) : null,
      owner_department: ent >= 0 ? null : `${districtName}应急管理局`,
      area_code: ent >= 0 ? core.areaCode[ent] : district,
      filed_on: filed ? isoDate(filedOn) : null,
      filing_no: filed ? `${district}-YA-${isoDate(filedOn).slice(0, 4)}-${String(k + 1).padStart(4, '0')}` : null,
      last_drill_on: lastDrill === null ? null : isoDate(lastDrill),
      next_evaluation_on: isoDate(today + rng.int(-60, 900) * DAY_MS),
      is_demo: true,
    })
  }
  return rows
}

const SPECIALTIES = ['hazardous_chemicals', 'fire', 'mining', 'special_equipment', 'medical', 'construction', 'electrical', 'environment'] as const
const ORGS: Record<(typeof SPECIALTIES)[number], readonly string[]> = {
  hazardous_chemicals: ['江门市化工研究所', '五邑大学化学与环境工程学院', '江门市安全生产技术中心'],
  fire: ['江门市消防救援支队', '江门市建筑消防设施检测中心'],
  mining: ['江门市矿山安全技术服务中心'],
  special_equipment: ['江门市特种设备检测院'],
  medical: ['江门市中心医院', '江门市急救指挥中心'],
  construction: ['江门市建设工程质量安全监督站'],
  electrical: ['江门供电局'],
  environment: ['江门市生态环境监测站'],
}

export function expertRows(ctx: Ctx): { experts: Row[]; contacts: Row[] } {
  const { seed, scale, todayMs: today } = ctx
  const total = scaled(60, scale, SPECIALTIES.length + 2)
  const experts: Row[] = []
  const contacts: Row[] = []
  for (let k = 0; k < total; k++) {
    const rng = rowRng(seed, 'emergency-expert', k)
    const specialty = SPECIALTIES[k % SPECIALTIES.length]!
    const id = demoUuid(seed, 'emergency_experts', k)
    experts.push({
      id,
      name: personName(rng),
      specialty,
      organisation: rng.pick(ORGS[specialty]),
      title: rng.pick(['高级工程师', '正高级工程师', '主任医师', '副教授', '工程师']),
      area_code: DISTRICTS[k % DISTRICTS.length],
      // a fifth not verified for more than 12 months
      last_verified_on: isoDate(today - (rng.chance(0.2) ? rng.int(380, 900) : rng.int(5, 300)) * DAY_MS),
      is_demo: true,
    })
    contacts.push({ expert_id: id, phone: mobile(rng) })
  }
  return { experts, contacts }
}

const TEAM_TYPES = ['hazmat', 'fire', 'water', 'comprehensive', 'enterprise', 'medical'] as const
const TEAM_EQUIPMENT: Record<(typeof TEAM_TYPES)[number], string> = {
  hazmat: '重型防化服、正压式空气呼吸器、堵漏器材、有毒气体检测仪、洗消帐篷',
  fire: '泡沫消防车、高喷车、举高车、泡沫灭火剂',
  water: '冲锋舟、救生衣、抛投器、潜水装备',
  comprehensive: '生命探测仪、破拆工具、照明车、发电机',
  enterprise: '空气呼吸器、堵漏工具、便携式气体检测仪',
  medical: '救护车、急救箱、担架、除颤仪',
}

/** Rescue teams (one per rescue_team resource, at its place, plus the demo enterprise's own
 * full-time team at its site) with duty phones, and the material stockpiles of the depots (and of
 * most other resources, what each kind keeps). Reads the resource rows the generator made. */
export function teamAndStockRows(ctx: Ctx): { teams: Row[]; contacts: Row[]; stock: Row[] } {
  const { seed, scale, todayMs: today, places, areas, enterprises: core } = ctx
  const teams: Row[] = []
  const contacts: Row[] = []
  const stock: Row[] = []
  const team = (name: string, type: (typeof TEAM_TYPES)[number], location: unknown, areaCode: unknown, resourceId: unknown) => {
    const rng = rowRng(seed, 'rescue-team', teams.length)
    const id = demoUuid(seed, 'rescue_teams', teams.length)
    teams.push({ id, name, team_type: type, headcount: rng.int(8, 120), equipment: TEAM_EQUIPMENT[type], location, area_code: areaCode, resource_id: resourceId, is_demo: true })
    contacts.push({ team_id: id, duty_phone: landline(rng) })
  }
  team('江门市华海精细化工有限公司专职消防救援队（演示数据）', 'enterprise', pointEwkt([core.lon[0]! + 0.0012, core.lat[0]! + 0.0008]), null, null)
  let s = 0
  let k = 0
  for (const r of emergencyResourceRows(seed, scale, places, areas)) {
    const rng = rowRng(seed, 'registry-resource', k++)
    if (r.resource_type === 'rescue_team') team(String(r.name), TEAM_TYPES[teams.length % TEAM_TYPES.length]!, r.location, r.area_code, r.id)
    const held = HELD_BY[String(r.resource_type)] ?? []
    if (held.length && (r.resource_type === 'material_depot' || rng.chance(0.6))) {
      for (const [material, unit, lo, hi] of MATERIALS.filter((m) => held.includes(m[0]))) {
        if (!rng.chance(0.6)) continue
        const r30 = rng.next()
        // 15 % expiring within 30 days, 5 % already expired, the rest later or never
        const expires = r30 < 0.15 ? today + rng.int(12, 35) * DAY_MS : r30 < 0.2 ? today - rng.int(5, 90) * DAY_MS : rng.chance(0.5) ? today + rng.int(120, 1500) * DAY_MS : null
        stock.push({
          id: demoUuid(seed, 'material_stockpiles', s++),
          resource_id: r.id,
          material,
          quantity: rng.int(lo, hi),
          unit,
          expires_on: expires === null ? null : isoDate(expires),
          is_demo: true,
        })
      }
    }
  }
  return { teams, contacts, stock }
}

/** The materials incident mode suggests (堵漏器材, 防化服, 泡沫灭火剂 …): name, unit, quantity range. */
export const MATERIALS: readonly (readonly [string, string, number, number])[] = [
  ['堵漏器材', '套', 2, 40],
  ['防化服', '套', 10, 300],
  ['泡沫灭火剂', '吨', 1, 60],
  ['正压式空气呼吸器', '具', 5, 120],
  ['吸附棉', '卷', 20, 800],
  ['中和剂', '吨', 1, 20],
  ['沙袋', '个', 200, 20000],
  ['救生衣', '件', 20, 1000],
  ['应急帐篷', '顶', 10, 500],
  ['棉被', '床', 50, 3000],
  ['饮用水', '箱', 50, 5000],
  ['急救药品', '箱', 10, 400],
  ['担架', '副', 5, 200],
  // last, so adding it left every earlier draw of the generator as it was
  ['干粉灭火剂', '吨', 1, 30],
]

/** What each kind of emergency resource keeps: depots everything, rescue teams and fire stations
 * what they use, hospitals medical supplies, shelters what people need there. */
const HELD_BY: Record<string, readonly string[]> = {
  material_depot: MATERIALS.map((m) => m[0]),
  rescue_team: ['堵漏器材', '防化服', '正压式空气呼吸器', '吸附棉', '中和剂'],
  fire_station: ['泡沫灭火剂', '正压式空气呼吸器', '防化服', '堵漏器材', '干粉灭火剂'],
  hospital: ['急救药品', '担架', '防化服'],
  shelter: ['应急帐篷', '棉被', '饮用水'],
}
