-- The kept high-consequence segments (20270128000100) after a TRUNCATE of the protective targets:
-- row and statement triggers with transition tables do not fire on TRUNCATE, so a loader that empties
-- the targets (the violations bench does) left segments naming targets that no longer exist. Pipelines
-- need nothing: the segments reference them with ON DELETE CASCADE, so TRUNCATE pipelines must cascade.
create or replace function app.pipeline_hca_targets_truncated() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.pipeline_hca_refresh(null);
  return null;
end
$$;

revoke all on function app.pipeline_hca_targets_truncated() from public, anon, authenticated, service_role;

create trigger pipeline_hca_truncate after truncate on public.protective_targets
  for each statement execute function app.pipeline_hca_targets_truncated();
