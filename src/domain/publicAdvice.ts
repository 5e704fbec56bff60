// Protective advice for the public (zh-CN first, English second): what a resident should do near
// a risk point of a category and level, near a major hazard source, and which numbers to call.
// Pure data and functions; the public view and its tests use them, the database returns only the
// keys (category code, level, grade, distance).

export type Lang = 'zh' | 'en'
export interface Text {
  readonly zh: string
  readonly en: string
}

/** Numbers to call in China (the same everywhere on the mainland). */
export const EMERGENCY_NUMBERS: readonly (Text & { readonly number: string })[] = [
  { number: '119', zh: '火警', en: 'Fire' },
  { number: '120', zh: '急救', en: 'Ambulance' },
  { number: '110', zh: '报警', en: 'Police' },
  { number: '12350', zh: '安全生产举报', en: 'Work-safety hotline' },
]

const UPWIND: Text = {
  zh: '闻到刺激性气味、看到浓烟或听到警报时，用湿毛巾捂住口鼻，向上风向或侧风向撤离，不要顺风跑。',
  en: 'If you smell fumes, see thick smoke or hear a siren, cover nose and mouth with a wet cloth and leave upwind or crosswind, never downwind.',
}
const STAY_AWAY: Text = {
  zh: '请勿靠近围观，为救援车辆让出道路。',
  en: 'Do not go closer to watch; keep the road clear for rescue vehicles.',
}
const FOLLOW_ORDERS: Text = {
  zh: '听从现场指挥和广播，按指定路线撤离到避难场所。',
  en: 'Follow instructions from the scene and broadcasts; evacuate by the route given to a shelter.',
}
const CALL_119: Text = { zh: '发现起火、泄漏请立即拨打 119。', en: 'Call 119 at once if you see fire or a leak.' }
const CALL_120: Text = { zh: '有人受伤请拨打 120。', en: 'Call 120 if someone is injured.' }
const REPORT_12350: Text = {
  zh: '发现安全隐患可拨打 12350 或在本页举报。',
  en: 'Report a hazard you notice on 12350 or on this page.',
}

/** What to do near each risk-point category (codes of public.risk_point_categories). */
export const CATEGORY_ADVICE: Readonly<Record<string, readonly Text[]>> = {
  hazardous_process: [{ zh: '远离厂区围墙，不要在厂区周边逗留。', en: 'Keep away from the plant fence; do not linger around the site.' }, UPWIND, CALL_119],
  storage_tank: [{ zh: '储罐泄漏或起火时可能扩大，保持距离。', en: 'A leaking or burning tank can escalate: keep your distance.' }, UPWIND, CALL_119],
  warehouse: [
    { zh: '请勿靠近仓库，禁止在附近吸烟、燃放烟花。', en: 'Do not approach the warehouse; no smoking or fireworks nearby.' },
    { zh: '发现冒烟或异味请远离并拨打 119。', en: 'If you see smoke or smell something odd, move away and call 119.' },
    UPWIND,
  ],
  confined_space: [
    { zh: '企业内部作业风险，周边居民无需特别防护。', en: 'A risk inside the workplace: residents nearby need no special precautions.' },
    { zh: '如有人员被困，不要贸然进入施救，拨打 119 / 120。', en: 'If someone is trapped, do not go in after them: call 119 / 120.' },
  ],
  dust_explosion: [
    { zh: '听到爆炸声或看到浓烟时远离厂区，关好门窗。', en: 'On a blast or thick smoke, move away from the plant and close doors and windows.' },
    CALL_119,
  ],
  high_temp_metal: [
    { zh: '请勿靠近厂区生产区域。', en: 'Do not approach the production area.' },
    { zh: '发生事故时听从指挥撤离。', en: 'In an accident, follow instructions and evacuate.' },
  ],
  gas_station: [
    { zh: '站内禁止烟火，加油时熄火、不使用手机。', en: 'No smoking or flames at the station; engine off and no phone use while refuelling.' },
    { zh: '发生泄漏或起火时迅速远离，拨打 119。', en: 'If fuel leaks or catches fire, move away quickly and call 119.' },
  ],
  gas_pipeline: [
    { zh: '管线上方禁止施工开挖、堆放重物。', en: 'No digging or heavy loads above the pipeline.' },
    {
      zh: '闻到燃气味：不开关电器、不打电话、不点火，离开后拨打燃气抢修电话或 119。',
      en: 'If you smell gas: do not switch anything, call or light anything there; leave, then call the gas emergency line or 119.',
    },
  ],
  bridge: [
    { zh: '恶劣天气或桥梁限行时注意通行安全，遵守限载、限速。', en: 'Take care in bad weather or when restrictions apply; obey load and speed limits.' },
  ],
  tunnel: [
    { zh: '隧道内禁止停车，保持车距，开启车灯。', en: 'Do not stop in the tunnel; keep your distance and lights on.' },
    { zh: '隧道内起火时下车沿疏散指示向最近的出口撤离。', en: 'On a fire in the tunnel, leave the car and follow the exit signs to the nearest exit.' },
  ],
  crowded_place: [
    { zh: '熟悉安全出口位置，拥挤时不推搡、不逆行。', en: 'Know the emergency exits; in a crowd do not push or go against the flow.' },
    { zh: '发生踩踏时护住头颈，尽快靠墙。', en: 'In a crush, protect head and neck and get to a wall.' },
  ],
  construction_site: [{ zh: '请勿进入施工区域，经过时注意高处坠物。', en: 'Do not enter the site; watch for falling objects when passing.' }],
  high_rise: [
    { zh: '保持消防通道和楼梯畅通，不在楼道堆放杂物、停放电动车。', en: 'Keep fire lanes and stairs clear; no clutter or e-bikes in corridors.' },
    { zh: '火灾时走楼梯不乘电梯，烟大时低姿撤离。', en: 'In a fire use the stairs, not the lift; stay low in smoke.' },
  ],
  slope: [
    { zh: '强降雨时远离坡脚和坡顶。', en: 'Keep away from the foot and top of the slope in heavy rain.' },
    { zh: '发现裂缝、落石或渗水请远离并报告。', en: 'If you see cracks, falling rocks or seeping water, move away and report it.' },
  ],
}

