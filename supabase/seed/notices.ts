// Public notices and the serious-dishonesty list (issue 18, migration 20261210000100): a handful of
// synthetic rows in every state, so the public view has warnings, the regulator has drafts to approve
// and the row-level rules have rows inside and outside the demo regulator's district. Deterministic:
// fixed texts and dates relative to the demo's today; which dangers and enterprises they name follow
// from the seed. Every text says 演示数据 and holds no personal data (publishing would refuse it).
import type { Ctx, Row } from './context.ts'
import { DAY_MS, isoDate, isoTime } from './context.ts'
import { demoUuid } from './ids.ts'
import { enterpriseId } from './enterprises.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from './demo-users.ts'
import type { DangerGenerator } from './dangers.ts'

const pgArray = (codes: readonly string[]): string => `{${codes.join(',')}}`

const cn = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** Listed major hidden dangers still open, in generation order, for their notices. One listed danger
 * of the demo district under rectification is left without a notice (the one-step drafting is shown
 * on it; test/db/notices.test.ts drafts it). */
function listedOpenDangers(dangers: DangerGenerator, max: number): Row[] {
  const out: Row[] = []
  let reserved = false
  for (let i = 0; i < dangers.count && out.length < max; i++) {
    const { row } = dangers.danger(i)
    if (row.listing_level === null || row.status === 'closed' || row.status === 'rejected') continue
    if (!reserved && row.status === 'rectifying' && String(row.area_code).startsWith(DEMO_REGULATOR_AREA)) {
      reserved = true
      continue
    }
    out.push(row)
  }
  return out
}

export function noticeRows(ctx: Ctx, dangers: DangerGenerator): Row[] {
  const { seed, todayMs: today, areas } = ctx
  const base = (i: number, over: Row): Row => ({
    id: demoUuid(seed, 'public_notices', i),
    kind: 'general',
    level: null,
    area_codes: pgArray([DEMO_REGULATOR_AREA]),
    area_code: DEMO_REGULATOR_AREA,
    status: 'published',
    published_at: isoTime(today - 3 * DAY_MS + 9 * 3_600_000),
    valid_until: null,
    hidden_danger_id: null,
    enterprise_id: null,
    author_role: 'regulator',
    approver_role: 'admin',
    withdrawn_at: null,
    withdrawal_reason: null,
    is_demo: true,
    ...over,
  })
  const rows: Row[] = [
    base(0, {
      kind: 'regional_warning',
      level: 2,
      title: '江海区大风橙色预警：危险化学品企业暂停装卸作业（演示数据）',
      body: '受冷空气影响，未来 48 小时江海区沿江一带阵风可达 9 级。请辖区危险化学品企业暂停露天装卸和动火作业，加固储罐区设施，落实值班值守。（演示数据）',
      valid_until: isoTime(today + 400 * DAY_MS),
    }),
    base(1, {
      kind: 'regional_warning',
      level: 3,
      title: '江门市高温黄色预警：加强有限空间和危化品储存安全防范（演示数据）',
      body: '全市最高气温将达 37 ℃ 以上。请各生产经营单位合理安排作业时间，加强有限空间作业审批，危险化学品仓库落实降温和通风措施。（演示数据）',
      area_codes: pgArray(['440700']),
      area_code: '440700',
      author_role: 'admin',
      approver_role: 'admin',
      published_at: isoTime(today - DAY_MS + 8 * 3_600_000),
      valid_until: isoTime(today + 400 * DAY_MS),
    }),
    base(2, {
      kind: 'regional_warning',
      level: 4,
      title: '新会区强降雨蓝色预警（已过期，演示数据）',
      body: '新会区出现短时强降雨，请注意防范。（演示数据）',
      area_codes: pgArray(['440705']),
      area_code: '440705',
      published_at: isoTime(today - 20 * DAY_MS),
      valid_until: isoTime(today - 18 * DAY_MS),
    }),
    base(3, {
      title: '江海区危险化学品企业安全专项整治公告（草稿，演示数据）',
      body: '为深化危险化学品安全专项整治，现就辖区企业自查自改工作公告如下。（演示数据）',
      status: 'draft',
      published_at: null,
      approver_role: null,
    }),
    base(4, {
      title: '蓬江区有限空间作业安全提示（草稿，演示数据）',
      body: '近期气温升高，请各单位严格执行有限空间作业“先通风、再检测、后作业”的要求。（演示数据）',
      area_codes: pgArray(['440703']),
      area_code: '440703',
      status: 'draft',
      published_at: null,
      approver_role: null,
    }),
    base(5, {
      kind: 'accident_bulletin',
      title: '台山市一起一般生产安全事故通报（已撤回，演示数据）',
      body: '某企业发生一起物体打击事故，造成 1 人受伤。（演示数据）',
      area_codes: pgArray(['440781']),
      area_code: '440781',
      published_at: isoTime(today - 40 * DAY_MS),
      status: 'withdrawn',
      withdrawn_at: isoTime(today - 30 * DAY_MS),
      withdrawal_reason: '事故调查报告已正式发布，以调查报告为准（演示数据）',
    }),
  ]
  // Listed major hidden dangers: 挂牌督办公告, drafted from the record as draft_notice_from_hidden_danger does.
  listedOpenDangers(dangers, 2).forEach((d, k) => {
    const level = d.listing_level === 'city' ? '市级' : '县级'
    const code = String(d.area_code)
    const district = areas.district(code)
    rows.push(
      base(6 + k, {
        kind: 'listed_danger',
        title: `重大事故隐患${level}挂牌督办公告：${d.title}（演示数据）`,
        body: [
          `根据重大事故隐患挂牌督办和公告制度，现对以下重大事故隐患实行${level}挂牌督办：`,
          `隐患名称：${d.title}`,
          `所在区域：${district.name}`,
          `挂牌日期：${cn(Date.parse(String(d.listing_date)))}`,
          `督办单位：${d.supervising_office}`,
          d.deadline ? `整改期限：${cn(Date.parse(String(d.deadline)))}` : null,
          '隐患整改完成并经验收销号后，本公告撤下。欢迎社会监督，举报电话 12350。（演示数据）',
        ]
          .filter(Boolean)
          .join('\n'),
        area_codes: pgArray([code]),
        area_code: code,
        hidden_danger_id: d.id,
        enterprise_id: d.enterprise_id,
        author_role: 'regulator',
        approver_role: code.startsWith(DEMO_REGULATOR_AREA) ? 'regulator' : 'admin',
        published_at: isoTime(Math.max(Date.parse(String(d.listing_date)), today - 10 * DAY_MS) + 10 * 3_600_000),
      }),
    )
  })
  const listed = blacklistRows(ctx)
  const open = listed.find((b) => b.removed_on === null)
  if (open) {
    rows.push(
      base(8, {
        kind: 'blacklist',
        title: '安全生产严重失信主体名单公告（演示数据）',
        body: `依据《安全生产严重失信主体名单管理办法》（应急管理部令第11号），现将列入安全生产严重失信主体名单的单位予以公告，列入期限三年。列入日期：${cn(Date.parse(String(open.listed_on)))}。（演示数据）`,
        area_codes: pgArray([String(open.area_code).slice(0, 6)]),
        area_code: String(open.area_code).slice(0, 6),
        enterprise_id: open.enterprise_id,
        published_at: isoTime(Date.parse(String(open.listed_on)) + 2 * DAY_MS + 9 * 3_600_000),
      }),
    )
  }
  return rows
}

