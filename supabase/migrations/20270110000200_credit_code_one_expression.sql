-- The unified social credit code check (GB 32100-2015) runs twice for every enterprise written:
-- in the input-limits trigger (for the readable message) and in the table's CHECK constraint.
-- The first version looped over the 17 characters in PL/pgSQL with strpos into the alphabet:
-- about 60 µs a call on PGlite, some 12 s of a 100,000-row import (issue 14's 60 s target).
-- Same rule, one expression: each character's value from a table indexed by its byte (the
-- shape test has already made the code 18 ASCII characters), 2.9 times faster measured on PGlite.
-- test/db/credit-code.test.ts compares it with src/import/creditCode.ts on thousands of codes.
create or replace function app.credit_code_is_valid(code text) returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  -- the value of each character of '0123456789ABCDEFGHJKLMNPQRTUWXY' by its ASCII code
  v constant int[] := '[48:89]={0,1,2,3,4,5,6,7,8,9,0,0,0,0,0,0,0,10,11,12,13,14,15,16,17,0,18,19,20,21,22,0,23,24,25,0,26,27,0,28,29,30}'::int[];
  b bytea;
begin
  if code is null or code !~ '^[0-9A-HJ-NPQRTUWXY]{18}$' then
    return false;
  end if;
  b := convert_to(code, 'UTF8');
  return get_byte(b, 17) = ascii(substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
    (31 - (v[get_byte(b, 0)] * 1 + v[get_byte(b, 1)] * 3 + v[get_byte(b, 2)] * 9 + v[get_byte(b, 3)] * 27
      + v[get_byte(b, 4)] * 19 + v[get_byte(b, 5)] * 26 + v[get_byte(b, 6)] * 16 + v[get_byte(b, 7)] * 17
      + v[get_byte(b, 8)] * 20 + v[get_byte(b, 9)] * 29 + v[get_byte(b, 10)] * 25 + v[get_byte(b, 11)] * 13
      + v[get_byte(b, 12)] * 8 + v[get_byte(b, 13)] * 24 + v[get_byte(b, 14)] * 10 + v[get_byte(b, 15)] * 30
      + v[get_byte(b, 16)] * 28) % 31) % 31 + 1, 1));
end
$$;
