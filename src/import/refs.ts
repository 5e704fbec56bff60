// Reference lists: codes written as the code, the Chinese or the English name. The database's
// lists (industries, protective target types, risk point categories) are read from the database by
// the caller; the enums below mirror the database's types. An unknown value gets the closest name.
import type { RefList } from './fields.ts'

export interface RefItem {
  code: string
  name_zh: string
  name_en: string
  /** protective target types: the class a target of this type has unless the file says otherwise */
  default_class?: string
  /** other names people write for it (pipeline media: 燃气 for 天然气 …) */
  aliases?: string[]
}

export type RefLists = Record<RefList, RefItem[]>

const FIXED: Pick<RefLists, 'protective_classes' | 'emergency_resource_types' | 'hazard_unit_types' | 'assessment_methods' | 'pipeline_media'> = {
  protective_classes: [
    { code: 'high_sensitivity', name_zh: '高敏感防护目标', name_en: 'high sensitivity' },
    { code: 'important', name_zh: '重要防护目标', name_en: 'important' },
    { code: 'general_1', name_zh: '一般防护目标一类', name_en: 'general class 1' },
    { code: 'general_2', name_zh: '一般防护目标二类', name_en: 'general class 2' },
    { code: 'general_3', name_zh: '一般防护目标三类', name_en: 'general class 3' },
  ],
  emergency_resource_types: [
    { code: 'rescue_team', name_zh: '救援队伍', name_en: 'rescue team' },
    { code: 'fire_station', name_zh: '消防站', name_en: 'fire station' },
    { code: 'material_depot', name_zh: '物资储备库', name_en: 'material depot' },
    { code: 'shelter', name_zh: '避难场所', name_en: 'shelter' },
    { code: 'hospital', name_zh: '医院', name_en: 'hospital' },
  ],
  hazard_unit_types: [
    { code: 'production', name_zh: '生产单元', name_en: 'production unit' },
    { code: 'storage', name_zh: '储存单元', name_en: 'storage unit' },
  ],
  assessment_methods: [
    { code: 'lec', name_zh: '作业条件危险性评价法', name_en: 'LEC' },
    { code: 'matrix', name_zh: '风险矩阵', name_en: 'risk matrix' },
  ],
  // the database's pipeline_medium, with the names src/domain/pipelines.ts shows (the export writes those)
  pipeline_media: [
    { code: 'natural_gas', name_zh: '天然气', name_en: 'natural gas', aliases: ['燃气', '管道燃气', '天然气管道', 'gas', 'ng'] },
    { code: 'crude_oil', name_zh: '原油', name_en: 'crude oil', aliases: ['原油管道', 'crude'] },
    { code: 'refined_oil', name_zh: '成品油', name_en: 'refined products', aliases: ['成品油管道', '汽油', '柴油', '航煤', 'refined oil', 'products'] },
    { code: 'lpg', name_zh: '液化石油气', name_en: 'LPG', aliases: ['液化气', '液化石油气管道', 'liquefied petroleum gas'] },
    { code: 'chemical', name_zh: '化工物料', name_en: 'chemicals', aliases: ['化工', '化工介质', '化工管道', '危险化学品', 'chemical'] },
  ],
}

/** The database's lists plus the fixed enums. */
export function refLists(db: Pick<RefLists, 'industries' | 'protective_target_types' | 'risk_point_categories'>): RefLists {
  return { ...FIXED, ...db }
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()

export class RefIndex {
  private readonly exact = new Map<string, RefItem>()
  constructor(readonly items: RefItem[]) {
    for (const it of items) for (const k of [it.code, it.name_zh, it.name_en, ...(it.aliases ?? [])]) this.exact.set(norm(k), it)
    // short forms people write: 矩阵 for 风险矩阵, 生产 for 生产单元 …
    for (const it of items) {
      for (const k of [it.name_zh.replace(/(单元|防护目标)$/, ''), it.name_zh.replace(/^防护目标/, '')]) {
        if (k.length >= 2 && !this.exact.has(norm(k))) this.exact.set(norm(k), it)
      }
    }
  }

  find(value: string): RefItem | undefined {
    return this.exact.get(norm(value))
  }

  /** The item whose code or name is closest to `value` (edit distance, Chinese names first). */
  closest(value: string): RefItem | undefined {
    const v = norm(value)
    let best: RefItem | undefined
    let bestScore = Infinity
    for (const it of this.items) {
      for (const k of [it.name_zh, it.code, it.name_en]) {
        const key = norm(k)
        const d = editDistance(v, key) / Math.max(v.length, key.length, 1)
        const score = key.includes(v) || v.includes(key) ? d / 2 : d
        if (score < bestScore) {
          bestScore = score
          best = it
        }
      }
    }
    return best
  }
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = tmp
    }
  }
  return prev[b.length]!
}
