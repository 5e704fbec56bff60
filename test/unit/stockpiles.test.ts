// The stockpile form's checks (src/domain/stockpiles.ts): per field, Chinese first, the table's own
// limits; who may edit a lot (the material_stockpiles_insert, _update and _delete rule); and the warning areas' labels.
import { describe, expect, it } from 'vitest'
import { codePrefix, mayEditStock, stockProblems, stockRow } from '../../src/domain/stockpiles.ts'
import { warningLabel } from '../../src/layers/warningAreas/layer.ts'

const GOOD = { resource_id: 'r1', material: ' 防化服 ', quantity: '12', unit: '套', expires_on: '' }

describe('stockProblems', () => {
  it('passes a good lot and cleans it for sending', () => {
    expect(stockProblems(GOOD)).toEqual([])
    expect(stockRow({ ...GOOD, material: '  泡沫   灭火剂 ', expires_on: '2030-02-28' })).toEqual({
      resource_id: 'r1',
      material: '泡沫 灭火剂',
      quantity: 12,
      unit: '套',
      expires_on: '2030-02-28',
    })
  })

  it.each([
    [{ resource_id: '' }, 'resource_id', '请选择储备点'],
    [{ material: '  ' }, 'material', '物资名称：必填'],
    [{ material: '材'.repeat(101) }, 'material', '物资名称：不超过 100 个字符'],
    [{ quantity: '' }, 'quantity', '数量：必填'],
    [{ quantity: '-1' }, 'quantity', '数量：须为不小于 0 的数字'],
    [{ quantity: '1e3' }, 'quantity', '数量：须为不小于 0 的数字'],
    [{ quantity: 'abc' }, 'quantity', '数量：须为不小于 0 的数字'],
    [{ quantity: '1000000001' }, 'quantity', '数量：不超过 1,000,000,000'],
    [{ unit: '' }, 'unit', '计量单位：必填'],
    [{ unit: '单'.repeat(21) }, 'unit', '计量单位：不超过 20 个字符'],
    [{ expires_on: '2030-02-30' }, 'expires_on', '有效期至：须为有效日期（年-月-日）'],
    [{ expires_on: '30/06/2030' }, 'expires_on', '有效期至：须为有效日期（年-月-日）'],
  ])('%j → %s', (bad, field, zh) => {
    const p = stockProblems({ ...GOOD, ...bad })
    expect(p.map((x) => [x.field, x.zh])).toEqual([[field, zh]])
    expect(p[0]!.en).toMatch(/^[A-Z]/)
  })

  it('keeps the boundaries: 100 characters, 20, 0 and 1,000,000,000 pass', () => {
    expect(stockProblems({ ...GOOD, material: '材'.repeat(100), unit: '单'.repeat(20), quantity: '0' })).toEqual([])
    expect(stockProblems({ ...GOOD, quantity: '1000000000' })).toEqual([])
  })
})

describe('mayEditStock (material_stockpiles_insert, _update, _delete)', () => {
  it('admins everywhere, regulators at depots in their area, nobody else', () => {
    expect(mayEditStock('admin', '440703001', [])).toBe(true)
    expect(mayEditStock('regulator', '440704002', ['440704'])).toBe(true)
    expect(mayEditStock('regulator', '440703002', ['440704'])).toBe(false)
    expect(mayEditStock('regulator', '440703002', ['440700'])).toBe(true)
    expect(mayEditStock('regulator', null, ['440704'])).toBe(false)
    for (const r of ['enterprise', 'planner', 'command', null]) expect(mayEditStock(r, '440704002', ['440704'])).toBe(false)
    expect(codePrefix('440000')).toBe('44')
    expect(codePrefix('440700')).toBe('4407')
    expect(codePrefix('440704')).toBe('440704')
  })
})

describe('warningLabel', () => {
  const a = { id: 'w', title: 't', level: 2 as const, area_codes: [], area_names: ['江海区'], valid_until: null, geometry: null, label_lon: 0, label_lat: 0 }
  it('names the warning and its areas, two then how many more', () => {
    expect(warningLabel(a, 'zh')).toBe('橙色预警 · 江海区')
    expect(warningLabel({ ...a, area_names: ['江海区', '蓬江区', '新会区', '台山市'] }, 'zh')).toBe('橙色预警 · 江海区、蓬江区 等 2 个区域')
    expect(warningLabel({ ...a, area_names: ['Jianghai'] }, 'en')).toBe('Orange warning · Jianghai')
    expect(warningLabel({ ...a, area_names: [] }, 'zh')).toBe('橙色预警')
  })
})
