-- Per-row helpers that PostgreSQL can inline again. A SQL function with a SET clause (here
-- `set search_path = ''`) is never inlined, so map_points, public_map_points, hidden_danger_list
-- and the wall paid a function call per row (8–17 µs each, measured by bench:load's profile).
-- These bodies name every object with its schema and use only built-ins from pg_catalog (always
-- searched first), so dropping the SET clause changes no name they resolve.
create or replace function app.hidden_danger_is_overdue(status public.hidden_danger_status, deadline date) returns boolean
language sql stable
as $$ select deadline is not null and deadline < current_date and status not in ('closed', 'rejected') $$;

create or replace function app.hidden_danger_code(status public.hidden_danger_status, severity public.hidden_danger_severity, deadline date)
returns int
language sql stable
as $$
  select (array_position(enum_range(null::public.hidden_danger_status), status) - 1)
    | (case when app.hidden_danger_is_overdue(status, deadline) then 0 else 8 end)
    | (case when severity = 'major' then 0 else 16 end)
$$;
