// Import column-mapping templates (issue 14, migration 20261225000100): the demo regulator's own
// (private and shared in its district), the admin's (a city-wide shared one and a private one),
// and two of other regulators (a street under the demo district, and a neighbouring district), so
// that each importer's view of the table has rows to show and rows to miss. Synthetic (名称标“演示”).
import { demoUuid } from './ids.ts'
import { demoUser } from './demo-users.ts'
import type { Ctx, Row } from './context.ts'

const ENTERPRISE_MAPPING = { name: '企业名称', credit_code: '统一社会信用代码', industry: '行业', address: '地址', lng: '经度', lat: '纬度' }
const TARGET_MAPPING = { name: '名称', type_code: '类型', population: '人数', lng: 'X', lat: 'Y' }
/** other regulators (not demo users): a street of the demo district and a neighbouring district */
const STREET_REGULATOR = 'de300000-0000-4000-8000-0000000000b1'
const NEIGHBOUR_REGULATOR = 'de300000-0000-4000-8000-0000000000b2'

const SPECS: ReadonlyArray<{ owner: string; name: string; kind: string; shared: boolean; area: string[]; mapping: Record<string, string> }> = [
  {
    owner: demoUser('regulator').id,
    name: '演示：应急局企业名录（高德坐标）',
    kind: 'enterprises',
    shared: true,
    area: ['440704%'],
    mapping: ENTERPRISE_MAPPING,
  },
  {
    owner: demoUser('regulator').id,
    name: '演示：我的防护目标表（草稿）',
    kind: 'protective_targets',
    shared: false,
    area: ['440704%'],
    mapping: TARGET_MAPPING,
  },
  { owner: demoUser('admin').id, name: '演示：全市企业名录（标准表头）', kind: 'enterprises', shared: true, area: [], mapping: ENTERPRISE_MAPPING },
  { owner: demoUser('admin').id, name: '演示：管理员草稿', kind: 'enterprises', shared: false, area: [], mapping: ENTERPRISE_MAPPING },
  { owner: STREET_REGULATOR, name: '演示：街道防护目标（共享）', kind: 'protective_targets', shared: true, area: ['440704001%'], mapping: TARGET_MAPPING },
  { owner: NEIGHBOUR_REGULATOR, name: '演示：新会区企业名录（共享）', kind: 'enterprises', shared: true, area: ['440705%'], mapping: ENTERPRISE_MAPPING },
]

export function importTemplateRows(ctx: Ctx): Row[] {
  return SPECS.map((s, i) => ({
    id: demoUuid(ctx.seed, 'import_templates', i),
    name: s.name,
    kind: s.kind,
    mapping: s.mapping,
    owner_id: s.owner,
    area_patterns: `{${s.area.join(',')}}`, // a text[] literal
    shared: s.shared,
    is_demo: true,
  }))
}
