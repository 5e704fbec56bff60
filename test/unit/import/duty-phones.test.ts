// Emergency resources' duty phones in the import (issue 14, 20270201000100_import_duty_phones.sql):
// the headers a registry uses map to the duty_phone field; the row carries the phone as written
// (the database checks it); an empty cell carries none (the stored phone is left alone); the
// export writes 值班电话 and leaves it empty where export_page gave no phone.
import { describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import {
  autoMap,
  buildExport,
  exportHeaders,
  fileColumnName,
  identityToWgs84,
  prepareRows,
  readCsv,
  refLists,
  type ExportRecord,
} from '../../../src/import/index.ts'
import { fromWgs84 } from '../../../src/geo/crs.ts'
import { toCsv } from '../../fixtures/import/generate.ts'

const REFS = refLists({ industries: [], protective_target_types: [], risk_point_categories: [] })

describe('duty phone: header mapping', () => {
  const base = ['名称', '类型', '经度', '纬度']
  for (const h of [
    '值班电话',
    '联系电话',
    '应急值班电话',
    '24小时值班电话',
    '电话',
    'duty_phone',
    'Duty Phone',
    'PHONE',
    'tel',
    '值班电话（24小时）',
    '联系电话(办公室)',
  ]) {
    it(`“${h}” → duty_phone`, () => {
      const m = autoMap('emergency_resources', [...base, h])
      expect(m.duty_phone).toBe(h)
      expect(m.name).toBe('名称')
    })
  }
  it('no phone column: the field stays unmapped; other kinds have no phone field', () => {
    expect(autoMap('emergency_resources', base).duty_phone).toBeNull()
    expect(autoMap('protective_targets', [...base, '值班电话'])).not.toHaveProperty('duty_phone')
    expect(autoMap('enterprises', ['企业名称', '统一社会信用代码', '行业', '经度', '纬度', '联系电话'])).not.toHaveProperty('duty_phone')
  })
  it('a database error on duty_phone is named as the file names the column, with its letter', () => {
    const headers = [...base, '联系电话']
    expect(fileColumnName('emergency_resources', autoMap('emergency_resources', headers), { headers, geometry: false }, 'duty_phone')).toBe('联系电话 (列 E)')
  })
})

describe('duty phone: rows', () => {
  const headers = ['名称', '类型', '经度', '纬度', '值班电话']
  const prep = (rows: (string | number | null)[][]) => {
    const t = readCsv(strToU8(toCsv(headers, rows)))
    return prepareRows(t, {
      kind: 'emergency_resources',
      mapping: autoMap('emergency_resources', t.headers),
      refs: REFS,
      crs: 'wgs84',
      toWgs84: identityToWgs84,
    })
  }
  it('the phone goes to the database as written (trimmed), a bad one too (the database refuses it by row); an empty cell sends none', () => {
    const p = prep([
      ['消防一站', '消防站', 113.08, 22.58, ' 0750-3456789 '],
      ['消防二站', '消防站', 113.09, 22.58, '119'],
      ['消防三站', '消防站', 113.1, 22.58, 'call me'],
      ['消防四站', '消防站', 113.11, 22.58, ''],
    ])
    expect(p.errors).toEqual([])
    expect(p.rows.map((r) => r.data.duty_phone)).toEqual(['0750-3456789', '119', 'call me', undefined])
    expect(p.rows[3]!.data).not.toHaveProperty('duty_phone')
  })
})

describe('duty phone: export', () => {
  const rec = (id: string, phone?: string | null): ExportRecord => ({
    id,
    name: '消防一站',
    resource_type: 'fire_station',
    ...(phone === undefined ? {} : { duty_phone: phone }),
    geometry: { type: 'Point', coordinates: [113.08, 22.58] },
  })
  it('值班电话 is an export header that maps back to duty_phone', () => {
    for (const format of ['csv', 'xlsx', 'geojson'] as const) expect(exportHeaders('emergency_resources', format)).toContain('值班电话')
    expect(autoMap('emergency_resources', exportHeaders('emergency_resources', 'csv')).duty_phone).toBe('值班电话')
  })
  it('the phone where export_page gave one; empty where it gave none or no key (roles that may not read phones)', () => {
    const f = buildExport(
      'emergency_resources',
      [
        rec('00000000-0000-4000-8000-000000000001', '+86 750 3456789'),
        rec('00000000-0000-4000-8000-000000000002', null),
        rec('00000000-0000-4000-8000-000000000003'),
      ],
      { format: 'csv', crs: 'wgs84', refs: REFS, fromWgs84 },
    )
    const t = readCsv(f.bytes)
    const col = t.headers.indexOf('值班电话')
    expect(col).toBeGreaterThanOrEqual(0)
    // a leading + is kept as text for Excel (a tab the import trims)
    expect(t.rows.map((r) => r.cells[col])).toEqual(['\t+86 750 3456789', '', ''])
    const again = prepareRows(t, {
      kind: 'emergency_resources',
      mapping: autoMap('emergency_resources', t.headers),
      refs: REFS,
      crs: 'wgs84',
      toWgs84: identityToWgs84,
    })
    expect(again.rows.map((r) => r.data.duty_phone)).toEqual(['+86 750 3456789', undefined, undefined])
  })
})
