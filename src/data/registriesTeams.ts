// Writes of rescue teams (issue 18, 救援队伍) from #/registries: the team and its on-duty phone
// (rescue_team_contacts, staff-only, never public) in one call, save_rescue_team (one transaction
// under the caller's row rules: admins; the regulators of the area the base lies in), so a refused
// phone leaves nothing written. A refusal comes back as an ApiError.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'
import type { TeamWrite } from '../domain/rescueTeams.ts'

/** A team's base (longitude, latitude), for editing. */
export async function teamBase(id: string): Promise<{ lon: number; lat: number } | null> {
  const { data, error, status } = await supabase().from('rescue_teams').select('location').eq('id', id).maybeSingle()
  if (error) throw new ApiError(error.message, status, error.code)
  const c = (data as { location?: { coordinates?: [number, number] } } | null)?.location?.coordinates
  return c ? { lon: c[0], lat: c[1] } : null
}

/** Adds a team (id null) or changes one, with its duty phone (null: none); the team's id. */
export const saveTeam = (id: string | null, row: TeamWrite, phone: string | null) =>
  rpcCall<string>('save_rescue_team', { team: id ? { id, ...row } : row, phone }, { bare: true })
