// The database's refusals of a registry write (issue 18: 预案, 专家, 救援队伍, 物资储备 forms) in words
// that say what was refused and why, Chinese first, for every registry form: PostgREST's bare
// `new row violates row-level security policy for table "…"` (SQLSTATE 42501) and `permission denied
// for …` name a table and nothing else. The words depend on who asked (the roles of DOMAIN.md: admins
// and the regulators of the area write, enterprises their own plans only, planners and the command
// centre read). The database's own text stays available as `details`, so nothing is hidden. Other
// refusals (the input limits' and triggers' messages, already Chinese first) are kept as they are.

export interface Words {
  zh: string
  en: string
}

export interface RefusalText {
  /** what was refused and why; null when the database's message is already the words */
  words: Words | null
  /** the database's message as it came */
  details: string
}

export interface Asker {
  role: string | null
  /** the caller's jurisdiction as shown to people (e.g. 江海区), or its codes */
  jurisdiction: string
}

/** What each registry table holds, in words (zh, en). */
export const REGISTRY_THINGS: Record<string, Words> = {
  emergency_experts: { zh: '专家', en: 'experts' },
  emergency_expert_contacts: { zh: '专家联系电话', en: "experts' phones" },
  rescue_teams: { zh: '救援队伍', en: 'rescue teams' },
  rescue_team_contacts: { zh: '救援队伍值班电话', en: "rescue teams' duty phones" },
  emergency_plans: { zh: '应急预案', en: 'emergency plans' },
  material_stockpiles: { zh: '物资储备', en: 'stockpile lots' },
}

/** Why a regulator's write outside its district is refused, per table. */
const REGULATOR_WHY: Record<string, Words> = {
  emergency_experts: { zh: '只能登记、修改本辖区（{area}）的专家', en: 'you register and change experts of your own district ({area}) only' },
  emergency_expert_contacts: { zh: '只能登记本辖区（{area}）专家的电话', en: "you record the phones of your own district's ({area}) experts only" },
  rescue_teams: { zh: '队伍驻地须在本辖区（{area}）内', en: 'the base must lie in your own district ({area})' },
  rescue_team_contacts: { zh: '只能登记驻地在本辖区（{area}）的队伍的电话', en: 'you record the phones of teams based in your own district ({area}) only' },
  emergency_plans: {
    zh: '只能登记本辖区（{area}）的预案（企业预案以企业所在区域为准）',
    en: "you register plans of your own district ({area}) only (an enterprise's plan lies where the enterprise is)",
  },
  material_stockpiles: { zh: '只能登记本辖区（{area}）储备点的物资', en: 'you record lots at depots of your own district ({area}) only' },
}

const ROLE: Record<string, Words> = {
  planner: { zh: '规划部门', en: 'planners' },
  command: { zh: '指挥中心', en: 'the command centre' },
  enterprise: { zh: '企业', en: 'enterprises' },
}

/** The registry write functions, by the table they write. */
const FUNCTION_TABLE: Record<string, string> = {
  save_emergency_expert: 'emergency_experts',
  mark_expert_verified: 'emergency_experts',
  save_rescue_team: 'rescue_teams',
}

/** The registry writes' own refusal of a change to a row the caller may not change (or that is gone). */
const NOT_YOURS: [RegExp, string][] = [
  [/^无权修改该专家/, 'emergency_experts'],
  [/^无权修改该救援队伍/, 'rescue_teams'],
  [/^无权修改该预案/, 'emergency_plans'],
  [/^无权修改该储备记录/, 'material_stockpiles'],
]

const RLS = /row-level security policy for table "([a-z_]+)"/
const DENIED = /permission denied for (?:table|view|function|relation) "?([a-z_]+)"?/

const fill = (s: string, area: string) => s.replace('{area}', area)

/** The words for a refused registry write (see the module's comment), with the database's text. */
export function refusalText(error: { message: string; code?: string }, who: Asker): RefusalText {
  const details = error.message
  if (error.code !== '42501') return { words: null, details }
  const gone = NOT_YOURS.find(([re]) => re.test(details))?.[1]
  if (gone) return { words: changeRefused(gone, who), details }
  const table = RLS.exec(details)?.[1] ?? DENIED.exec(details)?.[1] ?? null
  if (!table) return { words: null, details }
  const thing = REGISTRY_THINGS[FUNCTION_TABLE[table] ?? table] ?? { zh: '该记录', en: 'this record' }
  const role = who.role
  if (!role) return { words: { zh: `无权写入${thing.zh}：请先登录。`, en: `Not allowed to write ${thing.en}: sign in first.` }, details }
  if (role === 'regulator') {
    const why = REGULATOR_WHY[FUNCTION_TABLE[table] ?? table] ?? {
      zh: '只能登记本辖区（{area}）的记录',
      en: 'you write records of your own district ({area}) only',
    }
    return {
      words: {
        zh: `无权在该区域登记${thing.zh}：${fill(why.zh, who.jurisdiction)}。`,
        en: `Not allowed to record ${thing.en} in that area: ${fill(why.en, who.jurisdiction)}.`,
      },
      details,
    }
  }
  if (role === 'enterprise' && table === 'emergency_plans')
    return {
      words: {
        zh: '无权登记该预案：企业只能登记、修改本企业的预案。',
        en: 'Not allowed to record this plan: an enterprise records and changes its own plans only.',
      },
      details,
    }
  const r = ROLE[role]
  if (r)
    return {
      words: {
        zh: `无权登记${thing.zh}：${r.zh}只能查看，${thing.zh}由管理员和所在辖区的应急管理部门登记。`,
        en: `Not allowed to record ${thing.en}: ${r.en} may only read them; admins and the regulators of the area record them.`,
      },
      details,
    }
  return { words: { zh: `无权写入${thing.zh}。`, en: `Not allowed to write ${thing.en}.` }, details }
}

/** A change refused because the row is not (or no longer) one the caller may change, or is gone. */
function changeRefused(table: string, who: Asker): Words {
  const thing = REGISTRY_THINGS[table]!
  const one = { zh: thing.zh.replace(/^应急/, ''), en: thing.en.replace(/s$/, '') }
  if (who.role === 'regulator') {
    const why = REGULATOR_WHY[table]!
    return {
      zh: `无权修改该${one.zh}：${fill(why.zh, who.jurisdiction)}；该记录可能已移出本辖区或已被删除，请刷新后再试。`,
      en: `Not allowed to change this ${one.en}: ${fill(why.en, who.jurisdiction)}; it may have been moved out of your district or deleted: reload and try again.`,
    }
  }
  return {
    zh: `无权修改该${one.zh}：该记录不在你可修改的范围内，或已被删除，请刷新后再试。`,
    en: `Not allowed to change this ${one.en}: it is not one you may change, or it was deleted: reload and try again.`,
  }
}
