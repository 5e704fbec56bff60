// For tests that compare a restated SQL function with its previous body: the body is read from the
// migration that last defined it and renamed into a scratch schema, so both can run on the same data.
import { readFileSync } from 'node:fs'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

/** `create or replace function <from>.<name>(…) … $$;` from `migration` (`from`: public unless
 * given), renamed to `<schema>.<name>`. */
export function previousFunctionBody(migration: string, name: string, schema: string, from = 'public'): string {
  const text = readFileSync(new URL(`../../supabase/migrations/${migration}`, import.meta.url), 'utf8')
  const head = `create or replace function ${from}.${name}(`
  const start = text.indexOf(head)
  if (start < 0) throw new Error(`${from}.${name} not found in ${migration}`)
  const end = text.indexOf('$$;', text.indexOf('as $$', start) + 5)
  return text.slice(start, end + 3).replace(`${from}.${name}(`, `${schema}.${name}(`)
}

/** JWT claims of the demo roles that read the map (a regulator of the demo district, the demo enterprise). */
export const ROLE_CLAIMS: Record<string, unknown> = {
  command: { role: 'authenticated', app_metadata: { app_role: 'command' } },
  admin: { role: 'authenticated', app_metadata: { app_role: 'admin' } },
  planner: { role: 'authenticated', app_metadata: { app_role: 'planner' } },
  regulator: { role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } },
  enterprise: { role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } },
}
