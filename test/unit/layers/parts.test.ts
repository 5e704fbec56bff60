// Every layer of the registry is one folder that brings every part a screen asks for: its data
// request and deck layer, its strings (zh-CN and English), its panel symbol and counts, its legend
// group per audience, its card and its tooltip. A new layer that forgets one fails here.
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ComponentChildren, VNode } from 'preact'
import { translate } from '../../../src/app/i18n.ts'
import type { Detail, LayerCounts } from '../../../src/data/mapApi.ts'
import { LAYERS, layerOfDetail } from '../../../src/layers/registry.ts'
import type { Audience } from '../../../src/layers/types.ts'
import { kindName, layerName, type UiContext } from '../../../src/layers/ui/parts.ts'

/** The text a tree of vnodes shows (function components called; one that needs hooks is skipped). */
function text(n: ComponentChildren): string {
  if (n === null || n === undefined || typeof n === 'boolean') return ''
  if (typeof n === 'string' || typeof n === 'number' || typeof n === 'bigint') return String(n)
  if (Array.isArray(n)) return n.map(text).join(' ')
  const v = n as VNode<{ children?: ComponentChildren }>
  if (typeof v.type === 'function') {
    try {
      return text((v.type as (p: unknown) => ComponentChildren)(v.props))
    } catch {
      return '' // a component with hooks (the what-if editor) renders only inside Preact
    }
  }
  return text(v.props?.children)
}

const isVNode = (n: unknown) => typeof n === 'object' && n !== null && 'type' in n && 'props' in n