const GENERIC_ADVICE: readonly Text[] = [
  { zh: '请勿靠近，发生事故时听从指挥撤离。', en: 'Do not approach; in an accident follow instructions and evacuate.' },
  CALL_119,
]

/** Categories whose accidents can spread beyond the site (fire, explosion, toxic release). */
const SPREADING = new Set(['hazardous_process', 'storage_tank', 'warehouse', 'dust_explosion', 'high_temp_metal', 'gas_station', 'gas_pipeline'])

/** What the level adds (1 = 重大风险 … 4 = 低风险). */
function levelAdvice(category: string, level: number): Text[] {
  if (level === 1 || level === 2) {
    const out: Text[] = [
      {
        zh: level === 1 ? '重大风险：住在附近请提前了解撤离路线和最近的避难场所。' : '较大风险：住在附近请了解撤离路线和最近的避难场所。',
        en:
          level === 1
            ? 'Major risk: if you live nearby, learn the evacuation route and nearest shelter in advance.'
            : 'Significant risk: if you live nearby, know the evacuation route and nearest shelter.',
      },
    ]
    if (SPREADING.has(category)) out.push(FOLLOW_ORDERS, STAY_AWAY)
    return out
  }
  return []
}

function pick(texts: readonly Text[], lang: Lang): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of texts) {
    if (seen.has(t[lang])) continue
    seen.add(t[lang])
    out.push(t[lang])
  }
  return out
}

/** The advice lines for a risk point of this category and level, in order of importance. */
export function riskPointAdvice(category: string, level: number, lang: Lang): string[] {
  const base = CATEGORY_ADVICE[category] ?? GENERIC_ADVICE
  return pick([...levelAdvice(category, level), ...base], lang)
}

/** Metres rounded up to a readable step (50 m under 1 km, 100 m above). */
export function roundUpDistance(m: number): number {
  if (!Number.isFinite(m) || m <= 0) return 0
  const step = m < 1000 ? 50 : 100
  return Math.ceil(m / step) * step
}

/** A distance for people: "350 米", "1.2 公里"; under 50 m "50 米以内" (positions are approximate). */
export function formatDistance(m: number, lang: Lang): string {
  if (!Number.isFinite(m) || m < 0) return ''
  if (m < 50) return lang === 'zh' ? '50 米以内' : 'within 50 m'
  if (m >= 1000) {
    const km = Math.round(m / 100) / 10
    return lang === 'zh' ? `${km} 公里` : `${km} km`
  }
  const r = Math.round(m / 10) * 10
  return lang === 'zh' ? `${r} 米` : `${r} m`
}

/**
 * Advice near a major hazard source (GB 18218 grade 1..4) whose external safety distance, the
 * largest one its assessment report requires, is adviceDistanceM (null when not known).
 */
export function majorHazardAdvice(grade: number | null, adviceDistanceM: number | null, lang: Lang): string[] {
  const lines: Text[] = []
  if (adviceDistanceM != null && adviceDistanceM > 0) {
    const d = formatDistance(roundUpDistance(adviceDistanceM), 'zh')
    const de = formatDistance(roundUpDistance(adviceDistanceM), 'en')
    lines.push({
      zh: `外部安全防护距离约 ${d}：发生泄漏、火灾或爆炸时，此范围内人员应按指挥撤离。`,
      en: `External safety distance about ${de}: in a leak, fire or explosion, people within it should evacuate as instructed.`,
    })
  } else {
    lines.push({ zh: '发生事故时远离厂区，按指挥撤离。', en: 'In an accident keep away from the site and evacuate as instructed.' })
  }
  if (grade === 1 || grade === 2) {
    lines.push({ zh: '高等级重大危险源：请了解附近的避难场所和撤离路线。', en: 'High-grade major hazard: know the nearby shelters and evacuation routes.' })
  }
  lines.push(UPWIND, CALL_119)
  return pick(lines, lang)
}

export const RESOURCE_ADVICE: Readonly<Record<string, Text>> = {
  shelter: { zh: '应急避难场所：撤离时可前往此处。', en: 'Emergency shelter: go here when told to evacuate.' },
  hospital: { zh: '医院：受伤或吸入有毒气体后就医，急救请拨打 120。', en: 'Hospital: for injuries or after inhaling fumes; for an ambulance call 120.' },
  fire_station: { zh: '消防站：火警请拨打 119。', en: 'Fire station: in a fire call 119.' },
}

export function resourceAdvice(type: string, lang: Lang): string[] {
  const a = RESOURCE_ADVICE[type]
  return a ? [a[lang]] : []
}

/** General advice shown with every answer of the public view. */
export function generalAdvice(lang: Lang): string[] {
  return pick([REPORT_12350, CALL_120], lang)
}
