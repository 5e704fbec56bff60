-- Null and missing RPC arguments (issue 12 leftovers): a null argument used to reach a message
-- formatted with it ("hazard source <NULL> not found", "got <NULL>, <NULL>", unknown layer
-- "<NULL>"), often as a 403 that hid the real reason. Each function below is its latest body
-- unchanged except for the `perform app.require_arg(...)` / `perform app.check_levels(...)`
-- line(s) right after `begin`, so a null is refused first, as a 400 naming the argument.
-- `levels int[]` on the map RPCs is capped: only the four levels 1–4 exist.
-- The helpers app.require_arg and app.check_levels are in 20261204000050_argument_checks.sql.

-- feature_at: the body of 20261124001600_feature_card.sql; only the perform line(s) after "begin" are new.
create or replace function public.feature_at(layer text, lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geometry;
  pg extensions.geography;
  hit uuid;
begin
  perform app.require_arg(layer, 'layer');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.check_lonlat(extensions.st_makepoint(lon, lat), 'click position');
  if radius_m is null or radius_m <= 0 or radius_m > 50000 then
    raise exception 'radius_m must be between 0 and 50000 metres (got %)', radius_m using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  pg := p::extensions.geography;
  if layer = 'risk_points' then
    select r.id into hit
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    left join public.enterprises e on e.id = r.enterprise_id
    where extensions.st_dwithin(r.location::extensions.geography, pg, radius_m)
    order by r.location operator(extensions.<->) p, r.level
    limit 1;
  elsif layer = 'hidden_dangers' then
    select d.id into hit
    from public.hidden_dangers d
    left join public.enterprises e on e.id = d.enterprise_id
    where extensions.st_dwithin(d.location::extensions.geography, pg, radius_m)
    order by d.location operator(extensions.<->) p
    limit 1;
  elsif layer = 'protective_targets' then
    select t.id into hit
    from public.protective_targets t
    join public.protective_target_types ty on ty.code = t.type_code
    where extensions.st_dwithin(t.geom::extensions.geography, pg, radius_m)
    order by t.geom operator(extensions.<->) p
    limit 1;
  elsif layer = 'hazard_sources' then
    select h.id into hit
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where extensions.st_dwithin(h.geom::extensions.geography, pg, radius_m)
    order by h.geom operator(extensions.<->) p
    limit 1;
  elsif layer = 'emergency_resources' then
    select x.id into hit
    from public.emergency_resources x
    where extensions.st_dwithin(x.location::extensions.geography, pg, radius_m)
    order by x.location operator(extensions.<->) p
    limit 1;
  elsif layer = 'enterprises' then
    select e.id into hit
    from public.enterprises e
    join public.industries i on i.code = e.industry_code
    where extensions.st_dwithin(e.location::extensions.geography, pg, radius_m)
    order by e.location operator(extensions.<->) p
    limit 1;
  else
    raise exception 'unknown layer "%": expected risk_points, hidden_dangers, protective_targets, hazard_sources, emergency_resources or enterprises', layer
      using errcode = '22023';
  end if;
  return case when hit is null then null else public.feature_card(layer, hit) end;
end
$$;

-- public_feature_at: the body of 20261124000600_map_api.sql; only the perform line(s) after "begin" are new.
create or replace function public.public_feature_at(lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  p extensions.geometry;
  result jsonb;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.check_lonlat(extensions.st_makepoint(lon, lat), 'click position');
  if radius_m is null or radius_m <= 0 or radius_m > 50000 then
    raise exception 'radius_m must be between 0 and 50000 metres (got %)', radius_m using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  select jsonb_build_object('layer', 'public_risk_points', 'category_code', r.category_code,
    'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.level,
    'public_advice', c.public_advice_zh, 'area_name', app.area_name(left(r.area_code, 6)),
    'lon', round(extensions.st_x(r.location)::numeric, 3), 'lat', round(extensions.st_y(r.location)::numeric, 3))
  into result
  from public.risk_points r
  join public.risk_point_categories c on c.code = r.category_code
  where extensions.st_dwithin(r.location::extensions.geography, p::extensions.geography, radius_m + 150)
  order by r.location operator(extensions.<->) p, r.level
  limit 1;
  return result;
end
$$;

-- planner_source: the body of 20261124001400_planner.sql; only the perform line(s) after "begin" are new.
create or replace function public.planner_source(hazard_source_id uuid)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_arg(hazard_source_id, 'hazard_source_id');
  select jsonb_build_object(
    'id', h.id, 'name', h.name, 'enterprise_id', e.id, 'enterprise_name', e.name,
    'industry_code', e.industry_code, 'area_code', h.area_code, 'relocation_status', e.relocation_status,
    'installation_status', h.installation_status, 'is_major', h.is_major, 'major_grade', h.major_grade,
    'geometry', extensions.st_asgeojson(h.geom, 7)::jsonb,
    'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location),
    'distances', coalesce((select jsonb_agg(jsonb_build_object('target_class', d.target_class, 'required_m', d.required_m,
        'basis', d.basis, 'basis_reference', d.basis_reference, 'basis_date', d.basis_date) order by d.target_class)
      from public.hazard_source_distances d where d.hazard_source_id = h.id), '[]'))
  into result
  from public.hazard_sources h
  join public.enterprises e on e.id = h.enterprise_id
  where h.id = planner_source.hazard_source_id;
  if result is null then
    raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
  end if;
  return result;
end
$$;

-- public_around: the body of 20261124001300_public_view.sql; only the perform line(s) after "begin" are new.
create or replace function public.public_around(lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  max_items constant int := 300;
  p extensions.geometry;
  pg extensions.geography;
  result jsonb;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  if lon is null or lat is null then
    raise exception 'public_around needs lon and lat (got %, %)', lon, lat using errcode = '22023';
  end if;
  if lon not between -180 and 180 or lat not between -90 and 90 or lon = 'NaN'::float8 or lat = 'NaN'::float8 then
    raise exception 'centre (%, %) is not a valid longitude/latitude: longitude within [-180, 180], latitude within [-90, 90]', lon, lat
      using errcode = '22023';
  end if;
  if radius_m is null or radius_m = 'NaN'::float8 or radius_m < 100 or radius_m > 5000 then
    raise exception 'radius_m must be between 100 and 5000 metres (got %)', radius_m using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  pg := p::extensions.geography;

  with rp as (
    select r.level, r.category_code, c.name_zh, c.name_en, r.area_code,
      round(extensions.st_x(r.location)::numeric, 3) as alon, round(extensions.st_y(r.location)::numeric, 3) as alat
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    where extensions.st_dwithin(r.location::extensions.geography, pg, radius_m + 150)
  ), rp_d as (
    select rp.*, extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(rp.alon, rp.alat), 4326)::extensions.geography, pg) as d
    from rp
  ), mh as (
    select h.major_grade, e.name as enterprise_name, h.area_code,
      (select max(x.required_m) from public.hazard_source_distances x where x.hazard_source_id = h.id) as advice_distance_m,
      round(extensions.st_x(h.location)::numeric, 3) as alon, round(extensions.st_y(h.location)::numeric, 3) as alat
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where h.is_major and extensions.st_dwithin(h.geom::extensions.geography, pg, radius_m + 150)
  ), mh_d as (
    select mh.*, extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(mh.alon, mh.alat), 4326)::extensions.geography, pg) as d
    from mh
  ), er as (
    -- the same public facilities, at the same exact positions, as public_map_features shows
    select x.resource_type, x.name, x.area_code, extensions.st_x(x.location) as elon, extensions.st_y(x.location) as elat,
      extensions.st_distance(x.location::extensions.geography, pg) as d
    from public.emergency_resources x
    where x.resource_type in ('shelter', 'hospital', 'fire_station')
      and extensions.st_dwithin(x.location::extensions.geography, pg, radius_m)
  ), items as (
    select d, 1 as kind_order, level as rank, jsonb_build_object('kind', 'risk_point', 'level', level,
        'category_code', category_code, 'category_name', name_zh, 'category_name_en', name_en,
        'advice_key', category_code,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', alon, 'lat', alat, 'distance_m', round(d::numeric, -1)) as item
    from rp_d where d <= radius_m
    union all
    select d, 0, major_grade, jsonb_build_object('kind', 'major_hazard', 'major_grade', major_grade,
        'enterprise_name', enterprise_name, 'advice_key', 'major_hazard', 'advice_distance_m', advice_distance_m,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', alon, 'lat', alat, 'distance_m', round(d::numeric, -1))
    from mh_d where d <= radius_m
    union all
    select d, 2, 0, jsonb_build_object('kind', 'resource', 'resource_type', resource_type, 'name', name,
        'advice_key', resource_type,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', elon, 'lat', elat, 'distance_m', round(d::numeric, -1))
    from er
  ), ranked as (
    select item, row_number() over (order by round(d::numeric, -1), kind_order, rank, item ->> 'category_code', item ->> 'lon', item ->> 'lat') as n
    from items
  )
  select jsonb_build_object(
    'lon', public_around.lon, 'lat', public_around.lat, 'radius_m', radius_m,
    'counts', jsonb_build_object(
      'risk_points', jsonb_build_object(
        '1', (select count(*) from rp_d where d <= radius_m and level = 1),
        '2', (select count(*) from rp_d where d <= radius_m and level = 2),
        '3', (select count(*) from rp_d where d <= radius_m and level = 3),
        '4', (select count(*) from rp_d where d <= radius_m and level = 4)),
      'major_hazards', (select count(*) from mh_d where d <= radius_m),
      'resources', (select count(*) from er)),
    'total', (select count(*) from ranked),
    'truncated', (select count(*) > max_items from ranked),
    'items', coalesce((select jsonb_agg(item order by n) from ranked where n <= max_items), '[]'::jsonb))
  into result;
  return result;
end
$$;

-- public_place_at: the body of 20261124001300_public_view.sql; only the perform line(s) after "begin" are new.
create or replace function public.public_place_at(lon float8, lat float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geometry;
  d record;
  s record;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  if lon is null or lat is null or lon not between -180 and 180 or lat not between -90 and 90
     or lon = 'NaN'::float8 or lat = 'NaN'::float8 then
    raise exception 'point (%, %) is not a valid longitude/latitude', lon, lat using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  select a.code, a.name, coalesce(a.name_en, a.name) as name_en into d
  from public.areas a where a.level = 'district' and extensions.st_covers(a.geom, p) order by a.code limit 1;
  if d.code is null then
    return jsonb_build_object('inside', false);
  end if;
  select a.name into s
  from public.areas a where a.level = 'street' and a.parent_code = d.code and extensions.st_covers(a.geom, p) order by a.code limit 1;
  return jsonb_build_object('inside', true, 'district_name', d.name, 'district_name_en', d.name_en, 'street_name', s.name);
end
$$;

-- regrade_hazard_source: the body of 20261124000700_major_hazard.sql; only the perform line(s) after "begin" are new.
create or replace function public.regrade_hazard_source(id uuid) returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  g jsonb;
begin
  perform app.require_arg(id, 'id');
  if not exists (select 1 from public.hazard_sources h where h.id = regrade_hazard_source.id
                 and app.may_write(h.area_code, h.enterprise_id, true)) then
    raise exception 'hazard source % not found or you may not re-grade it', id using errcode = '42501';
  end if;
  perform app.regrade_hazard_source_definer(id);
  select h.grading into g from public.hazard_sources h where h.id = regrade_hazard_source.id;
  return g;
end
$$;

-- safety_distance_check: the body of 20261124000900_safety_distance.sql; only the perform line(s) after "begin" are new.
create or replace function public.safety_distance_check(hazard_source_id uuid)
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, required_m numeric, shortfall_m double precision, lon double precision, lat double precision,
  individual_risk numeric, risk_criterion numeric, risk_criterion_failed boolean)
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  h record;
begin
  perform app.require_arg(hazard_source_id, 'hazard_source_id');
  select x.geom, x.installation_status into h from public.hazard_sources x where x.id = safety_distance_check.hazard_source_id;
  if not found then
    raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
  end if;
  -- Targets inside their class's required distance, and also targets outside it that lie in
  -- an individual-risk contour above their GB 36894 criterion (the distance may be too short).
  return query
  with req as (
    select array_agg(d.target_class) as c, array_agg(d.required_m) as m
    from public.hazard_source_distances d where d.hazard_source_id = safety_distance_check.hazard_source_id
  ), inside as (
    select t.id, t.distance_m, t.required_m from req, app.targets_inside(h.geom, req.c, req.m) t
  ), contour_risk as (
    select t.id, max(rc.risk_per_year) as risk
    from public.hazard_source_risk_contours rc
    join public.protective_targets t on extensions.st_intersects(rc.geom, t.geom)
    where rc.hazard_source_id = safety_distance_check.hazard_source_id
    group by t.id
  ), candidates as (
    select i.id from inside i
    union
    select r.id from contour_risk r
    join public.protective_targets t on t.id = r.id
    join public.individual_risk_criteria c on c.target_class = t.target_class
    where r.risk > case when h.installation_status = 'new' then c.new_installation else c.in_service end
  )
  select t.id, t.name, t.target_class, t.type_code, t.population,
    round(coalesce(i.distance_m, extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography))::numeric, 2)::float8,
    coalesce(i.required_m, d.required_m, 0),
    round((coalesce(i.required_m, d.required_m, 0)
      - coalesce(i.distance_m, extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography)))::numeric, 2)::float8,
    extensions.st_x(t.location), extensions.st_y(t.location), r.risk,
    case when r.risk is not null then crit.limit_value end,
    case when r.risk is not null then r.risk > crit.limit_value end
  from candidates cand
  join public.protective_targets t on t.id = cand.id
  left join inside i on i.id = t.id
  left join contour_risk r on r.id = t.id
  left join public.hazard_source_distances d
    on d.hazard_source_id = safety_distance_check.hazard_source_id and d.target_class = t.target_class
  join lateral (
    select case when h.installation_status = 'new' then c.new_installation else c.in_service end as limit_value
    from public.individual_risk_criteria c where c.target_class = t.target_class) crit on true
  order by 8 desc, 1;
end
$$;

-- transition_hidden_danger: the body of 20261124000800_hidden_danger_lifecycle.sql; only the perform line(s) after "begin" are new.
create or replace function public.transition_hidden_danger(id uuid, to_status text, note text default null,
  details jsonb default '{}')
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.hidden_dangers%rowtype;
  target public.hidden_danger_status;
  rule public.hidden_danger_transitions%rowtype;
  role text := app.user_role();
  det jsonb := coalesce(details, '{}');
  missing text[] := '{}';
  sev public.hidden_danger_severity;
  v_deadline date;
  v_funds numeric;
  v_verified date;
  v_listing public.listing_level;
begin
  perform app.require_arg(id, 'id');
  perform app.require_arg(to_status, 'to_status');
  if jsonb_typeof(det) <> 'object' then
    raise exception 'details must be a JSON object' using errcode = '22023';
  end if;
  if note is not null and length(note) > 4000 then
    raise exception 'note is longer than 4000 characters' using errcode = '22023';
  end if;
  begin
    target := to_status::public.hidden_danger_status;
  exception when invalid_text_representation then
    raise exception 'unknown status "%": expected one of reported, registered, rectifying, pending_verification, closed, rejected', to_status
      using errcode = '22023';
  end;

  select * into d from public.hidden_dangers h where h.id = transition_hidden_danger.id for update;
  -- Visibility follows the read policy: a danger you may not read does not exist for you.
  -- coalesce: a null area or enterprise on the danger must mean "not yours", not "unknown".
  if not found or not coalesce(role in ('admin', 'service')
      or (role = 'regulator' and d.area_code like any (app.scope_patterns()))
      or (role = 'enterprise' and d.enterprise_id = app.enterprise_id())
      or (role in ('command', 'planner')), false) then
    raise exception 'hidden danger % not found or not visible to you', id using errcode = '42501';
  end if;
  if role in ('command', 'planner') then
    raise exception 'role % may read hidden dangers but not change them', role using errcode = '42501';
  end if;

  -- Raising the assessment later (general → major, with its listing): a regulator's act.
  if target = d.status then
    if role not in ('admin', 'regulator', 'service') then
      raise exception 'only a regulator may re-assess a hidden danger' using errcode = '42501';
    end if;
    if d.status in ('reported', 'closed', 'rejected') then
      raise exception 'a % hidden danger cannot be re-assessed', d.status using errcode = '22023';
    end if;
    if det ->> 'severity' is distinct from 'major' or d.severity = 'major' then
      raise exception 'a re-assessment raises a general hidden danger to major (details.severity = "major")'
        using errcode = '22023';
    end if;
  else
    select * into rule from public.hidden_danger_transitions t where t.from_status = d.status and t.to_status = target;
    if not found then
      raise exception 'transition % → % is not allowed (allowed from %: %)', d.status, target, d.status,
        coalesce((select string_agg(t.to_status::text, ', ') from public.hidden_danger_transitions t where t.from_status = d.status), 'none')
        using errcode = '22023';
    end if;
    if not role = any (rule.roles) and role <> 'service' then
      raise exception 'role % may not make the transition % → % (allowed: %)', role, d.status, target, array_to_string(rule.roles, ', ')
        using errcode = '42501';
    end if;
    if rule.note_required and length(app.clean_text(note)) < 2 then
      raise exception 'transition % → % requires a note saying why', d.status, target using errcode = '22023';
    end if;
  end if;

  -- Required details, named.
  if target = 'registered' or (target = d.status) then
    if det ->> 'severity' is null or det ->> 'severity' not in ('general', 'major') then
      missing := array_append(missing, 'severity (general or major)');
    end if;
    if det ->> 'severity' = 'major' and role = 'enterprise' then
      raise exception 'an enterprise registers what it finds as general; a regulator assesses a hidden danger as major and lists it'
        using errcode = '42501';
    end if;
    if det ->> 'severity' = 'major' then
      if det ->> 'listing_level' is null or det ->> 'listing_level' not in ('city', 'district') then
        missing := array_append(missing, 'listing_level (city or district) for a major hidden danger');
      end if;
      if app.detail_text(det, 'supervising_office', 200) is null then
        missing := array_append(missing, 'supervising_office for a major hidden danger');
      end if;
    end if;
  elsif target = 'rectifying' and d.status = 'registered' then
    if app.detail_text(det, 'measures', 4000) is null then missing := array_append(missing, 'measures'); end if;
    if app.detail_text(det, 'responsible_person', 100) is null then missing := array_append(missing, 'responsible_person'); end if;
    if jsonb_typeof(det -> 'funds') is distinct from 'number' or (det ->> 'funds')::numeric < 0 then
      missing := array_append(missing, 'funds (a non-negative number of yuan)');
    end if;
    if det ->> 'deadline' is null or det ->> 'deadline' !~ '^\d{4}-\d{2}-\d{2}$' then
      missing := array_append(missing, 'deadline (YYYY-MM-DD)');
    end if;
  elsif target = 'pending_verification' then
    if app.detail_text(det, 'done', 4000) is null then missing := array_append(missing, 'done (what was rectified)'); end if;
  elsif target = 'closed' then
    if app.detail_text(det, 'verifier', 100) is null then missing := array_append(missing, 'verifier'); end if;
    if det ->> 'verified_at' is null or det ->> 'verified_at' !~ '^\d{4}-\d{2}-\d{2}$' then
      missing := array_append(missing, 'verified_at (YYYY-MM-DD)');
    end if;
  end if;
  if cardinality(missing) > 0 then
    raise exception 'transition % → % requires details: %', d.status, target, array_to_string(missing, '; ')
      using errcode = '22023';
  end if;

  -- Apply.
  if target = 'registered' or target = d.status then
    sev := (det ->> 'severity')::public.hidden_danger_severity;
    if sev = 'major' then
      v_listing := (det ->> 'listing_level')::public.listing_level;
      update public.hidden_dangers h set severity = sev, listing_level = v_listing,
        listing_date = coalesce(app.detail_date(det, 'listing_date'), current_date),
        supervising_office = app.detail_text(det, 'supervising_office', 200), status = target
      where h.id = d.id;
    else
      update public.hidden_dangers h set severity = sev, status = target where h.id = d.id;
    end if;
  elsif target = 'rectifying' and d.status = 'registered' then
    v_deadline := app.detail_date(det, 'deadline');
    v_funds := (det ->> 'funds')::numeric;
    if v_deadline < current_date then
      raise exception 'deadline % is in the past', v_deadline using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, rectification_measures = app.detail_text(det, 'measures', 4000),
      responsible_person = app.detail_text(det, 'responsible_person', 100), rectification_funds = v_funds,
      deadline = v_deadline
    where h.id = d.id;
  elsif target = 'rectifying' then
    -- Verification failed: back to rectification; the plan stays, a new deadline may be set.
    v_deadline := app.detail_date(det, 'deadline');
    if v_deadline < current_date then
      raise exception 'deadline % is in the past', v_deadline using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, deadline = coalesce(v_deadline, h.deadline) where h.id = d.id;
  elsif target = 'pending_verification' then
    update public.hidden_dangers h set status = target, rectification_done = app.detail_text(det, 'done', 4000) where h.id = d.id;
  elsif target = 'closed' then
    v_verified := app.detail_date(det, 'verified_at');
    if v_verified > current_date then
      raise exception 'verified_at % is in the future', v_verified using errcode = '22023';
    end if;
    if v_verified < d.found_at::date then
      raise exception 'verified_at % is before the hidden danger was found (%)', v_verified, d.found_at::date using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, verified_by = app.detail_text(det, 'verifier', 100),
      verified_at = v_verified, closed_at = now()
    where h.id = d.id;
  elsif target = 'rejected' then
    update public.hidden_dangers h set status = target where h.id = d.id;
  end if;

  perform app.record_event(d.id, d.status, target,
    case when target = d.status then 'reassessed' else 'transition' end, nullif(app.clean_text(note), ''), det);

  return (select jsonb_build_object('id', h.id, 'status', h.status, 'severity', h.severity,
    'listing_level', h.listing_level, 'deadline', h.deadline, 'closed_at', h.closed_at)
    from public.hidden_dangers h where h.id = d.id);
end
$$;

-- map_points: the body of 20261124000600_map_api.sql; only the perform line(s) after "begin" are new.
create or replace function public.map_points(
  layer text, west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, industry text default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security invoker
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  cell float8[];
  x0 float8;
  y0 float8;
  env extensions.geometry;
  body bytea;
  n int;
  layer_code int;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  cell := app.lod_cell(zoom, (south + north) / 2);
  -- Align the grid globally so cells don't shift as the view pans.
  x0 := floor(west / cell[1]) * cell[1];
  y0 := floor(south / cell[2]) * cell[2];
  if (east - x0) / cell[1] > 65535 or (north - y0) / cell[2] > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', zoom using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  if layer = 'risk_points' then
    layer_code := 1;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(r.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(r.location) - y0) / cell[2])::int as gy,
             min(r.level)::int as code, count(*) as cnt
      from public.risk_points r
      where r.location operator(extensions.&&) env
        and (levels is null or r.level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  elsif layer = 'hidden_dangers' then
    layer_code := 2;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(d.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(d.location) - y0) / cell[2])::int as gy,
             min(app.hidden_danger_code(d.status, d.severity, d.deadline)) as code, count(*) as cnt
      from public.hidden_dangers d
      where d.location operator(extensions.&&) env
        and (area is null or d.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  elsif layer = 'protective_targets' then
    layer_code := 3;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(t.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(t.location) - y0) / cell[2])::int as gy,
             min(array_position(enum_range(null::public.protective_class), t.target_class))::int as code,
             count(*) as cnt
      from public.protective_targets t
      where t.location operator(extensions.&&) env
        and (area is null or t.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  else
    raise exception 'unknown map layer "%": expected risk_points, hidden_dangers or protective_targets', layer
      using errcode = '22023';
  end if;
  return app.pack_cells(layer_code, x0, y0, cell[1], cell[2], body, n);
end
$$;

-- public_map_points: the body of 20261124000600_map_api.sql; only the perform line(s) after "begin" are new.
create or replace function public.public_map_points(
  west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security definer
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  cell float8[];
  x0 float8;
  y0 float8;
  body bytea;
  n int;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  cell := app.lod_cell(zoom, (south + north) / 2, 0.001);
  x0 := floor(west / cell[1]) * cell[1];
  y0 := floor(south / cell[2]) * cell[2];
  select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
  from (
    select floor((extensions.st_x(r.location) - x0) / cell[1])::int as gx,
           floor((extensions.st_y(r.location) - y0) / cell[2])::int as gy,
           min(r.level)::int as code, count(*) as cnt
    from public.risk_points r
    where r.location operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
      and (levels is null or r.level = any (levels))
      and (area is null or r.area_code like app.code_prefix(area) || '%')
    group by 1, 2
  ) cells;
  return app.pack_cells(4, x0, y0, cell[1], cell[2], body, n);
end
$$;
