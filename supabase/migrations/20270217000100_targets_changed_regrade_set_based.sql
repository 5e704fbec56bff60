-- Re-grading after protective targets change (a target inserted, moved, its population changed, or
-- deleted): the sources within the exposure radius of the changed positions were graded one at a time
-- (app.regrade_hazard_source in a loop: per source a population query, app.assess_items, one UPDATE
-- firing the hazard-source triggers, a history row). An import of protective targets (≤ 1,000 rows an
-- import_apply call) near a chemical park re-graded hundreds of sources that way. Now they go to
-- app.regrade_hazard_sources (20270211000100), which grades those needing no proposal logic in a few
-- statements and sends every other source through app.regrade_hazard_source unchanged — the same
-- split and the same results as the inventory trigger's (test/db/grading-set-based.test.ts: after a
-- batch of target inserts, moves and population changes, a per-source pass over the same sources
-- changes nothing).
create or replace function app.targets_changed_regrade(changed extensions.geometry[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.regrade_hazard_sources(array(
    select distinct h.id
    from unnest(changed) as g(geom)
    join public.hazard_sources h
      on extensions.st_dwithin(h.geom::extensions.geography, g.geom::extensions.geography,
                               (select s.exposure_radius_m from public.major_hazard_settings s))));
end
$$;
