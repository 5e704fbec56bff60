-- The stockpile list at scale (issue 18, found by bench:rpcs' registries): the first page of
-- material_stockpile_list took 4.4 s at 20,000 lots as an admin (0.67 s of it in the database on a
-- quiet machine, 34 ms per 1,000 lots: at 100,000 lots it meets the 8 s timeout with PostgREST's
-- exact count). Causes:
-- - SELECT passed the read policy OR the "for all" write policy, and the write policy's EXISTS ran
--   once per lot (an index probe of emergency_resources with its own RLS and app.may_write). The
--   write policy is now three (insert, update, delete) with the same rule, so reading asks the read
--   policy only; and the read policy asks "is the lot's depot among the depots the caller sees"
--   (IN), which the planner hashes once per query instead of probing per lot. The same rows are
--   allowed and refused (test/db/stockpile-writes, registries, rls_sweep).
-- - The list's flags called app.today() three times per lot (20270110000100 put it in place of
--   current_date); now once per query.

alter policy material_stockpiles_read on public.material_stockpiles
  using (resource_id in (select r.id from public.emergency_resources r));

drop policy material_stockpiles_write on public.material_stockpiles;
create policy material_stockpiles_insert on public.material_stockpiles for insert to authenticated
  with check (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));
create policy material_stockpiles_update on public.material_stockpiles for update to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)))
  with check (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));
create policy material_stockpiles_delete on public.material_stockpiles for delete to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));

create or replace view public.material_stockpile_list with (security_invoker = true) as
select s.id, s.resource_id, r.name as resource_name, r.area_code, s.material, s.quantity, s.unit, s.expires_on, s.is_demo, s.updated_at,
  coalesce(s.expires_on < (select app.today()), false) as expired,
  coalesce(s.expires_on between (select app.today()) and (select app.today()) + 30, false) as expiring_soon
from public.material_stockpiles s
join public.emergency_resources r on r.id = s.resource_id;
