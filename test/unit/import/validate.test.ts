// Pure parts of src/import: credit codes (the same rule as the database and the seed), header
// mapping and templates, row checks (refuse, never fix) with Excel row numbers and columns.
import { describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import {
  FIELDS,
  IMPORT_KINDS,
  ImportFileError,
  applyTemplate,
  autoMap,
  creditCodeProblem,
  identityToWgs84,
  isValidCreditCode,
  parseTemplate,
  prepareRows,
  readCsv,
  refLists,
  templateJson,
  type ImportKind,
  type RefLists,
} from '../../../src/import/index.ts'
import { isValidCreditCode as seedRule, makeCreditCode } from '../../../supabase/seed/credit-code.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, fixtureCreditCode, toCsv } from '../../fixtures/import/generate.ts'

const REFS: RefLists = refLists({
  industries: [
    { code: 'chemical', name_zh: '危险化学品生产', name_en: 'Hazardous chemical production' },
    { code: 'machinery', name_zh: '机械制造', name_en: 'Machinery' },
    { code: 'food', name_zh: '食品加工', name_en: 'Food processing' },
    { code: 'logistics', name_zh: '仓储物流', name_en: 'Warehousing and logistics' },
    { code: 'electronics', name_zh: '电子制造', name_en: 'Electronics' },
    { code: 'textile', name_zh: '纺织服装', name_en: 'Textiles' },
  ],
  protective_target_types: [
    { code: 'school', name_zh: '学校', name_en: 'School', default_class: 'high_sensitivity' },
    { code: 'hospital', name_zh: '医院', name_en: 'Hospital', default_class: 'high_sensitivity' },
  ],
  risk_point_categories: [{ code: 'storage_tank', name_zh: '储罐区', name_en: 'Tank farm' }],
})

const prep = (kind: ImportKind, headers: readonly string[], rows: (string | number | null)[][]) => {
  const t = readCsv(strToU8(toCsv(headers, rows)))
  return prepareRows(t, { kind, mapping: autoMap(kind, t.headers), refs: REFS, crs: 'wgs84', toWgs84: identityToWgs84 })
}

describe('credit codes (GB 32100)', () => {
  it("agrees with the seed generator's rule on valid and damaged codes", () => {
    for (let i = 0; i < 300; i++) {
      const good = makeCreditCode('440704', i, 12345)
      expect(isValidCreditCode(good)).toBe(true)
      const bad = good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A')
      expect(isValidCreditCode(bad)).toBe(seedRule(bad))
      expect(isValidCreditCode(bad)).toBe(false)
    }
    expect(creditCodeProblem('91440704mA4UXXXX1X')).toMatch(/18 digits or capital letters/)
    expect(creditCodeProblem(fixtureCreditCode(7).slice(0, 17) + 'I')).toMatch(/18 digits or capital letters/)
  })
})

describe('mapping', () => {
  it('Chinese and English headers map to the fields; a longer synonym wins over 名称', () => {
    expect(autoMap('enterprises', ['单位名称', '信用代码', '所属行业', '详细地址', 'LON', 'Lat', '员工人数'])).toEqual({
      name: '单位名称',
      credit_code: '信用代码',
      industry_code: '所属行业',
      address: '详细地址',
      lng: 'LON',
      lat: 'Lat',
      employees: '员工人数',
      standardization_grade: null,
    })
    expect(autoMap('enterprises', ['名称', '企业名称']).name).toBe('企业名称')
    expect(autoMap('protective_targets', ['经度（GCJ-02）', '纬度（GCJ-02）', '名称', '类型', '人口'])).toMatchObject({
      lng: '经度（GCJ-02）',
      lat: '纬度（GCJ-02）',
      population: '人口',
    })
  })

  it('every kind has a name field, and each required field at least one synonym', () => {
    for (const k of IMPORT_KINDS) {
      expect(
        FIELDS[k].some((f) => f.key === 'name'),
        k,
      ).toBe(true)
      for (const f of FIELDS[k]) expect(f.synonyms.length, `${k}.${f.key}`).toBeGreaterThan(0)
    }
  })

  it('templates: saved as JSON, laid over the automatic mapping, checked against the file', () => {
    const headers = ['甲', '乙', '行业', '经度', '纬度']
    const tpl = parseTemplate(templateJson('某局', 'enterprises', { name: '甲', credit_code: '乙' }))
    expect(applyTemplate('enterprises', headers, tpl)).toMatchObject({ name: '甲', credit_code: '乙', industry_code: '行业', lng: '经度' })
    expect(() => applyTemplate('enterprises', ['甲'], tpl)).toThrow(/the template's column "乙" is not in the file/)
    expect(() => applyTemplate('protective_targets', headers, tpl)).toThrow(/is for enterprises/)
    expect(() => parseTemplate('{"name": 1}')).toThrow(ImportFileError)
    expect(() => parseTemplate('not json')).toThrow(/not valid JSON/)
  })
})

describe('row checks: refuse, never fix', () => {
  const good = enterpriseRows(3, { district: '440704', serialBase: 100 })

  it('good rows become database records with a WGS-84 EWKT position', () => {
    const p = prep('enterprises', ENTERPRISE_HEADERS, good)
    expect(p.errors).toEqual([])
    expect(p.rows[0]).toEqual({
      row: 2,
      data: {
        name: good[0]![0],
        credit_code: good[0]![1],
        industry_code: 'chemical',
        address: good[0]![3],
        location: `SRID=4326;POINT(${good[0]![4]} ${good[0]![5]})`,
        employees: good[0]![6],
      },
    })
  })

  it('each refusal names the row, the column as the file spells it, and the reason', () => {
    const rows = good.map((r) => [...r])
    rows[0]![6] = '1,200' // not a number as written
    rows[1]![4] = ''
    rows[2]![5] = 'abc'
    const p = prep('enterprises', ENTERPRISE_HEADERS, [
      ...rows,
      [...good[0]!.slice(0, 6), '12.5'],
      [...good[1]!.slice(0, 2), 'Machinery', ...good[1]!.slice(3)],
    ])
    expect(p.errors).toEqual([
      { row: 2, column: '从业人数', message: expect.stringMatching(/"1,200" is not a number/) },
      { row: 3, column: '经度', message: expect.stringMatching(/longitude is required/) },
      { row: 4, column: '纬度', message: expect.stringMatching(/"abc" is not a number/) },
      { row: 5, column: '从业人数', message: expect.stringMatching(/not a whole number/) },
    ])
    expect(p.rows.map((r) => r.row)).toEqual([6]) // 'Machinery' (English name) is accepted
    expect(p.total).toBe(5)
  })

  it('a missing required column refuses the whole file', () => {
    expect(() => prep('enterprises', ['企业名称', '经度', '纬度'], [['某企业', 113, 22]])).toThrow(/required columns not found: credit code, industry/)
  })

  it('protective targets: class from the type unless given; duplicates within 10 m refused', () => {
    const p = prep(
      'protective_targets',
      ['名称', '类型', '人数', '经度', '纬度'],
      [
        ['一中', '学校', 900, 113.1, 22.55],
        ['一中', '学校', 900, 113.10005, 22.55],
        ['一中', '学校', 900, 113.11, 22.55],
        ['一院', '医院', 10, 113.1, 22.55],
      ],
    )
    expect(p.rows.map((r) => [r.row, r.data.target_class])).toEqual([
      [2, 'high_sensitivity'],
      [4, 'high_sensitivity'],
      [5, 'high_sensitivity'],
    ])
    expect(p.errors).toEqual([{ row: 3, column: '名称', message: expect.stringMatching(/duplicate of row 2 \(same name and type within 10 m\)/) }])
  })

  it('a CRS without a transform is a row error naming it (until src/geo/crs.ts is plugged in)', () => {
    const t = readCsv(strToU8(toCsv(ENTERPRISE_HEADERS, good.slice(0, 1))))
    const p = prepareRows(t, { kind: 'enterprises', mapping: autoMap('enterprises', t.headers), refs: REFS, crs: 'gcj02', toWgs84: identityToWgs84 })
    expect(p.errors[0]).toMatchObject({ row: 2, column: '经度', message: expect.stringMatching(/no transform for gcj02/) })
  })

  it('a transform passed in is used (positions in WGS-84)', () => {
    const t = readCsv(strToU8(toCsv(ENTERPRISE_HEADERS, good.slice(0, 1))))
    const p = prepareRows(t, {
      kind: 'enterprises',
      mapping: autoMap('enterprises', t.headers),
      refs: REFS,
      crs: 'gcj02',
      toWgs84: (x, y) => [x - 0.005, y + 0.003],
    })
    expect(p.rows[0]!.data.location).toBe(`SRID=4326;POINT(${Number(good[0]![4]) - 0.005} ${Number(good[0]![5]) + 0.003})`)
  })

  it('risk points: LEC needs L, E and C', () => {
    const p = prep(
      'risk_points',
      ['风险点名称', '类别', 'L', 'E', 'C', '经度', '纬度'],
      [
        ['罐区', '储罐区', 3, 6, '', 113.1, 22.55],
        ['罐区2', '储罐区', 3, 6, 15, 113.1, 22.55],
      ],
    )
    expect(p.errors).toEqual([{ row: 2, column: 'C', message: expect.stringMatching(/lec needs lec_l, lec_e, lec_c/) }])
    expect(p.rows[0]!.data).toMatchObject({ method: 'lec', lec_l: 3, lec_e: 6, lec_c: 15, category_code: 'storage_tank' })
  })
})
