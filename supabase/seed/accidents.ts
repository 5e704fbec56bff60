// Synthetic accidents 2010 (临沂's base year; 2015 is the other plans') – today and the denominators
// and targets of the plans' indicators (issue 16), for the demo city's seven districts. Plausible,
// not real: about 6 % fewer a year from ~230 in 2016 (so ~330 in 2010); road traffic ~55 % of
// accidents, 工矿商贸 ~30 %; one 较大 accident (3+ deaths) in a year or so; ~10 % of first reports
// late (迟报). The counts do not follow the scale (a city's accidents do not grow with the number of
// generated enterprises): ~3,600 rows.
// Denominators are recorded per district (the city's figure is their sum, as indicator_values
// derives it); targets are the seed plans' where they apply, labelled as borrowed.
import { WeightedTable, rowRng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { pointEwkt } from './geo.ts'
import type { Places } from './places.ts'
import type { AreaModel } from './areas.ts'
import { type EnterpriseCore, enterpriseId, isHazardous } from './enterprises.ts'
import { type Row, DAY_MS, parseDay } from './context.ts'

/** The earliest base year of the seed plans' reduction targets (临沂 002: 2015 against 2010). */
export const FIRST_YEAR = 2010

/** Districts with their share of accidents and their 2016 figures (synthetic, of a plausible size). */
const DISTRICTS: readonly {
  code: string
  share: number
  gdp: number
  imt: number
  vehicles: number
  operating: number
  equipment: number
  population: number
}[] = [
  { code: '440703', share: 20, gdp: 720, imt: 260_000, vehicles: 230_000, operating: 9_000, equipment: 9_500, population: 760_000 },
  { code: '440704', share: 8, gdp: 310, imt: 150_000, vehicles: 95_000, operating: 4_200, equipment: 6_100, population: 290_000 },
  { code: '440705', share: 20, gdp: 560, imt: 240_000, vehicles: 210_000, operating: 8_000, equipment: 8_800, population: 860_000 },
  { code: '440781', share: 16, gdp: 330, imt: 120_000, vehicles: 180_000, operating: 6_500, equipment: 3_900, population: 910_000 },
  { code: '440783', share: 13, gdp: 290, imt: 110_000, vehicles: 150_000, operating: 5_600, equipment: 3_600, population: 700_000 },
  { code: '440784', share: 13, gdp: 300, imt: 130_000, vehicles: 140_000, operating: 5_100, equipment: 4_400, population: 510_000 },
  { code: '440785', share: 8, gdp: 160, imt: 60_000, vehicles: 80_000, operating: 3_100, equipment: 1_700, population: 490_000 },
]

const SECTORS = new WeightedTable<string>([
  ['road_traffic', 55],
  ['imt_manufacturing', 10],
  ['imt_construction', 9],
  ['imt_hazchem', 2],
  ['imt_mining', 1],
  ['imt_other', 6],
  ['imt_fireworks', 0.3],
  ['fire', 6],
  ['waterway', 3],
  ['special_equipment', 3],
  ['fishing_vessel', 1.5],
  ['agricultural_machinery', 1],
  ['railway', 0.5],
])

const CATEGORY_BY_SECTOR: Record<string, readonly string[]> = {
  road_traffic: ['vehicle'],
  imt_manufacturing: ['machinery', 'struck_by_object', 'electric_shock', 'scald_burn', 'other_injury'],
  imt_construction: ['fall_from_height', 'collapse', 'struck_by_object', 'lifting', 'electric_shock'],
  imt_hazchem: ['poisoning_asphyxia', 'fire', 'vessel_explosion', 'other_explosion', 'scald_burn'],
  imt_mining: ['roof_fall', 'blasting', 'collapse', 'vehicle'],
  imt_other: ['poisoning_asphyxia', 'drowning', 'vehicle', 'fall_from_height', 'other_injury'],
  imt_fireworks: ['explosive_explosion'],
  fire: ['fire'],
  waterway: ['drowning'],
  special_equipment: ['lifting', 'boiler_explosion', 'vessel_explosion', 'other_injury'],
  fishing_vessel: ['drowning'],
  agricultural_machinery: ['vehicle', 'machinery'],
  railway: ['vehicle'],
}

const DEATHS = new WeightedTable<number>([
  [0, 12],
  [1, 78],
  [2, 9],
  [3, 0.8],
  [4, 0.2],
])

const WHAT: Record<string, string> = {
  road_traffic: '道路交通事故',
  fire: '火灾事故',
  waterway: '水上交通事故',
  special_equipment: '特种设备事故',
  fishing_vessel: '渔业船舶事故',
  agricultural_machinery: '农业机械事故',
  railway: '铁路交通事故',
}

const yearStart = (y: number) => parseDay(`${y}-01-01`)

/** Accidents per year: falling about 6 % a year, deaths about equal to the count. */
const perYear = (y: number) => Math.round(230 * Math.pow(0.94, y - 2016))

export class AccidentGenerator {
  readonly count: number
  private readonly years: { year: number; first: number; n: number; days: number }[] = []
  private readonly imtByDistrict = new Map<string, number[]>()
  private readonly districts = new WeightedTable<string>(DISTRICTS.map((d) => [d.code, d.share] as const))

  constructor(
    readonly seed: number,
    readonly today: number,
    readonly core: EnterpriseCore,
    readonly places: Places,
    readonly areas: AreaModel,
  ) {
    const lastYear = new Date(today).getUTCFullYear()
    let first = 2 // rows 0 and 1: the demo enterprise's own accidents
    // 2015 onwards first, 2010–2014 after them (added later): the earlier rows keep their ids and draws
    const order = [...Array.from({ length: lastYear - 2015 + 1 }, (_, k) => 2015 + k), ...Array.from({ length: 2015 - FIRST_YEAR }, (_, k) => FIRST_YEAR + k)]
    for (const y of order) {
      const days = Math.min(Math.round((yearStart(y + 1) - yearStart(y)) / DAY_MS), Math.floor((today - yearStart(y)) / DAY_MS))
      const n = Math.round((perYear(y) * days) / 365)
      this.years.push({ year: y, first, n, days })
      first += n
    }
    this.count = first
    for (let i = 1; i < core.count; i++) {
      const d = core.areaCode[i].slice(0, 6)
      if (!this.imtByDistrict.has(d)) this.imtByDistrict.set(d, [])
      this.imtByDistrict.get(d)!.push(i)
    }
  }

  private row(i: number): Row {
    const rng = rowRng(this.seed, 'accident', i)
    let sector: string
    let occurred: number
    let enterprise = -1
    let deaths: number
    let year = 0
    if (i < 2) {
      // The demo enterprise (江海区): a fatal poisoning in 2024 and an injury this year.
      sector = 'imt_hazchem'
      occurred = i === 0 ? parseDay('2024-07-16') + 10.5 * 3_600_000 : this.today - 40 * DAY_MS + 15 * 3_600_000
      enterprise = 0
      deaths = i === 0 ? 1 : 0
    } else {
      const y = this.years.find((x) => i >= x.first && i < x.first + x.n)!
      year = y.year
      sector = SECTORS.pick(rng)
      occurred = yearStart(y.year) + rng.int(0, y.days - 1) * DAY_MS + rng.int(0, 23) * 3_600_000 + rng.int(0, 59) * 60_000
      deaths = DEATHS.pick(rng)
    }
    const district = i < 2 ? '440704' : this.districts.pick(rng)
    const isImt = sector.startsWith('imt')
    // 2010–2014: no link to an enterprise (the register is of today's enterprises; many of that time's are gone)
    if (i >= 2 && isImt && year >= 2015 && rng.chance(0.6)) {
      const list = this.imtByDistrict.get(district) ?? []
      if (list.length) enterprise = rng.pick(list)
      if (enterprise >= 0 && sector === 'imt_hazchem' && !isHazardous(this.core, enterprise)) sector = 'imt_manufacturing'
    }
    const at =
      enterprise >= 0
        ? (this.places.around(rng, [this.core.lon[enterprise], this.core.lat[enterprise]], 0, 120) ??
          this.places.at([this.core.lon[enterprise], this.core.lat[enterprise]])!)
        : this.places.inDistrict(rng, district)
    const late = rng.chance(0.1)
    const reportMinutes = late ? rng.int(70, 300) : rng.int(8, 55)
    const serious = rng.chance(0.3) ? rng.int(1, 3) : rng.chance(0.004) ? rng.int(10, 14) : 0
    const minor = rng.chance(0.5) ? rng.int(1, 6) : 0
    const loss = Math.round((rng.chance(0.003) ? rng.logUniform(1000, 3000) : rng.logUniform(2, 400)) * 100) / 100
    const category = rng.pick(CATEGORY_BY_SECTOR[sector]!)
    const grid = at.grid
    const what = WHAT[sector] ?? '生产安全事故'
    const place = this.areas.byCode.get(grid.code.slice(0, 9))?.name ?? this.areas.district(grid.code).name
    const casualties = deaths > 0 ? `造成 ${deaths} 人死亡` : '未造成人员死亡'
    // Beijing wall-clock milliseconds, written with +08:00 like the other generated times
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + '+08:00'
    return {
      id: demoUuid(this.seed, 'accidents', i),
      occurred_at: iso(occurred),
      first_reported_at: iso(occurred + reportMinutes * 60_000),
      location: pointEwkt(at.point),
      area_code: grid.code,
      enterprise_id: enterprise >= 0 ? enterpriseId(this.seed, enterprise) : null,
      sector_code: sector,
      category_code: category,
      deaths,
      serious_injuries: serious,
      minor_injuries: minor,
      direct_loss_10k_yuan: loss,
      description: `${place}发生一起${what}，${casualties}${serious ? `、${serious} 人重伤` : ''}（演示数据，虚构）。`,
      // the public sees accidents older than 30 days (the investigation's first findings are out)
      published: occurred < this.today - 30 * DAY_MS,
      is_demo: true,
    }
  }

  *rows(): Generator<Row> {
    for (let i = 0; i < this.count; i++) yield this.row(i)
  }
}

/** Denominators per district and year (2010, the earliest base year, to the demo's current year). */
export function denominatorRows(today: number): Row[] {
  const lastYear = new Date(today).getUTCFullYear()
  const rows: Row[] = []
  const growth: Record<string, number> = {
    gdp_100m_yuan: 1.065,
    imt_employees: 1.005,
    motor_vehicles: 1.075,
    operating_vehicles: 1.02,
    special_equipment_units: 1.06,
    population: 1.004,
  }
  for (let y = FIRST_YEAR; y <= lastYear; y++) {
    for (const d of DISTRICTS) {
      const base: Record<string, number> = {
        gdp_100m_yuan: d.gdp,
        imt_employees: d.imt,
        motor_vehicles: d.vehicles,
        operating_vehicles: d.operating,
        special_equipment_units: d.equipment,
        population: d.population,
      }
      for (const [kind, v] of Object.entries(base)) {
        const value = v * Math.pow(growth[kind]!, y - 2016)
        rows.push({
          area_code: d.code,
          year: y,
          kind,
          value: kind === 'gdp_100m_yuan' ? Math.round(value * 100) / 100 : Math.round(value),
          source: y === lastYear ? '区统计局快报（演示数据，虚构）' : `江门统计年鉴 ${y + 1}（演示数据，虚构）`,
          vintage: y === lastYear ? '预计数' : '年报',
          is_demo: true,
        })
      }
    }
  }
  return rows
}
const BORROWED_000 = '河源市安全生产“十三五”规划（种子规划 000）的目标，借用于演示城市'
const BORROWED_001 = '汕尾市安全生产“十三五”规划（种子规划 001）的目标，借用于演示城市'
const BORROWED_002 = '临沂市安全生产“十二五”规划（种子规划 002）的目标，借用于演示城市'
const BORROWED_003 = '新密市安全生产“十三五”规划（种子规划 003）的目标，借用于演示城市'
const BORROWED_004 = '江海区安全生产“十三五”规划（种子规划 004）'

/** The seed plans' targets where they apply to the demo city (江海区's own, 河源's for the city). */
export function planTargetRows(seed: number, today: number): Row[] {
  const lastYear = new Date(today).getUTCFullYear()
  const t = (plan: string, name: string, period: string, area: string, indicator: string, year: number, form: Row, borrowed: string, extra: Row = {}): Row => ({
    plan_code: plan,
    plan_name: name,
    period,
    area_code: area,
    indicator,
    year,
    target_kind: form.target_kind,
    cap: form.cap ?? null,
    reduction_pct: form.reduction_pct ?? null,
    base_year: form.base_year ?? null,
    quota: form.quota ?? null,
    denominator_kind: extra.denominator_kind ?? null,
    borrowed_from: borrowed,
    note: extra.note ?? null,
    is_demo: true,
  })
  const heyuan = '安全生产“十三五”规划（河源）'
  const jianghai = '江海区安全生产“十三五”规划'
  const rows: Row[] = [
    t('000', heyuan, '2016–2020', '440700', 'deaths_per_100m_gdp', 2020, { target_kind: 'cap', cap: 0.13 }, BORROWED_000),
    t('000', heyuan, '2016–2020', '440700', 'deaths_per_100k_imt_workers', 2020, { target_kind: 'cap', cap: 2.0 }, BORROWED_000),
    t('000', heyuan, '2016–2020', '440700', 'deaths_per_10k_vehicles', 2020, { target_kind: 'cap', cap: 2.5 }, BORROWED_000, {
      denominator_kind: 'motor_vehicles',
    }),
    t('000', heyuan, '2016–2020', '440700', 'deaths_per_10k_special_equipment', 2020, { target_kind: 'cap', cap: 0.38 }, BORROWED_000),
    t('000', heyuan, '2016–2020', '440700', 'deaths', 2020, { target_kind: 'reduction', reduction_pct: 8, base_year: 2015 }, BORROWED_000),
    t('004', jianghai, '2016–2020', '440704', 'deaths_per_100m_gdp', 2020, { target_kind: 'cap', cap: 0.13 }, BORROWED_004),
    t('004', jianghai, '2016–2020', '440704', 'deaths_per_100k_imt_workers', 2020, { target_kind: 'cap', cap: 1.07 }, BORROWED_004),
    t('004', jianghai, '2016–2020', '440704', 'deaths_per_10k_vehicles', 2020, { target_kind: 'cap', cap: 1.44 }, BORROWED_004),
  ]
  // Yearly death quotas handed down by the city (as 江海区's 2013: 1 death against a quota of 2);
  // the figures are synthetic.
  for (let y = 2016; y <= lastYear; y++) {
    rows.push(
      t(
        'city-quota',
        '江门市年度生产安全事故控制指标（演示）',
        String(y),
        '440704',
        'deaths',
        y,
        { target_kind: 'quota', quota: Math.round(22 * Math.pow(0.95, y - 2016)) },
        '演示数据：虚构的市级年度控制指标',
      ),
    )
  }
  // 汕尾 (001) and 新密 (003) set 2020 cuts against 2015 too: with 河源's caps three plans judge the
  // city's 2020, and indicator_values shows the one furthest from being met with the others beside
  // it. 临沂 (002, 12th plan) cut 2015 against 2010: the only plan judging the city's 2015.
  const shanwei = '汕尾市安全生产“十三五”规划'
  const xinmi = '新密市安全生产“十三五”规划'
  const cut = (pct: number) => ({ target_kind: 'reduction', reduction_pct: pct, base_year: 2015 })
  rows.push(
    t('001', shanwei, '2016–2020', '440700', 'deaths', 2020, cut(4), BORROWED_001),
    t('001', shanwei, '2016–2020', '440700', 'deaths_per_100m_gdp', 2020, cut(13), BORROWED_001),
    t('001', shanwei, '2016–2020', '440700', 'deaths_per_100k_imt_workers', 2020, cut(5), BORROWED_001),
    t('001', shanwei, '2016–2020', '440700', 'deaths_per_10k_vehicles', 2020, cut(2.1), BORROWED_001, { denominator_kind: 'operating_vehicles' }),
    t('003', xinmi, '2016–2020', '440700', 'deaths', 2020, cut(10), BORROWED_003),
    t('003', xinmi, '2016–2020', '440700', 'deaths_per_100m_gdp', 2020, cut(30), BORROWED_003),
    t('003', xinmi, '2016–2020', '440700', 'deaths_per_100k_imt_workers', 2020, cut(19), BORROWED_003),
    t('003', xinmi, '2016–2020', '440700', 'deaths_per_10k_vehicles', 2020, cut(3), BORROWED_003, { denominator_kind: 'motor_vehicles' }),
  )
  const linyi = '临沂市安全生产“十二五”规划'
  const cut2010 = (pct: number) => ({ target_kind: 'reduction', reduction_pct: pct, base_year: 2010 })
  rows.push(
    t('002', linyi, '2011–2015', '440700', 'deaths_per_100m_gdp', 2015, cut2010(36), BORROWED_002),
    t('002', linyi, '2011–2015', '440700', 'deaths_per_100k_imt_workers', 2015, cut2010(26.5), BORROWED_002),
    t('002', linyi, '2011–2015', '440700', 'deaths_per_10k_vehicles', 2015, cut2010(32.5), BORROWED_002, { denominator_kind: 'motor_vehicles' }),
    t('002', linyi, '2011–2015', '440700', 'deaths', 2015, cut2010(10.5), BORROWED_002),
    t('002', linyi, '2011–2015', '440700', 'larger_accidents', 2015, cut2010(15), BORROWED_002),
  )
  return rows.map((r, k) => ({ id: demoUuid(seed, 'plan_targets', k), ...r }))
}

/** Where a demo series changes scope (issue 16's example): 江海区 counts business road deaths only from 2013. */
export function scopeChangeRows(seed: number): Row[] {
  return [
    {
      id: demoUuid(seed, 'indicator_scope_changes', 0),
      area_code: '440704',
      indicator: 'deaths_per_10k_vehicles',
      year: 2013,
      note_zh: '2013 年起只计经营性道路交通事故死亡人数（此前为全部道路交通事故），前后年份不可直接比较（演示数据，虚构）',
      note_en: 'From 2013 only business (经营性) road deaths are counted (all road deaths before): the years either side are not comparable (demo data)',
      is_demo: true,
    },
  ]
}
