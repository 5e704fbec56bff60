// The demo accounts, one per application role, with fixed ids so tests and docs can refer to
// them whatever seed or scale the demo was generated with. The password is public on purpose:
// these accounts exist only in demo databases.

export const DEMO_PASSWORD = 'Demo-2026!'

/** The enterprise the enterprise-role user belongs to: a chemical plant in 江海区 with hazard
 * sources, risk points and hidden dangers (generated as enterprise #0 for every seed). */
export const DEMO_ENTERPRISE_ID = 'de300000-0000-4000-8000-00000000e001'
export const DEMO_ENTERPRISE_NAME = '江门市华海精细化工有限公司'

/** The regulator's jurisdiction: 江海区. */
export const DEMO_REGULATOR_AREA = '440704'

export type AppRole = 'admin' | 'regulator' | 'planner' | 'command' | 'enterprise'

export interface DemoUser {
  id: string
  email: string
  password: string
  role: AppRole
  /** Extra claims merged into raw_app_meta_data (which becomes the JWT's app_metadata). */
  appMetadata: Record<string, unknown>
  displayName: string
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'de300000-0000-4000-8000-0000000000a1', email: 'admin@demo.yizhangtu.cn', password: DEMO_PASSWORD, role: 'admin', appMetadata: {}, displayName: '系统管理员（演示）' },
  { id: 'de300000-0000-4000-8000-0000000000a2', email: 'regulator@demo.yizhangtu.cn', password: DEMO_PASSWORD, role: 'regulator', appMetadata: { area_codes: [DEMO_REGULATOR_AREA] }, displayName: '江海区应急管理局（演示）' },
  { id: 'de300000-0000-4000-8000-0000000000a3', email: 'planner@demo.yizhangtu.cn', password: DEMO_PASSWORD, role: 'planner', appMetadata: {}, displayName: '规划部门（演示）' },
  { id: 'de300000-0000-4000-8000-0000000000a4', email: 'command@demo.yizhangtu.cn', password: DEMO_PASSWORD, role: 'command', appMetadata: {}, displayName: '应急指挥中心（演示）' },
  { id: 'de300000-0000-4000-8000-0000000000a5', email: 'enterprise@demo.yizhangtu.cn', password: DEMO_PASSWORD, role: 'enterprise', appMetadata: { enterprise_id: DEMO_ENTERPRISE_ID }, displayName: DEMO_ENTERPRISE_NAME },
]

export const demoUser = (role: AppRole): DemoUser => {
  const u = DEMO_USERS.find((x) => x.role === role)
  if (!u) throw new Error(`no demo user for ${role}`)
  return u
}

/** raw_app_meta_data as GoTrue writes it, plus the application's claims. */
export function appMetaData(u: DemoUser): Record<string, unknown> {
  return { provider: 'email', providers: ['email'], app_role: u.role, ...u.appMetadata }
}
