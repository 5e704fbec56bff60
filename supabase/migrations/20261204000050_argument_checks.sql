-- Argument checks shared by the RPCs (issue 12): a null required argument is refused with its
-- name (not formatted into a message as "<NULL>"), and a levels filter holds only the levels 1–4.
-- First among this release's migrations, so every later function body can call them.

-- A required argument: null is refused with the argument's name (22023 like the other argument checks → 400).
create or replace function app.require_arg(value anyelement, name text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if value is null then
    raise exception '%: required (必填)', name using errcode = '22023';
  end if;
end
$$;

-- Risk levels filter: null means "all levels"; otherwise at most the 4 distinct levels 1–4.
create or replace function app.check_levels(levels int[]) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if levels is null then
    return;
  end if;
  if cardinality(levels) > 4 then
    raise exception 'levels: at most 4 values (levels are 1–4), got % (风险等级最多 4 个)', cardinality(levels)
      using errcode = '22023';
  end if;
  if exists (select 1 from unnest(levels) v where v is null or v not between 1 and 4) then
    raise exception 'levels: each value must be 1, 2, 3 or 4 (风险等级只能是 1–4)' using errcode = '22023';
  end if;
end
$$;

grant execute on function app.require_arg(anyelement, text) to anon, authenticated, service_role;
grant execute on function app.check_levels(int[]) to anon, authenticated, service_role;
