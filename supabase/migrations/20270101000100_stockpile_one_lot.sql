-- One lot per depot, material, unit and expiry (issue 18, 物资储备).
--
-- 20261210000200_registries made material_stockpiles_one_lot unique (resource_id, material, expires_on):
-- NULLs distinct, so a depot could hold any number of "防化服, no expiry" lots (each a row the
-- nearest-stockpiles sum counted), and the unit was not part of the lot (防化服 in 套 and in 件 collided).
-- Now the lot is (depot, material, unit, expiry) with NULLS NOT DISTINCT (PostgreSQL 15+: Supabase,
-- Debian 12's PostgreSQL 15, PGlite), so a lot without an expiry date is still one lot.
--
-- A trigger says first, in Chinese and English, which fields collide and with which lot (the index
-- behind it still decides under concurrent writes; src/data/registriesWrite.ts words its bare
-- message the same way).

-- 1. Lots the new rule would refuse (same depot, material and unit, no expiry) become one: the
--    quantities summed into the oldest row, the others removed.
with dup as (
  select id, sum(quantity) over g as total, count(*) over g as lots, row_number() over (partition by resource_id, material, unit order by updated_at, id) as n
  from public.material_stockpiles
  where expires_on is null
  window g as (partition by resource_id, material, unit)
),
merged as (
  update public.material_stockpiles s set quantity = d.total from dup d where d.id = s.id and d.n = 1 and d.lots > 1
)
delete from public.material_stockpiles s using dup d where d.id = s.id and d.n > 1;

-- 2. The unique rule itself.
alter table public.material_stockpiles drop constraint material_stockpiles_one_lot;
alter table public.material_stockpiles
  add constraint material_stockpiles_one_lot unique nulls not distinct (resource_id, material, unit, expires_on);

-- 3. The clear refusal. Runs after material_stockpiles_clean (triggers fire in name order), so the
--    names compared are the stored ones; under the caller's row rules (whoever may write at a depot
--    reads its lots), so it names nothing the caller could not read.
create or replace function app.material_stockpile_one_lot() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  depot text;
begin
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

create trigger material_stockpiles_one_lot_check before insert or update on public.material_stockpiles
  for each row execute function app.material_stockpile_one_lot();