const at = { lon: 113.08, lat: 22.58 }
/** One answer of feature_at / public_feature_at per kind a layer draws. */
const SAMPLES: Detail[] = [
  {
    kind: 'risk_points',
    data: {
      ...at,
      id: 'r1',
      name: '储罐区A',
      category_code: 'hazchem',
      category_name: '危化品储存',
      category_name_en: 'Hazchem storage',
      level: 1,
      method: 'lec',
      lec_l: 3,
      lec_e: 6,
      lec_c: 40,
      matrix_l: null,
      matrix_s: null,
      score: 720,
      enterprise_id: 'e1',
      enterprise_name: '某化工',
      area_code: '440704',
      area_name: '江海区',
      assessed_by: '张工',
      assessed_at: '2026-11-01',
    },
  },
  {
    kind: 'public_risk',
    data: {
      ...at,
      category_code: 'hazchem',
      category_name: '危化品储存',
      category_name_en: 'Hazchem storage',
      level: 2,
      public_advice: '远离',
      area_name: '江海区',
    },
  },
  {
    kind: 'hidden_dangers',
    data: {
      ...at,
      id: 'h1',
      title: '广告牌松动',
      description: '螺栓缺失',
      status: 'registered',
      severity: 'major',
      overdue: true,
      deadline: '2026-12-01',
      listing_level: 'city',
      enterprise_name: '某化工',
      area_name: '江海区',
      found_at: '2026-11-20',
    },
  },
  {
    kind: 'protective_targets',
    data: { ...at, id: 'p1', name: '江海小学', target_class: 'high_density', type_code: 'school', type_name: '学校', population: 1200, area_name: '江海区' },
  },
  {
    kind: 'hazard_sources',
    data: {
      ...at,
      id: 'z1',
      name: '1#罐区',
      unit_type: 'storage',
      enterprise_name: '某化工',
      is_major: true,
      major_grade: 2,
      s_value: 12.5,
      r_value: 80,
      alpha: 2,
      exposed_population: 300,
      area_name: '江海区',
      inventory: [{ substance: '液氨', quantity_t: 50, critical_t: 10 }],
      distances: [{ target_class: 'high_density', required_m: 600 }],
    },
  },
  { kind: 'public_hazard', data: { ...at, id: 'z1', enterprise_name: '某化工', major_grade: 1, advice_distance_m: 500 } },
  {
    kind: 'emergency_resources',
    data: {
      ...at,
      id: 'm1',
      name: '江海消防站',
      resource_type: 'fire_station',
      capacity: 30,
      capacity_unit: '人',
      duty_phone: '0750-119',
      area_name: '江海区',
    },
  },
  { kind: 'public_resource', data: { ...at, id: 'm1', name: '江海消防站', resource_type: 'fire_station', capacity: 30 } },
  {
    kind: 'pipelines',
    data: {
      ...at,
      id: 'p1',
      name: '江海中压燃气管道',
      medium: 'natural_gas',
      diameter_mm: 219.1,
      pressure_mpa: 0.4,
      burial_depth_m: 0.9,
      built_year: 2012,
      is_demo: true,
      operator_enterprise_id: null,
      operator_name: null,
      area_names: ['江海区'],
      area_names_en: ['Jianghai'],
      length_m: 3000,
      along_m: 1500,
      distance_m: 2,
      encroachments: [
        { target_id: 't1', target_name: '江海小学', type_code: 'school', target_class: 'high_sensitivity', distance_m: 3.6, along_m: 1502, ...at },
      ],
      hca: [
        {
          from_m: 1300,
          to_m: 1700,
          hca_class: 1,
          criterion: 'specific_place',
          reason_zh: '管道两侧各 200 m 内有特定场所 1 处',
          reason_en: '1 specific place(s) within 200 m each side',
          targets: 1,
          population: 900,
          households: 0,
        },
      ],
    },
  },
  {
    kind: 'accidents',
    data: {
      ...at,
      id: 'a1',
      occurred_at: '2026-03-02T01:30:00Z',
      first_reported_at: '2026-03-02T03:00:00Z',
      area_code: '440704001',
      area_name: '江海区',
      area_name_en: 'Jianghai',
      sector_code: 'imt_construction',
      sector_name: '建筑施工',
      sector_name_en: 'construction',
      sector_group: 'imt',
      category_code: 'falling',
      category_name: '高处坠落',
      category_name_en: 'falling from height',
      enterprise_name: '某建筑公司',
      deaths: 3,
      serious_injuries: 1,
      minor_injuries: 2,
      direct_loss_10k_yuan: 420,
      description: '脚手架坍塌',
      grade: 3,
      grade_decided_by: ['deaths'],
      late_report: true,
      published: false,
    },
  },
  {
    kind: 'vehicles',
    data: {
      ...at,
      id: 'v1',
      plate: '粤J12345',
      carrier_enterprise_id: 'e1',
      carrier_name: '江门市华海精细化工有限公司',
      un_number: 'UN1203',
      hazard_class: '3',
      class_name_zh: '易燃液体',
      class_name_en: 'Flammable liquids',
      capacity_t: 30,
      in_service: true,
      t: '2026-03-02T01:30:00Z',
      speed_kmh: 52,
      heading: 135,
      stale: false,
      alerts_today: [{ id: 'a1', kind: 'restricted_zone', at: '2026-03-02T01:20:00Z', zone_name: '江海区中心禁行区', target_name: null }],
    },
  },
  {
    kind: 'monitoring',
    data: {
      ...at,
      id: 'm1',
      name: '2#罐区',
      enterprise_name: '江门市华海精细化工有限公司',
      is_major: true,
      major_grade: 2,
      state: 'h',
      channels: 4,
      offline: 1,
      no_data: 0,
      hh: 0,
      h: 1,
      fault: 0,
      unacknowledged: 1,
      escalated: 0,
    },
  },
] as Detail[]

/** What each sample's card and tooltip must name. */
const NAMES: Record<string, string> = {
  risk_points: '储罐区A',
  public_risk: '危化品储存',
  hidden_dangers: '广告牌松动',
  protective_targets: '江海小学',
  hazard_sources: '1#罐区',
  public_hazard: '某化工',
  emergency_resources: '江海消防站',
  public_resource: '江海消防站',
  pipelines: '江海中压燃气管道',
  accidents: '2026-03-02 建筑施工事故',
  vehicles: '粤J12345',
  monitoring: '2#罐区',
}

const COUNTS: LayerCounts = {
  risk_points: { '1': 11, '2': 22, '3': 33, '4': 44 },
  hazard_sources: { total: 55, major: 5 },
  hidden_dangers: { open: 66, overdue: 6, major: 7 },
  protective_targets: 77,
  emergency_resources: 88,
  major_hazards: 99,
}