/** Enterprises on the serious-dishonesty list: one in the demo district, two elsewhere (one of them
 * removed after credit repair). Never the demo enterprise (its card is the showcase). */
export function blacklistRows(ctx: Ctx): Row[] {
  const { seed, todayMs: today, enterprises: core } = ctx
  const pick = (inDistrict: boolean, skip: number): number => {
    let seen = 0
    for (let i = 1; i < core.count; i++) {
      if (core.areaCode[i].startsWith(DEMO_REGULATOR_AREA) !== inDistrict) continue
      if (seen++ === skip) return i
    }
    return -1
  }
  const specs = [
    { i: pick(true, 3), listed: today - 270 * DAY_MS, removed: null, reason: '存在重大事故隐患，拒不执行监管部门整改指令（演示数据）' },
    { i: pick(false, 5), listed: today - 500 * DAY_MS, removed: null, reason: '发生较大生产安全事故后瞒报（演示数据）' },
    { i: pick(false, 9), listed: today - 900 * DAY_MS, removed: today - 400 * DAY_MS, reason: '未依法取得安全生产许可擅自生产（演示数据）' },
  ]
  return specs
    .filter((s) => s.i > 0)
    .map((s, k) => {
      const id = enterpriseId(seed, s.i)
      if (id === DEMO_ENTERPRISE_ID) throw new Error('the demo enterprise is not blacklisted')
      const listedOn = isoDate(s.listed)
      const expires = new Date(s.listed)
      expires.setUTCFullYear(expires.getUTCFullYear() + 3)
      return {
        id: demoUuid(seed, 'credit_blacklist', k),
        enterprise_id: id,
        reason: s.reason,
        decision: `江应急失信〔${listedOn.slice(0, 4)}〕${k + 1}号（演示数据）`,
        decided_by: '江门市应急管理局',
        listed_on: listedOn,
        expires_on: isoDate(expires.getTime()),
        area_code: core.areaCode[s.i],
        removed_on: s.removed === null ? null : isoDate(s.removed),
        removal_reason: s.removed === null ? null : '完成信用修复，经审核提前移出（演示数据）',
        removed_by_role: s.removed === null ? null : 'admin',
        is_demo: true,
      }
    })
}
