-- Import speed (issue 14, session 26): the helpers every enterprise write calls are inlined.
--
-- Profile (session 25, PGlite, one import_apply of 1,000 new enterprises): the INSERT took
-- 221 ms, of it the input-limits row trigger 72 ms and enterprises_write 43 ms. Those triggers
-- call small helpers (app.is_blank, app.clean_text, app.out_of_range, app.credit_code_is_valid,
-- app.area_follows_location), and every one of them carried `set search_path = ''`: a function
-- with a SET clause is never inlined, and each call swaps the setting in and out (a GUC nest
-- level, the search path recomputed), some 15–30 µs a call on PGlite, six to eight calls a row
-- (the credit code twice: the trigger's readable refusal and the table's CHECK).
--
-- Here they are SQL functions WITHOUT a SET clause, so the planner inlines them into the
-- trigger's expressions and the CHECK constraint (one expression, no call). Same rules, same
-- answers for every input (null included):
--   app.is_blank, app.clean_text, app.out_of_range   bodies unchanged but for qualified names;
--   app.credit_code_is_valid                         the GB 32100 check as one SQL expression
--       (was PL/pgSQL, which is never inlined): false for null or a code of the wrong shape,
--       else the check character of the weighted sum, as before;
--   app.area_follows_location                        unchanged but for qualified names.
--
-- Why they stay safe without `set search_path`: a function without SET runs (and, inlined, is
-- parsed) under the caller's search_path, so every name in these bodies is schema-qualified —
-- functions (pg_catalog.*, app.*), operators (operator(pg_catalog.~) …) and types
-- (pg_catalog.numeric, pg_catalog.int4) — and none reads a table. Nothing in them can then
-- resolve to an object of another schema, whatever search_path the caller sets (pg_temp is never
-- searched for functions or operators). None is SECURITY DEFINER: they run with the caller's
-- rights as before. Every caller keeps its own SET (the input-limits triggers are security
-- definer with search_path ''), and the keywords left unqualified (coalesce, case, is null,
-- current_user, literals) are syntax, not looked up.
-- test/db/import-speed-2.test.ts compares each with its previous body on the same inputs.

create or replace function app.is_blank(x text) returns boolean
language sql immutable parallel safe
as $$
  select x is null or x operator(pg_catalog.~) '^[\s\u0085\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*$'
$$;

create or replace function app.clean_text(x text) returns text
language sql immutable
as $$
  select pg_catalog.btrim(pg_catalog.regexp_replace(
    pg_catalog.regexp_replace(coalesce(x, ''), '[\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+', '', 'g'),
    '[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'))
$$;

create or replace function app.out_of_range(x numeric, lo numeric, hi numeric) returns boolean
language sql immutable parallel safe
as $$
  select x is not null and (x operator(pg_catalog.=) 'NaN'::pg_catalog.numeric
    or x operator(pg_catalog.<) lo or x operator(pg_catalog.>) hi)
$$;

-- The value of each of the first 17 characters is its place in the alphabet (the shape test has
-- made it one of its 31 characters); the 18th is the alphabet's character at (31 - sum % 31) % 31.
-- All qualified operators share one precedence: every term is in parentheses.
create or replace function app.credit_code_is_valid(code text) returns boolean
language sql immutable parallel safe
as $$
  select case when code operator(pg_catalog.~) '^[0-9A-HJ-NPQRTUWXY]{18}$'
    then pg_catalog.substr(code, 18, 1) operator(pg_catalog.=) pg_catalog.substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
      (((31 operator(pg_catalog.-) ((
      ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 1, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 1)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 2, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 3)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 3, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 9)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 4, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 27)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 5, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 19)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 6, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 26)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 7, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 16)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 8, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 17)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 9, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 20)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 10, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 29)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 11, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 25)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 12, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 13)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 13, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 8)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 14, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 24)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 15, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 10)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 16, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 30)
      operator(pg_catalog.+) ((pg_catalog.strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', pg_catalog.substr(code, 17, 1)) operator(pg_catalog.-) 1) operator(pg_catalog.*) 28)
      ) operator(pg_catalog.%) 31)) operator(pg_catalog.%) 31) operator(pg_catalog.+) 1), 1)
    else false end
$$;

create or replace function app.area_follows_location() returns boolean
language sql stable
as $$
  select (current_user operator(pg_catalog.=) 'anon'::pg_catalog.name or current_user operator(pg_catalog.=) 'authenticated'::pg_catalog.name)
    and app.user_role() operator(pg_catalog.<>) 'admin'
$$;
