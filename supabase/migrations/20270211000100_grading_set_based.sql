-- Set-based grading of hazard sources after an inventory change (issue 14: the hazard-source import).
--
-- app.inventory_changed() graded every source of a statement one at a time (app.regrade_hazard_source):
-- per source a population query, app.assess_items in PL/pgSQL, one UPDATE of hazard_sources firing its
-- six statement triggers (transition tables built and scanned for one row) and three row triggers,
-- and the history row. An import_apply of 1,000 sources took 5–12.5 s on native PostgreSQL.
--
-- Now app.regrade_hazard_sources(ids) grades the common case in a few statements over all ids at
-- once: the sources that need no proposal logic — the caller is not an enterprise, the source has no
-- pending proposal, and no 'confirmed' grading context names it. For them the per-source function
-- could only ever take its UPDATE branch, so this is that branch, set-based:
--   · the same result JSON as app.assess_items(items, α) || population_source (items ordered by
--     substance id, each substance found again through app.try_resolve_substance as assess_items
--     does; S, R, q/Q rounded to 6 places; the grade from the unrounded R when S ≥ 1);
--   · the same exposed population as app.population_near (people and targets within the exposure
--     radius, geodesic, through the geography index), α from the bands unless overridden;
--   · one UPDATE … FROM of all of them (graded_at = now());
--   · history rows where the grade or α changed, by a caller with a JWT, inserted in one statement
--     with exactly what app.record_grading writes ('applied', the actor, old and new inputs and
--     levels, the context's reason);
--   · the supersede rule kept: a changed source with an open proposal has it superseded (none by
--     construction: such sources take the per-source path).
-- Every other source (an enterprise caller, an open proposal, a confirmation, or an inventory that
-- app.assess_items would refuse: more than 200 items, a quantity over 1e8 t, a substance name that
-- does not resolve) still goes through app.regrade_hazard_source(sid) unchanged, which raises the
-- same errors as before. test/db/grading-set-based.test.ts compares both paths on the same random
-- batch of inventory inserts, updates and deletes.

create or replace function app.regrade_hazard_sources(p_ids uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  ctx jsonb := app.grading_context();
  a jsonb := app.actor();
  -- A scalar, as in app.population_near.
  radius float8 := (select s.exposure_radius_m from public.major_hazard_settings s);
  fast uuid[];
  sid uuid;
  hist_ids uuid[];
  hist_grades smallint[];
  k int;
begin
  if p_ids is null or cardinality(p_ids) = 0 then
    return;
  end if;
  if app.user_role() <> 'enterprise' then
    select coalesce(array_agg(h.id), '{}') into fast
    from public.hazard_sources h
    where h.id = any (p_ids)
      and not exists (select 1 from public.grading_proposals x
                      where x.subject = 'hazard_source' and x.subject_id = h.id and x.status = 'pending')
      and not coalesce(ctx ->> 'kind' = 'confirmed' and ctx ->> 'subject_id' = h.id::text, false)
      and (select count(*) from public.hazard_source_inventory i where i.hazard_source_id = h.id) <= 200
      and not exists (
        select 1 from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = h.id
          and (i.max_quantity_t < 0 or i.max_quantity_t > 100000000
               or btrim(s.name_zh) = '' or char_length(btrim(s.name_zh)) > 200
               or app.try_resolve_substance(btrim(s.name_zh)) is null));
  else
    fast := '{}';
  end if;

  if cardinality(fast) > 0 then
    with f as (
      select u.id from unnest(fast) u(id)
    ),
    -- Each substance as app.assess_items finds it from its name (item.substance = name_zh).
    subs as (
      select s.id, r.name_zh, r.cas, r.critical_t::numeric q_crit,
        coalesce(r.toxic_gas_beta, c.beta)::numeric beta,
        case when r.toxic_gas_beta is not null then 'table3' else 'table4:' || r.hazard_category end beta_source
      from public.substances s
      join public.substances r on r.id = app.try_resolve_substance(btrim(s.name_zh))
      left join public.hazard_categories c on c.code = r.hazard_category
      where s.id in (select i.substance_id from public.hazard_source_inventory i join f on f.id = i.hazard_source_id)
    ),
    inv as (
      select i.hazard_source_id sid, i.substance_id, x.name_zh, x.cas, x.q_crit, x.beta, x.beta_source,
        -- the quantity as it comes out of the item JSON in app.regrade_hazard_source
        (jsonb_build_object('q', i.max_quantity_t) ->> 'q')::numeric qty
      from public.hazard_source_inventory i join f on f.id = i.hazard_source_id join subs x on x.id = i.substance_id
    ),
    agg as (
      select f.id,
        coalesce(sum(v.qty / v.q_crit), 0) s_raw,
        coalesce(sum(v.beta * v.qty / v.q_crit), 0) weighted,
        coalesce(jsonb_agg(jsonb_build_object(
          'substance', v.name_zh, 'cas', v.cas, 'quantity_t', v.qty, 'critical_t', v.q_crit,
          'q_over_q', round(v.qty / v.q_crit, 6), 'beta', v.beta, 'beta_source', v.beta_source)
          order by v.substance_id) filter (where v.sid is not null), '[]'::jsonb) items
      from f left join inv v on v.sid = f.id
      group by f.id
    ),
    src as (
      select h.id, h.name, h.enterprise_id, h.area_code, h.major_grade old_grade, h.alpha old_alpha, h.grading old_grading,
        h.alpha_override, h.alpha_override_reason,
        jsonb_build_object('kind', 'protective_targets_within_radius', 'radius_m', radius,
          'population', p.population, 'targets', p.targets) population
      from public.hazard_sources h
      join f on f.id = h.id
      cross join lateral (
        select coalesce(sum(t.population), 0) population, count(t.id) targets
        from public.protective_targets t
        where extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, radius)) p
    ),
    al as (
      select s.*, coalesce(s.alpha_override, app.alpha_for_population((s.population ->> 'population')::int)) v_alpha
      from src s
    ),
    res as (
      select al.*, jsonb_build_object(
          's', round(g.s_raw, 6),
          'is_major', g.s_raw >= 1,
          'alpha', al.v_alpha,
          'r', round(al.v_alpha * g.weighted, 6),
          'grade', case when g.s_raw >= 1 then app.major_grade_for_r(al.v_alpha * g.weighted) end,
          'items', g.items,
          'population_source', al.population
            || case when al.alpha_override is not null then jsonb_build_object('alpha_override', al.alpha_override,
                 'alpha_override_reason', al.alpha_override_reason) else '{}'::jsonb end) result
      from al join agg g on g.id = al.id
    ),
    upd as (
      update public.hazard_sources h set
        s_value = (r.result ->> 's')::numeric,
        is_major = (r.result ->> 'is_major')::boolean,
        major_grade = (r.result ->> 'grade')::smallint,
        alpha = r.v_alpha,
        r_value = (r.result ->> 'r')::numeric,
        exposed_population = (r.population ->> 'population')::int,
        grading = r.result,
        graded_at = now()
      from res r
      where h.id = r.id
      returning h.id
    ),
    hist as (
      -- app.record_grading(null, 'hazard_source', id, name, enterprise, area, 'applied', old grading,
      -- result, old grade, new grade, the context's reason), for all of them at once.
      insert into public.grading_history (proposal_id, subject, subject_id, subject_name, enterprise_id, area_code, event,
        actor_id, actor_email, actor_role, old_inputs, new_inputs, old_level, new_level, reason)
      select null, 'hazard_source', r.id, r.name, r.enterprise_id, r.area_code, 'applied',
        case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'email', a ->> 'role',
        r.old_grading, r.result, r.old_grade, (r.result ->> 'grade')::smallint, ctx ->> 'reason'
      from res r
      where (coalesce(r.old_grade, 5) <> coalesce((r.result ->> 'grade')::int, 5) or r.old_alpha is distinct from r.v_alpha)
        and a ->> 'role' <> 'system'
      returning subject_id, new_level
    )
    select coalesce(array_agg(h.subject_id), '{}'), coalesce(array_agg(h.new_level), '{}') into hist_ids, hist_grades
    from hist h
    where exists (select 1 from public.grading_proposals x
                  where x.subject = 'hazard_source' and x.subject_id = h.subject_id and x.status = 'pending');
    -- The rule of the per-source path: a re-grade supersedes an open proposal (none here by construction).
    for k in 1 .. cardinality(hist_ids) loop
      perform app.supersede_open_proposal('hazard_source', hist_ids[k], null,
        'superseded: the hazard source was re-graded (' || app.grade_label(hist_grades[k]) || ') before a decision');
    end loop;
  end if;

  foreach sid in array p_ids loop
    if not sid = any (fast) then
      perform app.regrade_hazard_source(sid);
    end if;
  end loop;
end
$$;

revoke execute on function app.regrade_hazard_sources(uuid[]) from public, anon, authenticated;

-- The trigger function of 20261204100600_major_hazard_review.sql, grading all ids at once.
create or replace function app.inventory_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    ids := array(select distinct n.hazard_source_id from new_rows n);
  elsif tg_op = 'DELETE' then
    ids := array(select distinct o.hazard_source_id from old_rows o);
  else
    ids := array(select n.hazard_source_id from new_rows n union select o.hazard_source_id from old_rows o);
  end if;
  perform app.regrade_hazard_sources(ids);
  return null;
end
$$;
