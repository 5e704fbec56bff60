-- hidden_danger_list is read-only: every change goes through transition_hidden_danger.
-- Default privileges had left insert/update/delete/truncate grants on the view; writes could
-- not succeed (the view joins tables), but the grants said otherwise. Found in review.
revoke insert, update, delete, truncate on public.hidden_danger_list from public, anon, authenticated, service_role;
