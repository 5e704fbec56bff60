-- The card of one feature by id, and feature_at rewritten on top of it.
--
-- Why: links into the one map (#/?focus=<layer>:<id>) need the card of a named feature. Looking
-- it up by position through feature_at fails when two features of a layer share a position (the
-- nearest is ambiguous); by id it cannot. The card's fields are now written once, here:
-- feature_at finds the nearest id (same predicates and order as before) and returns its card.
-- Both are SECURITY INVOKER, so the caller's RLS decides what exists: an id the caller may not
-- read gives null, exactly like a row that is not there.
create or replace function public.feature_card(layer text, id uuid)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  if feature_card.id is null then
    raise exception 'id is required' using errcode = '22023';
  end if;
  if layer = 'risk_points' then
    select jsonb_build_object('layer', layer, 'id', r.id, 'name', r.name, 'category_code', r.category_code,
      'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.level, 'method', r.method,
      'lec_l', r.lec_l, 'lec_e', r.lec_e, 'lec_c', r.lec_c, 'matrix_l', r.matrix_l, 'matrix_s', r.matrix_s,
      'score', r.score, 'enterprise_id', r.enterprise_id, 'enterprise_name', e.name, 'area_code', r.area_code,
      'area_name', app.area_name(r.area_code), 'assessed_by', r.assessed_by, 'assessed_at', r.assessed_at,
      'is_demo', r.is_demo, 'lon', extensions.st_x(r.location), 'lat', extensions.st_y(r.location))
    into result
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    left join public.enterprises e on e.id = r.enterprise_id
    where r.id = feature_card.id;
  elsif layer = 'hidden_dangers' then
    select jsonb_build_object('layer', layer, 'id', d.id, 'title', d.title, 'description', d.description,
      'status', d.status, 'severity', d.severity, 'source', d.source,
      'overdue', app.hidden_danger_is_overdue(d.status, d.deadline), 'deadline', d.deadline,
      'listing_level', d.listing_level, 'listing_date', d.listing_date, 'supervising_office', d.supervising_office,
      'enterprise_id', d.enterprise_id, 'enterprise_name', e.name, 'area_code', d.area_code,
      'area_name', app.area_name(d.area_code), 'found_at', d.found_at, 'closed_at', d.closed_at, 'is_demo', d.is_demo,
      'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location))
    into result
    from public.hidden_dangers d
    left join public.enterprises e on e.id = d.enterprise_id
    where d.id = feature_card.id;
  elsif layer = 'protective_targets' then
    select jsonb_build_object('layer', layer, 'id', t.id, 'name', t.name, 'target_class', t.target_class,
      'type_code', t.type_code, 'type_name', ty.name_zh, 'type_name_en', ty.name_en, 'population', t.population,
      'area_code', t.area_code, 'area_name', app.area_name(t.area_code), 'is_demo', t.is_demo,
      'geometry_type', extensions.geometrytype(t.geom),
      'lon', extensions.st_x(t.location), 'lat', extensions.st_y(t.location))
    into result
    from public.protective_targets t
    join public.protective_target_types ty on ty.code = t.type_code
    where t.id = feature_card.id;
  elsif layer = 'hazard_sources' then
    select jsonb_build_object('layer', layer, 'id', h.id, 'name', h.name, 'unit_type', h.unit_type,
      'enterprise_id', h.enterprise_id, 'enterprise_name', e.name, 'is_major', h.is_major,
      'major_grade', h.major_grade, 's_value', h.s_value, 'r_value', h.r_value, 'alpha', h.alpha,
      'exposed_population', h.exposed_population, 'area_code', h.area_code, 'area_name', app.area_name(h.area_code),
      'is_demo', h.is_demo,
      'inventory', coalesce((select jsonb_agg(jsonb_build_object('substance', s.name_zh, 'cas', s.cas,
          'quantity_t', i.max_quantity_t, 'critical_t', s.critical_t) order by s.name_zh)
        from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = h.id), '[]'::jsonb),
      'distances', coalesce((select jsonb_agg(jsonb_build_object('target_class', x.target_class,
          'required_m', x.required_m, 'basis', x.basis) order by x.target_class)
        from public.hazard_source_distances x where x.hazard_source_id = h.id), '[]'::jsonb),
      'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location))
    into result
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where h.id = feature_card.id;
  elsif layer = 'emergency_resources' then
    select jsonb_build_object('layer', layer, 'id', x.id, 'name', x.name, 'resource_type', x.resource_type,
      'capacity', x.capacity, 'capacity_unit', x.capacity_unit, 'duty_phone', x.duty_phone,
      'area_code', x.area_code, 'area_name', app.area_name(x.area_code), 'is_demo', x.is_demo,
      'lon', extensions.st_x(x.location), 'lat', extensions.st_y(x.location))
    into result
    from public.emergency_resources x
    where x.id = feature_card.id;
  elsif layer = 'enterprises' then
    select jsonb_build_object('layer', layer, 'id', e.id, 'name', e.name, 'credit_code', e.credit_code,
      'industry_code', e.industry_code, 'industry_name', i.name_zh, 'industry_name_en', i.name_en,
      'address', e.address, 'standardization_grade', e.standardization_grade,
      'relocation_status', e.relocation_status, 'area_code', e.area_code, 'area_name', app.area_name(e.area_code),
      'is_demo', e.is_demo, 'lon', extensions.st_x(e.location), 'lat', extensions.st_y(e.location))
    into result
    from public.enterprises e
    join public.industries i on i.code = e.industry_code
    where e.id = feature_card.id;
  else
    raise exception 'unknown layer "%": expected risk_points, hidden_dangers, protective_targets, hazard_sources, emergency_resources or enterprises', layer
      using errcode = '22023';
  end if;
  return result;
end
$$;
revoke execute on function public.feature_card(text, uuid) from public, anon;
grant execute on function public.feature_card(text, uuid) to authenticated, service_role;

-- The nearest feature of a layer within radius_m (geodesic), with the details its card shows.
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
