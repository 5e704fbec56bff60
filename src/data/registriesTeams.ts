// Writes of rescue teams (issue 18, 救援队伍) through PostgREST under rescue_teams' row rules (admins; the
// regulators of the area the base lies in) and the on-duty phone in rescue_team_contacts (staff-only,
// never public); the database's refusal comes back as it is for the form to show word for word.
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { TeamWrite } from '../domain/rescueTeams.ts'

/** A team's base (longitude, latitude), for editing. */
export async function teamBase(id: string): Promise<{ lon: number; lat: number } | null> {
  const { data, error, status } = await supabase().from('rescue_teams').select('location').eq('id', id).maybeSingle()
  if (error) throw new ApiError(error.message, status, error.code)
  const c = (data as { location?: { coordinates?: [number, number] } } | null)?.location?.coordinates
  return c ? { lon: c[0], lat: c[1] } : null
}

async function savePhone(teamId: string, phone: string | null): Promise<void> {
  const q = phone
    ? supabase().from('rescue_team_contacts').upsert({ team_id: teamId, duty_phone: phone }, { onConflict: 'team_id' })
    : supabase().from('rescue_team_contacts').delete().eq('team_id', teamId)
  const { error, status } = await q
  if (error) throw new ApiError(error.message, status, error.code)
}

export async function addTeam(row: TeamWrite, phone: string | null): Promise<string> {
  const { data, error, status } = await supabase().from('rescue_teams').insert(row).select('id').single()
  if (error) throw new ApiError(error.message, status, error.code)
  const id = (data as { id: string }).id
  await savePhone(id, phone)
  return id
}

export async function updateTeam(id: string, row: TeamWrite, phone: string | null): Promise<void> {
  const { data, error, status } = await supabase().from('rescue_teams').update(row).eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data || data.length === 0)
    throw new ApiError('无权修改该救援队伍（或记录已不存在） / not allowed to change this rescue team (or it no longer exists)', 403, '42501')
  await savePhone(id, phone)
}