const ctx = (lang: 'zh' | 'en', audience: Audience): UiContext => ({ lang, audience, t: (k, v) => translate(lang, k, v) })
const FOLDER: Record<string, string> = {
  risk_points: 'riskPoints',
  hidden_dangers: 'hiddenDangers',
  protective_targets: 'protectiveTargets',
  hazard_sources: 'hazardSources',
  emergency_resources: 'emergencyResources',
}
const folderOf = (key: string) => FOLDER[key] ?? key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())

describe('every registry layer provides each part', () => {
  it('is one folder: data request and deck layer (index.ts, layer.ts), screen parts (ui.tsx), strings (messages.ts)', () => {
    for (const l of LAYERS) {
      const dir = join(import.meta.dirname, '../../../src/layers', folderOf(l.key))
      for (const f of ['index.ts', 'layer.ts', 'ui.tsx', 'messages.ts']) expect(existsSync(join(dir, f)), `${l.key}: ${f}`).toBe(true)
      expect(typeof l.load, l.key).toBe('function')
      expect(typeof l.draw, l.key).toBe('function')
      expect(typeof l.requestKey({ filters: { levels: [1, 2, 3, 4], industry: null, area: null }, audience: l.audiences[0]! }), l.key).toBe('string')
    }
  })

  it('strings: a name and a kind, zh-CN in Chinese, English, the same placeholders', () => {
    const cjk = /[\u4e00-\u9fff]/
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const l of LAYERS) {
      const m = l.ui.messages
      for (const k of ['name', 'kind']) expect(m[k], `${l.key} ${k}`).toBeDefined()
      for (const [k, v] of Object.entries(m)) {
        expect(v.zh.trim(), `${l.key} ${k}`).not.toBe('')
        expect(v.en.trim(), `${l.key} ${k}`).not.toBe('')
        expect(vars(v.en), `${l.key} ${k}`).toEqual(vars(v.zh))
        if (!/^[\x20-\x7e×]+$/.test(v.zh)) expect(cjk.test(v.zh), `${l.key} ${k} zh`).toBe(true)
        expect(cjk.test(v.en), `${l.key} ${k} en: ${v.en}`).toBe(false)
      }
      for (const a of l.audiences) {
        expect(cjk.test(layerName(l.ui, 'zh', a)), l.key).toBe(true)
        expect(layerName(l.ui, 'en', a)).toMatch(/^[A-Z]/)
      }
    }
    // the public sees hazard sources under their own name
    const hz = LAYERS.find((l) => l.key === 'hazard_sources')!
    expect(layerName(hz.ui, 'zh', 'public')).toBe('重大危险源')
    expect(layerName(hz.ui, 'zh', 'staff')).toBe('危险源')
  })

  it('panel: a symbol, and its count in view for each desk audience', () => {
    for (const l of LAYERS) {
      expect(isVNode(l.ui.symbol()), l.key).toBe(true)
      for (const a of l.audiences.filter((x) => x !== 'wall')) {
        const c = l.ui.count(COUNTS, ctx('en', a))
        expect(c.main, `${l.key} ${a}`).toMatch(/\d/)
      }
    }
    const byKey = (k: string) => LAYERS.find((l) => l.key === k)!.ui
    expect(byKey('risk_points').count(COUNTS, ctx('en', 'staff')).main).toBe('110')
    expect(text(byKey('risk_points').count(COUNTS, ctx('zh', 'staff')).sub)).toContain('44')
    expect(byKey('hazard_sources').count(COUNTS, ctx('en', 'public')).main).toBe('99')
    expect(text(byKey('hidden_dangers').count(COUNTS, ctx('en', 'staff')).sub)).toContain('6 overdue')
  })

  it('legend: a titled group of named symbols for every audience that sees the layer', () => {
    for (const l of LAYERS) {
      for (const a of l.audiences) {
        for (const lang of ['zh', 'en'] as const) {
          // the wall shows the incident's targets only in incident mode, its dangers only outside it, the
          // threat zones only where the legend asks for them
          const entries = [false, true].map((incident) => l.ui.legend({ ...ctx(lang, a), wall: { incident, threatZones: true } })).filter((e) => e !== null)
          expect(entries.length, `${l.key} ${a}`).toBeGreaterThan(0)
          for (const e of entries) {
            expect(e.title.trim(), `${l.key} ${a}`).not.toBe('')
            const items = e.blocks.flatMap((b) => b.items)
            expect(items.length, `${l.key} ${a}`).toBeGreaterThan(0)
            for (const it of items) {
              expect(it.label.trim(), `${l.key} ${a}`).not.toBe('')
              expect(isVNode(it.symbol()), `${l.key} ${a} ${it.key}`).toBe(true)
              expect(isVNode(it.symbol(20)), `${l.key} ${a} ${it.key}`).toBe(true)
            }
          }
        }
      }
    }
  })

  it('card and tooltip: each Detail kind but enterprises belongs to exactly one layer, which draws it', () => {
    for (const d of SAMPLES) {
      const owners = LAYERS.filter((l) => l.ui.detailKinds.includes(d.kind))
      expect(
        owners.map((l) => l.key),
        d.kind,
      ).toHaveLength(1)
      const l = layerOfDetail(d.kind)!
      for (const lang of ['zh', 'en'] as const) {
        // a category has its English name
        const name =
          lang === 'en' && d.kind === 'public_risk'
            ? 'Hazchem storage'
            : lang === 'en' && d.kind === 'accidents'
              ? 'construction accident, 2026-03-02'
              : NAMES[d.kind]
        const card = l.ui.card(d, ctx(lang, d.kind.startsWith('public_') ? 'public' : 'staff'))
        expect(card, d.kind).not.toBeNull()
        expect(card!.title, d.kind).toBe(name)
        expect(isVNode(card!.icon), d.kind).toBe(true)
        expect(text(card!.rows).length, d.kind).toBeGreaterThan(10)
        const tip = l.ui.tooltip(d, lang)!
        expect(tip.kind).toBe(d.kind)
        expect(tip.name).toBe(name)
        expect(kindName(l.ui, d.kind, lang).trim()).not.toBe('')
      }
      // the other layers do not claim it
      for (const other of LAYERS.filter((x) => x !== l)) {
        expect(other.ui.card(d, ctx('zh', 'staff')), `${other.key} ${d.kind}`).toBeNull()
        expect(other.ui.tooltip(d, 'zh'), `${other.key} ${d.kind}`).toBeNull()
      }
    }
    const kinds = new Set(SAMPLES.map((d) => d.kind))
    for (const l of LAYERS) for (const k of l.ui.detailKinds) expect(kinds.has(k), `${l.key}: sample of ${k}`).toBe(true)
    expect(layerOfDetail('enterprises')).toBeNull()
  })

  it('cards show what a click is for: the level, grade, status, class or type in words', () => {
    const rows = (kind: string, lang: 'zh' | 'en' = 'zh') => {
      const d = SAMPLES.find((s) => s.kind === kind)!
      return text(layerOfDetail(kind)!.ui.card(d, ctx(lang, 'staff'))!.rows)
    }
    expect(rows('risk_points')).toContain('重大风险')
    expect(rows('risk_points')).toContain('3 × 6 × 40')
    expect(rows('hidden_dangers')).toContain('已逾期')
    expect(rows('hazard_sources')).toContain('液氨')
    expect(rows('hazard_sources', 'en')).toContain('600 m')
    expect(rows('public_hazard', 'en')).toContain('500 m')
    expect(rows('emergency_resources')).toContain('0750-119')
    expect(rows('public_resource')).not.toContain('0750-119')
    expect(rows('pipelines')).toContain('天然气')
    expect(rows('pipelines')).toContain('江海小学')
    expect(rows('pipelines', 'en')).toContain('within 200 m each side')
    expect(rows('pipelines', 'en')).toContain('Jianghai')
    expect(rows('pipelines')).toContain('3.6 米')
    expect(kindName(layerOfDetail('public_hazard')!.ui, 'public_hazard', 'zh')).toBe('重大危险源')
    expect(kindName(layerOfDetail('hazard_sources')!.ui, 'hazard_sources', 'zh')).toBe('危险源')
  })
})
