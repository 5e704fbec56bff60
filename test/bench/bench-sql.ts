// Functions that exist only in the benchmark's throw-away database: the two baselines' payloads,
// served through the same gateway and PostgREST as map_points so that the wire is the same.
// SECURITY INVOKER like map_points: the same user, the same row-level security.
import type pg from 'pg'

/** PostgREST 12 serves `Accept: application/octet-stream` only from functions whose return type
 * is a domain of that name (a "media type handler"); a plain bytea answers 415 (PGRST107). */
export const OCTET_DOMAIN_SQL = `
do $$
begin
  if to_regtype('public."application/octet-stream"') is null then
    create domain public."application/octet-stream" as bytea;
  end if;
end
$$;
grant usage on type public."application/octet-stream" to anon, authenticated, service_role;
`

export const BENCH_FUNCTIONS_SQL = `
-- Baseline 1: all points as one GeoJSON FeatureCollection (what a MapLibre GeoJSON source eats),
-- coordinates at 6 decimals (~0.1 m), the level as the only property.
create or replace function public.bench_geojson() returns json
language sql stable security invoker set search_path = ''
as $$
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', extensions.st_asgeojson(r.location, 6)::json,
    'properties', json_build_object('level', r.level))), '[]'::json))
  from public.risk_points r
$$;

-- Baseline 2: all points as raw binary, 9 bytes each: float32 lon, float32 lat (big-endian),
-- uint8 level. No binning: what a "just send typed arrays" deck.gl layer would fetch.
create or replace function public.bench_positions() returns public."application/octet-stream"
language sql stable security invoker set search_path = ''
as $$
  select coalesce(string_agg(float4send(extensions.st_x(r.location)::float4)
                             || float4send(extensions.st_y(r.location)::float4)
                             || set_byte('\\x00'::bytea, 0, r.level), ''::bytea), ''::bytea)
  from public.risk_points r
$$;

grant execute on function public.bench_geojson() to authenticated, service_role;
grant execute on function public.bench_positions() to authenticated, service_role;
`

export async function createBenchFunctions(client: pg.Client): Promise<void> {
  await client.query(OCTET_DOMAIN_SQL)
  await client.query(BENCH_FUNCTIONS_SQL)
}

const MAP_POINTS = 'public.map_points(text, float8, float8, float8, float8, float8, int[], text, text)'

/**
 * If map_points returns plain bytea (PostgREST 12 then refuses application/octet-stream), give it
 * the media-type domain as its return type, IN THE BENCH DATABASE ONLY: same body, same grants,
 * only the declared type differs, so the figures are those of the migration's own query. Returns
 * true when it had to do so (the report says so: the migration needs the same fix).
 */
export async function shimOctetStream(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ rettype: string; def: string }>(
    `select format_type(p.prorettype, null) as rettype, pg_get_functiondef(p.oid) as def
     from pg_proc p where p.oid = '${MAP_POINTS}'::regprocedure`,
  )
  const fn = rows[0]
  if (!fn || fn.rettype !== 'bytea') return false
  await client.query(OCTET_DOMAIN_SQL)
  const def = fn.def.replace(/RETURNS bytea/, 'RETURNS public."application/octet-stream"')
  if (def === fn.def) throw new Error('could not rewrite the return type of map_points')
  await client.query('begin')
  try {
    await client.query(`drop function ${MAP_POINTS}`)
    await client.query(def)
    // The migration's grants again: revoked from anon and public, granted to authenticated (and
    // service_role through the default privileges).
    await client.query(`revoke execute on function ${MAP_POINTS} from anon, public`)
    await client.query(`grant execute on function ${MAP_POINTS} to authenticated, service_role`)
    await client.query('commit')
  } catch (err) {
    await client.query('rollback').catch(() => {})
    throw err
  }
  return true
}
