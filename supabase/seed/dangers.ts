// Hidden dangers (事故隐患) in every state of the closed loop, with fields consistent with the
// state: severity once registered, deadlines once rectification starts (some overdue),
// closed_at exactly when closed, supervised listing (挂牌督办) for some major ones. Sources:
// inspections, enterprises' self-checks and public reports (12350); some public reporters
// left a contact, which goes to its own table. Each danger also carries its dated history
// (found, registered, plan, done, returned, closed …; history() below), written straight into
// hidden_danger_events: the insert trigger records no 'created' event for rows the loader inserts
// (migration 20270114000100).
import { WeightedTable, rowRng, type Rng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { pointEwkt } from './geo.ts'
import type { Places } from './places.ts'
import type { AreaModel } from './areas.ts'
import { hiddenDangerTitle, mobile, personName, placeName } from './names.ts'
import { type EnterpriseCore, enterpriseBrand, enterpriseId, isHazardous } from './enterprises.ts'
import { HIDDEN_DANGER_STATUSES, type HiddenDangerStatus } from './reference.ts'
import { type Row, DAY_MS, isoDate, isoTime, scaled } from './context.ts'

export const BASE_HIDDEN_DANGERS = 3000

const STATUS_WEIGHTS = new WeightedTable<HiddenDangerStatus>([
  ['closed', 45], ['rectifying', 20], ['pending_verification', 8], ['registered', 10], ['reported', 10], ['rejected', 7],
])

interface DemoDanger { status: HiddenDangerStatus; major?: boolean; overdue?: boolean; source: 'inspection' | 'self_check' | 'public_report' }
// The demo enterprise's own dangers: one in every state, an overdue one, two listed major ones.
const DEMO_DANGERS: readonly DemoDanger[] = [
  { status: 'reported', source: 'self_check' },
  { status: 'registered', source: 'inspection' },
  { status: 'rectifying', major: true, overdue: true, source: 'inspection' },
  { status: 'rectifying', source: 'self_check' },
  { status: 'pending_verification', source: 'self_check' },
  { status: 'closed', source: 'inspection' },
  { status: 'closed', major: true, source: 'inspection' },
  { status: 'rejected', source: 'public_report' },
]

const MEASURES = [
  '立即停用并更换损坏部件，完善日常巡检制度', '委托有资质单位检测校验，建立台账', '清理占用物品，设置警示标志并落实专人管理',
  '修订操作规程并组织全员培训考核', '增设可燃气体检测报警装置并接入监控平台', '按设计规范修复防火堤，增设围堰排水设施',
  '落实动火、有限空间等特殊作业审批制度', '整改电气线路，规范临时用电管理',
]
const DONE = ['现场已复查，相关记录齐全。', '提交整改前后对比照片及检测报告。', '已组织专家复核，措施落实到位。']

const RETURNED = [
  '验收不通过：现场复查发现整改不彻底，需补充检测报告后重新申请验收。',
  '验收不通过：整改照片与现场情况不符，请按方案重新整改。',
  '验收不通过：警示标志未设置到位，相关台账缺失。',
]
const REJECTED = ['经现场核查，举报情况不属实，不予受理。', '经核实为正常作业，不构成事故隐患。', '举报地点无相关设施，无法核实，不予受理。']

/** One seeded event, with its time as Beijing wall-clock milliseconds (for the evidence beside it). */
export interface HistoryEvent {
  ms: number
  row: Row
}

/** A Beijing wall-clock time ("…+08:00" as the generator writes it) as milliseconds. */
const wallMs = (iso: string): number => Date.parse(iso.slice(0, 19) + 'Z')

const SPOTS = ['罐区', '仓库', '生产车间', '配电房', '装卸区', '办公楼', '厂区道路', '污水处理站']

export class DangerGenerator {
  readonly count: number
  private readonly cumulative: Float64Array

  constructor(
    readonly seed: number,
    scale: number,
    readonly today: number,
    readonly core: EnterpriseCore,
    readonly places: Places,
    readonly areas: AreaModel,
  ) {
    this.count = scaled(BASE_HIDDEN_DANGERS, scale, DEMO_DANGERS.length + HIDDEN_DANGER_STATUSES.length)
    // Hazardous-chemical enterprises are inspected more, so more of their dangers are on record.
    this.cumulative = new Float64Array(core.count)
    let total = 0
    for (let i = 0; i < core.count; i++) this.cumulative[i] = total += isHazardous(core, i) ? 3 : 1
  }

  private pickEnterprise(rng: Rng): number {
    const r = rng.next() * this.cumulative[this.cumulative.length - 1]
    let lo = 0, hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cumulative[mid] > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Row i of public.hidden_dangers, plus the reporter's contact when one was left. */
  danger(i: number): { row: Row; contact: string | null } {
    const rng = rowRng(this.seed, 'hidden-danger', i)
    const demo = i < DEMO_DANGERS.length ? DEMO_DANGERS[i] : null
    const r = i - DEMO_DANGERS.length
    const status: HiddenDangerStatus = demo ? demo.status : r < HIDDEN_DANGER_STATUSES.length ? HIDDEN_DANGER_STATUSES[r] : STATUS_WEIGHTS.pick(rng)
    const enterprise = demo ? 0 : rng.chance(0.7) ? this.pickEnterprise(rng) : -1
    const source = demo
      ? demo.source
      : enterprise >= 0
        ? rng.weighted([['inspection', 50], ['self_check', 40], ['public_report', 10]] as const)
        : rng.weighted([['inspection', 50], ['public_report', 50]] as const)
    const assessed = status !== 'reported' && status !== 'rejected'
    const severity = !assessed ? null : (demo ? demo.major === true : rng.chance(0.05)) ? 'major' : 'general'
    const major = severity === 'major'

    // Dates, counted back from the demo's today so there is always something open and overdue.
    const day = this.today
    const hour = () => rng.int(8, 18) * 3_600_000 + rng.int(0, 59) * 60_000
    const span = () => (major ? rng.int(60, 180) : rng.int(7, 60)) * DAY_MS
    let found: number
    let deadline: number | null = null
    let closedAt: number | null = null
    switch (status) {
      case 'reported': found = day - rng.int(1, 20) * DAY_MS; break
      case 'rejected': found = day - rng.int(3, 300) * DAY_MS; break
      case 'registered': found = day - rng.int(2, 40) * DAY_MS; break
      case 'rectifying': {
        const overdue = demo ? demo.overdue === true : rng.chance(0.3)
        deadline = overdue ? day - rng.int(1, 60) * DAY_MS : day + rng.int(1, 60) * DAY_MS
        found = Math.min(day - DAY_MS, deadline - span())
        break
      }
      case 'pending_verification':
        deadline = day + rng.int(-10, 30) * DAY_MS
        found = Math.min(day - 5 * DAY_MS, deadline - span())
        break
      case 'closed': {
        found = day - rng.int(10, 720) * DAY_MS
        const s = span()
        deadline = found + s
        closedAt = Math.min(day - DAY_MS, found + rng.int(3, s / DAY_MS + 15) * DAY_MS) + hour() + 3_600_000
        break
      }
    }
    found += hour()

    let home: [number, number] | null = null
    if (enterprise >= 0) home = [this.core.lon[enterprise], this.core.lat[enterprise]]
    const at = home ? this.places.around(rng, home, 0, 150) ?? this.places.at(home)! : this.places.urban(rng)
    const district = this.areas.district(at.grid.code)
    const title = hiddenDangerTitle(rng, enterprise >= 0 ? 'enterprise' : 'urban')
    const description = enterprise >= 0
      ? `${source === 'self_check' ? '企业自查' : source === 'public_report' ? '群众举报' : '执法检查'}发现${enterpriseBrand(this.seed, enterprise)}公司${rng.pick(SPOTS)}${title}。`
      : `${source === 'public_report' ? '群众通过12350举报' : '巡查发现'}${district.name}${placeName(rng)}一带${title}。`

    const listed = major && rng.chance(demo ? 1 : 0.75)
    const cityListed = listed && (demo ? demo.status === 'closed' : rng.chance(0.3))
    const listingDate = listed ? Math.min(day, found + rng.int(2, 15) * DAY_MS) : null
    const row: Row = {
      id: demoUuid(this.seed, 'hidden_dangers', i),
      enterprise_id: enterprise >= 0 ? enterpriseId(this.seed, enterprise) : null,
      title,
      description,
      source,
      severity,
      status,
      location: pointEwkt(at.point),
      area_code: at.grid.code,
      found_at: isoTime(found),
      deadline: deadline === null ? null : isoDate(deadline),
      closed_at: closedAt === null ? null : isoTime(closedAt),
      listing_level: listed ? (cityListed ? 'city' : 'district') : null,
      listing_date: listingDate === null ? null : isoDate(listingDate),
      supervising_office: listed ? (cityListed ? '江门市安全生产委员会办公室' : `${district.name}安全生产委员会办公室`) : null,
      tracking_code: `YH${district.code}${isoDate(found).slice(0, 4)}${String(i + 1).padStart(7, '0')}`,
      is_demo: true,
    }
    // What the lifecycle (transition_hidden_danger) would have recorded on the way here.
    const rectifyingOrLater = status === 'rectifying' || status === 'pending_verification' || status === 'closed'
    row.rectification_measures = rectifyingOrLater ? rng.pick(MEASURES) : null
    row.responsible_person = rectifyingOrLater ? personName(rng) : null
    row.rectification_funds = rectifyingOrLater ? Math.round(major ? rng.logUniform(50_000, 2_000_000) : rng.logUniform(500, 50_000)) : null
    row.rectification_done = status === 'pending_verification' || status === 'closed' ? '已按整改方案完成整改，' + rng.pick(DONE) : null
    row.verified_by = status === 'closed' ? `${district.name}应急管理局 ${personName(rng)}` : null
    row.verified_at = closedAt === null ? null : isoDate(closedAt)
    const contact = source === 'public_report' && rng.chance(0.7) ? mobile(rng) : null
    return { row, contact }
  }

  *rows(): Generator<Row> {
    for (let i = 0; i < this.count; i++) yield this.danger(i).row
  }

  /**
   * Danger i's history as the lifecycle (transition_hidden_danger) would have recorded it, on
   * the days it happened: found (created, as 'reported'), registered and assessed within days,
   * the rectification plan before the deadline, done, sometimes sent back by a failed
   * verification, closed at the row's closed_at. Consistent with the row (status, severity,
   * listing, deadline, verifier, dates) and never after the demo's today. Its own random stream,
   * so the rows themselves are as before.
   */
  history(i: number): HistoryEvent[] {
    const { row } = this.danger(i)
    const rng = rowRng(this.seed, 'hidden-danger-history', i)
    const status = row.status as HiddenDangerStatus
    const id = row.id as string
    const found = wallMs(row.found_at as string)
    const todayEnd = this.today + 18 * 3_600_000
    const deadlineMs = row.deadline ? Date.parse(`${row.deadline as string}T17:00:00Z`) : null
    const closedAt = row.closed_at ? wallMs(row.closed_at as string) : null
    const end = closedAt ?? todayEnd
    const gap = end - found
    const own = row.enterprise_id !== null
    const demo = i < DEMO_DANGERS.length
    const minute = 60_000

    /** A time after `lo` and before `hi`, in office hours on a day between them where there is room. */
    const between = (lo: number, hi: number): number => {
      if (hi - lo < 60 * minute) return lo + Math.max(minute, (hi - lo) / 2)
      const firstDay = Math.floor(lo / DAY_MS)
      const lastDay = Math.floor(hi / DAY_MS)
      const d = rng.int(firstDay, lastDay)
      let t = d * DAY_MS + rng.int(9, 17) * 3_600_000 + rng.int(0, 59) * minute
      // Before `lo` on its first day: the next morning, where that is still in range.
      if (t <= lo && d < lastDay) t += DAY_MS - Math.max(0, t - d * DAY_MS - 9 * 3_600_000)
      return Math.min(hi - 20 * minute, Math.max(lo + 20 * minute, t))
    }
    const out: HistoryEvent[] = []
    let prev = found
    const push = (ms: number, actor: string, from: HiddenDangerStatus | null, to: HiddenDangerStatus, action: string, note: string | null, details: Row) => {
      prev = ms
      out.push({
        ms,
        row: { hidden_danger_id: id, at: isoTime(ms), actor_role: actor, from_status: from, to_status: to, action, note, details },
      })
    }
    const finder = row.source === 'public_report' ? 'anon' : row.source === 'self_check' ? 'enterprise' : 'regulator'
    push(found, finder, null, 'reported', 'created', null, { source: row.source, title: row.title })
    if (status === 'reported') return out
    if (status === 'rejected') {
      push(between(found, Math.min(todayEnd, found + 4 * DAY_MS)), 'regulator', 'reported', 'rejected', 'transition', rng.pick(REJECTED), {})
      return out
    }

    // Registered and assessed, within three days (on the listing day for a listed major one).
    const major = row.severity === 'major'
    const registerHi = Math.min(found + 3 * DAY_MS, found + gap * 0.15, end - 30 * minute)
    const listingDay = row.listing_date ? Date.parse(`${row.listing_date as string}T00:00:00Z`) : null
    const registered =
      listingDay !== null && listingDay + 10 * 3_600_000 > found && listingDay + 10 * 3_600_000 < registerHi
        ? listingDay + rng.int(9, 11) * 3_600_000 + rng.int(0, 59) * minute
        : between(found, registerHi)
    const assessment: Row = { severity: row.severity }
    if (major && row.listing_level) {
      assessment.listing_level = row.listing_level
      assessment.supervising_office = row.supervising_office
      assessment.listing_date = row.listing_date
    }
    push(registered, row.source === 'self_check' && !major ? 'enterprise' : 'regulator', 'reported', 'registered', 'transition', null, assessment)
    if (status === 'registered') return out

    // The plan, within ten days and before its deadline.
    const fixer = own ? 'enterprise' : 'regulator'
    const planHi = Math.min(prev + 10 * DAY_MS, found + gap * 0.35, deadlineMs ?? end, end - 30 * minute)
    push(between(prev, planHi), fixer, 'registered', 'rectifying', 'transition', null, {
      measures: row.rectification_measures,
      responsible_person: row.responsible_person,
      funds: row.rectification_funds,
      deadline: row.deadline,
    })

    // A failed verification on the way for some (the demo's overdue major one and closed major one among them).
    const returned = status !== 'pending_verification' && (demo ? i === 2 || i === 6 : rng.chance(0.15)) && end - prev > 2 * DAY_MS
    if (returned) {
      const doneAt = between(Math.max(prev, found + gap * 0.4), Math.max(prev + 60 * minute, found + gap * 0.55))
      push(doneAt, fixer, 'rectifying', 'pending_verification', 'transition', null, { done: '已按整改方案完成整改，申请验收。' })
      const backAt = between(prev, Math.max(prev + 60 * minute, found + gap * 0.65))
      push(backAt, 'regulator', 'pending_verification', 'rectifying', 'transition', rng.pick(RETURNED), {})
    }
    if (status === 'rectifying') return out

    const doneLo = Math.max(prev, found + gap * (returned ? 0.7 : 0.5))
    const doneHi = closedAt !== null ? closedAt - 2 * 3_600_000 : todayEnd
    push(between(doneLo, Math.max(doneLo + 60 * minute, doneHi)), fixer, 'rectifying', 'pending_verification', 'transition', null, {
      done: row.rectification_done,
    })
    if (status === 'pending_verification') return out

    push(closedAt!, 'regulator', 'pending_verification', 'closed', 'transition', null, {
      verifier: row.verified_by,
      verified_at: row.verified_at,
    })
    return out
  }

  *historyRows(): Generator<Row> {
    for (let i = 0; i < this.count; i++) for (const e of this.history(i)) yield e.row
  }

  /** How many history events the dangers carry (counted by generating them). */
  historyCount(): number {
    let n = 0
    for (let i = 0; i < this.count; i++) n += this.history(i).length
    return n
  }

  *reporterRows(): Generator<Row> {
    for (let i = 0; i < this.count; i++) {
      const { row, contact } = this.danger(i)
      if (contact) yield { hidden_danger_id: row.id, contact }
    }
  }
}
