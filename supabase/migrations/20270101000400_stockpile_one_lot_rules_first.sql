-- The one-lot check (20270101000100) speaks only to those the row rules let write at the depot: for
-- anyone else material_stockpiles_write refuses (42501) as before, instead of a 23505 naming a lot
-- (the RLS matrix's clones of a depot's lot by the planner and the command centre met the check first).
create or replace function app.material_stockpile_one_lot() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  depot text;
begin
  if not exists (select 1 from public.emergency_resources r where r.id = new.resource_id and app.may_write(r.area_code, null, false)) then
    return new;
  end if;
  if exists (select 1 from public.material_stockpiles s
             where s.resource_id = new.resource_id and s.material = new.material and s.unit = new.unit
               and s.expires_on is not distinct from new.expires_on and s.id <> new.id) then
    select r.name into depot from public.emergency_resources r where r.id = new.resource_id;
    raise exception '物资储备重复：储备点「%」已有物资「%」、计量单位「%」、%的批次（同一储备点、物资名称、计量单位和有效期只能有一条记录，请修改该批次的数量）。 / Duplicate stockpile lot: depot "%" already holds "%" in "%" %; one lot per depot, material, unit and expiry (edit that lot''s quantity).',
      coalesce(depot, new.resource_id::text), new.material, new.unit,
      coalesce('有效期至 ' || new.expires_on::text, '无有效期'),
      coalesce(depot, new.resource_id::text), new.material, new.unit,
      coalesce('expiring ' || new.expires_on::text, 'without an expiry date')
      using errcode = '23505', constraint = 'material_stockpiles_one_lot',
        detail = 'fields: resource_id, material, unit, expires_on';
  end if;
  return new;
end
$$;
