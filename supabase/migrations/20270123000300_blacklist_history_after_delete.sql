-- The history of a deleted listing stays readable by those who read every listing (issue 18).
-- A listing is never deleted through the API (delete is revoked); maintenance can, and the
-- trigger then records a 'deleted' row (20270113000100) so that the deletion itself is on record.
-- But the read policy asked for the listing to exist, so nobody but the database owner could ever
-- read that row, or anything before it: the audit of a deletion was invisible to the audit's
-- readers. Now admins, the command centre, planners and the service role (app.reads_all(): they
-- read every current listing) read the history of deleted listings too; a regulator and the
-- listed enterprise keep reading the history of the listings they can read (a deleted listing has
-- no area or enterprise left to scope it by). test/db/blacklist-deleted-history.test.ts.

alter policy credit_blacklist_edits_read on public.credit_blacklist_edits
  using ((select app.reads_all()) or exists (select 1 from public.credit_blacklist b where b.id = listing_id));
