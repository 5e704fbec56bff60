-- One append-only guard for every history table, instead of a near-copy per table that differed
-- only in its words. The trigger's arguments carry them: the message (format() pattern, %s = the
-- refused operation) and the hint. Messages and hints are exactly as before.
create or replace function app.refuse_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%', format(tg_argv[0], lower(tg_op)) using errcode = '42501', hint = tg_argv[1];
end
$$;

drop trigger hidden_danger_events_no_update on public.hidden_danger_events;
drop trigger hidden_danger_events_no_truncate on public.hidden_danger_events;
create trigger hidden_danger_events_no_update before update or delete on public.hidden_danger_events
  for each row execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');
create trigger hidden_danger_events_no_truncate before truncate on public.hidden_danger_events
  for each statement execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');
drop function app.events_are_append_only();

drop trigger risk_point_level_changes_no_update on public.risk_point_level_changes;
drop trigger risk_point_level_changes_no_truncate on public.risk_point_level_changes;
create trigger risk_point_level_changes_no_update before update or delete on public.risk_point_level_changes
  for each row execute function app.refuse_change(
    'the risk-point level log is append-only: %s is not allowed', 'A level change is recorded by changing the risk point''s assessment.');
create trigger risk_point_level_changes_no_truncate before truncate on public.risk_point_level_changes
  for each statement execute function app.refuse_change(
    'the risk-point level log is append-only: %s is not allowed', 'A level change is recorded by changing the risk point''s assessment.');
drop function app.level_log_is_append_only();
