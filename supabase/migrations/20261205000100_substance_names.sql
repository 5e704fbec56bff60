-- Substances by the names people write (issue 14). Registries say 液氯, 液氨, 光气, 天然气,
-- 汽油(92#), a CAS number, or an English name; GB 18218-2018 table 1 says 氯, 氨, 碳酰氯,
-- 甲烷、天然气, 汽油. public.substance_names maps every name, alias (the standard's 别名), common
-- trade name and CAS number to one public.substances row; app.resolve_substance() finds it after
-- normalising what was written (NFKC: full-width brackets, digits, letters, ＃ and spaces to
-- half-width; other bracket shapes to (); spaces and invisible characters dropped; case folded;
-- a "CAS" / "CAS号" prefix dropped) and, when nothing matches, names the closest entries (a Dice
-- similarity of characters and character pairs, indexed with GIN; no extension needed, so it
-- runs alike on PGlite, native PostgreSQL and hosted Supabase).
--
-- Used by app.assess_items (so by major_hazard_assessment, the stored grades and the what-if) and
-- exposed to the import page and CLI as resolve_substances(names text[]).
--
-- Only the substances of public.substances (the subset of table 1 the reference migration
-- loads) can be named: a table-1 substance not loaded there is still refused (with the closest
-- names), never mapped to something else. Names whose meaning depends on a concentration or
-- content (甲醛 for formalin, 硝酸铵 without its combustible content) are deliberately not
-- aliases: the suggestion names the table-1 entry and the user decides.

-- ----------------------------------------------------------------------------- normalisation
create or replace function app.substance_key(name text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select nullif(regexp_replace(k, '^cas(号|no\.?|#)?:?(?=[0-9]{2,7}-[0-9]{2}-[0-9]$)', ''), '')
  from (select lower(regexp_replace(
    translate(normalize(name, nfkc), '【】〔〕〈〉《》「」[]{}‐‑‒–—―−', '()()()()()()()-------'),
    '[[:space:]\u200b\u200c\u200d\u2060\ufeff]+', '', 'g')) as k) t
$$;
comment on function app.substance_key(text) is
  'The form in which substance names are compared: NFKC, brackets as (), dashes as -, no spaces or invisible characters, lower case, no CAS prefix.';

-- Characters and character pairs (with ^ and $ at the ends) of a key: what the suggestions
-- compare. Single digits and punctuation are left out (every CAS number has them; pairs keep
-- CAS numbers comparable).
create or replace function app.substance_grams(k text) returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct g order by g), '{}') from (
    select substr(k, i, 1) as g from generate_series(1, char_length(k)) i where substr(k, i, 1) !~ '^[0-9[:punct:]]$'
    union all
    select substr('^' || k || '$', i, 2) from generate_series(1, char_length(k) + 1) i
  ) t
$$;

-- ----------------------------------------------------------------------------- the table
create table public.substance_names (
  id integer generated always as identity primary key,
  substance_id smallint not null references public.substances(id) on delete cascade,
  name text not null,
  -- standard: table 1's name; alias: the standard's 别名 and usual synonyms; trade: trade
  -- names and grades (汽油(92#), LNG); cas: the CAS number; english: English names.
  kind text not null check (kind in ('standard', 'alias', 'trade', 'cas', 'english')),
  name_key text generated always as (app.substance_key(name)) stored,
  grams text[] generated always as (app.substance_grams(app.substance_key(name))) stored,
  constraint substance_names_name_key_key unique (name_key),
  constraint substance_names_name_key_check check (name_key is not null),
  constraint substance_names_cas_check check (kind <> 'cas' or name ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$')
);
comment on table public.substance_names is
  'Names, aliases, trade names, English names and CAS numbers of the GB 18218-2018 table 1 substances, one substance per normalised name (issue 14). Read by everyone; admins edit (logged in config_changes).';
create index substance_names_substance_idx on public.substance_names (substance_id);
create index substance_names_grams_idx on public.substance_names using gin (grams);

alter table public.substance_names enable row level security;
revoke all on public.substance_names from anon, authenticated;
grant select on public.substance_names to anon, authenticated;
grant insert, update, delete on public.substance_names to authenticated;
create policy substance_names_read on public.substance_names for select to anon, authenticated using (true);
create policy substance_names_admin_write on public.substance_names for all to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');
create trigger substance_names_log after insert or update or delete on public.substance_names
  for each row execute function app.log_config_change();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('substance_names', 'name', 'text', '物质名称', true, null, 100);
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('substance_names', 'kind', 'pattern', '名称类别', '^(standard|alias|trade|cas|english)$',
    '须为 standard、alias、trade、cas 或 english', 'must be standard, alias, trade, cas or english');
insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('substance_names', 'substance_id', 'ref', '危险化学品', 'substances', 'id');
select app.install_input_limits('substance_names');

-- ----------------------------------------------------------------------------- the names
-- Table 1's own names, CAS numbers and English names.
insert into public.substance_names (substance_id, name, kind)
select s.id, s.name_zh, 'standard' from public.substances s;
insert into public.substance_names (substance_id, name, kind)
select s.id, s.cas, 'cas' from public.substances s where s.cas is not null;
insert into public.substance_names (substance_id, name, kind)
select s.id, s.name_en, 'english' from public.substances s
where s.name_en is not null and app.substance_key(s.name_en) not in (select n.name_key from public.substance_names n);

-- Aliases (GB 18218-2018 table 1's 别名 column and the names in its descriptions), usual
-- synonyms, trade names. Each names its table-1 entry by name_zh; a name that matches none
-- stops the migration (below).
create temporary table substance_aliases (canonical text not null, name text not null, kind text not null);
insert into substance_aliases (canonical, name, kind) values
  ('氨', '液氨', 'alias'), ('氨', '氨气', 'alias'), ('氨', '无水氨', 'alias'), ('氨', 'NH3', 'alias'),
  ('氯', '液氯', 'alias'), ('氯', '氯气', 'alias'), ('氯', 'Cl2', 'alias'),
  ('硫化氢', 'H2S', 'alias'),
  ('氰化氢', '无水氢氰酸', 'alias'), ('氰化氢', 'HCN', 'alias'),
  ('碳酰氯', '光气', 'alias'), ('碳酰氯', '氧氯化碳', 'alias'), ('碳酰氯', '碳酰二氯', 'alias'),
  ('碳酰氯', 'carbonyl chloride', 'english'),
  ('氟化氢', '无水氟化氢', 'alias'), ('氟化氢', '无水氢氟酸', 'alias'),
  ('二氧化硫', '亚硫酸酐', 'alias'), ('二氧化硫', '液体二氧化硫', 'alias'), ('二氧化硫', 'SO2', 'alias'),
  ('氯化氢（无水）', '氯化氢', 'alias'), ('氯化氢（无水）', '无水氯化氢', 'alias'),
  ('氯化氢（无水）', 'hydrogen chloride', 'english'),
  ('环氧乙烷', '氧化乙烯', 'alias'),
  ('溴', '溴素', 'alias'),
  ('甲醛（含量>90%）', '多聚甲醛', 'alias'),
  ('液化石油气', 'LPG', 'trade'), ('液化石油气', '液化气', 'trade'), ('液化石油气', '石油气（液化的）', 'alias'),
  ('液化石油气', '石油气', 'alias'),
  ('甲烷、天然气', '甲烷', 'alias'), ('甲烷、天然气', '天然气', 'alias'), ('甲烷、天然气', '液化天然气', 'trade'),
  ('甲烷、天然气', 'LNG', 'trade'), ('甲烷、天然气', '压缩天然气', 'trade'), ('甲烷、天然气', 'CNG', 'trade'),
  ('甲烷、天然气', '管道天然气', 'trade'), ('甲烷、天然气', 'methane', 'english'), ('甲烷、天然气', 'natural gas', 'english'),
  ('甲烷、天然气', 'liquefied natural gas', 'english'), ('甲烷、天然气', 'compressed natural gas', 'english'),
  ('甲烷、天然气', 'CH4', 'alias'),
  ('氢', '氢气', 'alias'), ('氢', 'H2', 'alias'), ('氢', '液氢', 'alias'),
  ('乙炔', '电石气', 'alias'), ('乙炔', '溶解乙炔', 'trade'),
  ('乙烯', '液化乙烯', 'alias'),
  ('氯乙烯', '乙烯基氯', 'alias'), ('氯乙烯', '氯乙烯单体', 'alias'), ('氯乙烯', 'VCM', 'trade'),
  ('1,3-丁二烯', '丁二烯', 'alias'), ('1,3-丁二烯', '联乙烯', 'alias'), ('1,3-丁二烯', 'butadiene', 'english'),
  ('二甲醚', '甲醚', 'alias'), ('二甲醚', 'DME', 'trade'),
  ('苯', '纯苯', 'alias'), ('苯', '石油苯', 'trade'),
  ('甲苯', '甲基苯', 'alias'), ('甲苯', '苯基甲烷', 'alias'),
  ('甲醇', '木醇', 'alias'), ('甲醇', '木精', 'alias'), ('甲醇', '无水甲醇', 'alias'),
  ('乙醇', '酒精', 'alias'), ('乙醇', '无水乙醇', 'alias'), ('乙醇', '无水酒精', 'alias'), ('乙醇', 'ethyl alcohol', 'english'),
  ('汽油', '乙醇汽油', 'alias'), ('汽油', '甲醇汽油', 'alias'), ('汽油', '车用汽油', 'trade'),
  ('汽油', '车用乙醇汽油', 'trade'), ('汽油', '乙醇汽油(E10)', 'trade'), ('汽油', 'E10乙醇汽油', 'trade'),
  ('汽油', 'petrol', 'english'),
  ('丙酮', '二甲基酮', 'alias'), ('丙酮', '二甲(基)酮', 'alias'),
  ('乙酸乙酯', '醋酸乙酯', 'alias'),
  ('2-丙烯腈', '丙烯腈', 'alias'), ('2-丙烯腈', '乙烯基氰', 'alias'), ('2-丙烯腈', '氰基乙烯', 'alias'),
  ('二硫化碳', 'CS2', 'alias'),
  ('乙醚', '二乙醚', 'alias'), ('乙醚', '乙氧基乙烷', 'alias'),
  ('2,4,6-三硝基甲苯', '梯恩梯', 'alias'), ('2,4,6-三硝基甲苯', '三硝基甲苯', 'alias'),
  ('硝化甘油', '硝酸甘油', 'alias'), ('硝化甘油', '甘油三硝酸酯', 'alias'), ('硝化甘油', '三硝酸甘油酯', 'alias'),
  ('钾', '金属钾', 'alias'),
  ('钠', '金属钠', 'alias'),
  ('白磷', '黄磷', 'alias'),
  ('碳化钙', '电石', 'alias');
-- Gasoline by grade, as stations and registries write it: 汽油(92#), 92#汽油, 92号汽油, 汽油(92号), 汽油92#.
insert into substance_aliases (canonical, name, kind)
select '汽油', f, 'trade'
from unnest(array['89', '90', '92', '93', '95', '97', '98']) g,
  lateral unnest(array['汽油(' || g || '#)', g || '#汽油', g || '号汽油', '汽油(' || g || '号)', '汽油' || g || '#',
    g || '#车用汽油', '车用汽油(' || g || '#)']) f;

do $$
declare
  missing text;
begin
  select string_agg(distinct a.canonical, ', ') into missing
  from substance_aliases a where not exists (select 1 from public.substances s where s.name_zh = a.canonical);
  if missing is not null then
    raise exception 'substance_names: aliases name substances that are not in public.substances: %', missing;
  end if;
end
$$;
insert into public.substance_names (substance_id, name, kind)
select s.id, a.name, a.kind from substance_aliases a join public.substances s on s.name_zh = a.canonical;
drop table substance_aliases;

-- ----------------------------------------------------------------------------- resolving
-- The substance a name means, or null. Table 1's exact name or CAS first (as before this
-- migration), then the normalised names.
create or replace function app.try_resolve_substance(name text) returns smallint
language sql stable parallel safe
set search_path = ''
as $$
  select coalesce(
    (select s.id from public.substances s where s.name_zh = btrim(try_resolve_substance.name) or s.cas = btrim(try_resolve_substance.name)
     order by s.id limit 1),
    (select n.substance_id from public.substance_names n where n.name_key = app.substance_key(try_resolve_substance.name)))
$$;

-- The closest entries to unresolved names, set-based (one hash join of their characters and
-- character pairs with every name's): per input position `ord`, [{"id", "substance", "name",
-- "similarity"}], best first, one per substance (by its best-matching name), at most 5, Dice
-- similarity ≥ 0.25.
create or replace function app.substance_suggestions_for(keys text[]) returns table (ord int, suggestions jsonb)
language sql stable
set search_path = ''
as $$
  -- Materialised steps: inlined, PostgreSQL re-evaluated the unnested grams inside the
  -- aggregate (3 s for 100 names on PGlite; 0.16 s materialised).
  with miss as materialized (
    select u.o::int as ord, app.substance_grams(u.k) as g from unnest(keys) with ordinality u(k, o) where u.k is not null
  ),
  miss_grams as materialized (select m.ord, cardinality(m.g) as n, e as gram from miss m, unnest(m.g) e),
  name_grams as materialized (
    select x.id, cardinality(x.grams) as n, e as gram from public.substance_names x, unnest(x.grams) e
  ),
  pairs as materialized (
    select mg.ord, ng.id, mg.n + ng.n as total from miss_grams mg join name_grams ng on ng.gram = mg.gram
  ),
  scored as (
    select p.ord, x.substance_id, x.name, 2.0 * p.common / p.total as sim
    from (select pr.ord, pr.id, count(*) as common, min(pr.total) as total from pairs pr group by pr.ord, pr.id) p
    join public.substance_names x on x.id = p.id
  ),
  best as (
    select distinct on (sc.ord, sc.substance_id) sc.ord, sc.substance_id, sc.name, sc.sim
    from scored sc where sc.sim >= 0.25
    order by sc.ord, sc.substance_id, sc.sim desc, char_length(sc.name), sc.name
  ),
  ranked as (select b.*, row_number() over (partition by b.ord order by b.sim desc, b.substance_id) as rn from best b)
  select r.ord, jsonb_agg(jsonb_build_object('id', r.substance_id, 'substance', s.name_zh, 'name', r.name,
    'similarity', round(r.sim, 2)) order by r.rn)
  from ranked r join public.substances s on s.id = r.substance_id
  where r.rn <= 5
  group by r.ord
$$;

create or replace function app.substance_suggestions(name text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce((select f.suggestions from app.substance_suggestions_for(array[app.substance_key(name)]) f), '[]'::jsonb)
$$;

-- "碳酰氯（光气）、氯（液氯）" for messages.
create or replace function app.substance_suggestion_text(suggestions jsonb) returns text
language sql immutable
set search_path = ''
as $$
  select coalesce(string_agg(case when e ->> 'name' = e ->> 'substance' then e ->> 'substance'
    else (e ->> 'substance') || '（' || (e ->> 'name') || '）' end, '、' order by o), '')
  from jsonb_array_elements(suggestions) with ordinality t(e, o)
$$;

-- The substance id of a name, or an error (22023) that names the closest entries.
create or replace function app.resolve_substance(name text) returns smallint
language plpgsql stable
set search_path = ''
as $$
declare
  sid smallint;
  hint text;
begin
  if name is null or app.substance_key(name) is null then
    raise exception '物质名称不能为空 / substance name must not be empty' using errcode = '22023';
  end if;
  if char_length(name) > 200 then
    raise exception '物质名称过长：最多 200 个字符 / substance name is too long: at most 200 characters (got %)', char_length(name)
      using errcode = '22023';
  end if;
  sid := app.try_resolve_substance(name);
  if sid is null then
    hint := app.substance_suggestion_text(app.substance_suggestions(name));
    raise exception '未知物质“%”（不是 GB 18218 表1 的名称、别名、商品名或 CAS 号）%/ unknown substance "%" (not a GB 18218 table 1 name, alias, trade name or CAS number)%',
      name, case when hint <> '' then '，最接近：' || hint || ' ' else ' ' end, name,
      case when hint <> '' then '; closest: ' || hint else '' end
      using errcode = '22023';
  end if;
  return sid;
end
$$;
grant execute on function app.resolve_substance(text) to anon, authenticated;

-- RPC for the import page and CLI: per name (in order) the substance or the closest names.
-- [{"name", "id", "substance", "cas"} | {"name", "error", "suggestions": [...]}]. One set-based
-- query, so 1000 distinct unknown names stay well inside the 3 s statement timeout.
create or replace function public.resolve_substances(names text[]) returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
  too_long int;
begin
  if names is null then
    raise exception 'names: 须为名称数组 / must be an array of names' using errcode = '22023';
  end if;
  if cardinality(names) > 1000 then
    raise exception 'names: 最多 1000 个名称（收到 % 个）/ at most 1000 names per call (got %)', cardinality(names), cardinality(names)
      using errcode = '22023';
  end if;
  select min(u.o) into too_long from unnest(names) with ordinality u(nm, o) where char_length(u.nm) > 200;
  if too_long is not null then
    raise exception 'names[%]: 过长：最多 200 个字符 / too long: at most 200 characters (got %)', too_long,
      char_length(names[too_long]) using errcode = '22023';
  end if;
  with input as (
    select u.o::int as ord, u.nm, app.substance_key(u.nm) as k from unnest(names) with ordinality u(nm, o)
  ),
  hit as (
    select i.ord, i.k, coalesce(
      (select s.id from public.substances s where s.name_zh = btrim(i.nm) or s.cas = btrim(i.nm) order by s.id limit 1),
      (select n.substance_id from public.substance_names n where n.name_key = i.k)) as sid
    from input i where i.k is not null
  ),
  sugg as (
    select f.ord, f.suggestions from app.substance_suggestions_for(
      array(select case when h.sid is null then h.k end from input i left join hit h on h.ord = i.ord order by i.ord)) f
  )
  select coalesce(jsonb_agg(case
      when i.k is null then jsonb_build_object('name', i.nm, 'error', '物质名称为空 / empty name', 'suggestions', '[]'::jsonb)
      when h.sid is not null then jsonb_build_object('name', i.nm, 'id', s.id, 'substance', s.name_zh, 'cas', s.cas)
      else jsonb_build_object('name', i.nm,
        'error', '未知物质（不是 GB 18218 表1 的名称、别名、商品名或 CAS 号）/ unknown substance (not a GB 18218 table 1 name, alias, trade name or CAS number)',
        'suggestions', coalesce(sg.suggestions, '[]'::jsonb))
    end order by i.ord), '[]'::jsonb)
  into result
  from input i
  left join hit h on h.ord = i.ord
  left join public.substances s on s.id = h.sid
  left join sugg sg on sg.ord = i.ord;
  return result;
end
$$;
revoke execute on function public.resolve_substances(text[]) from public;
grant execute on function public.resolve_substances(text[]) to anon, authenticated;

-- ----------------------------------------------------------------------------- assess_items
-- The abuse-limits migration's (20261204000300) assess_items, unchanged but for how an item's
-- substance is found: through app.try_resolve_substance (names, aliases, trade names, CAS), and
-- an unknown name's error names the closest entries. The output names the table-1 substance, so
-- an alias gives the same result as the canonical name.
create or replace function app.assess_items(items jsonb, alpha numeric) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  item jsonb;
  idx int := 0;
  label text;
  qty numeric;
  sub record;
  cat record;
  sid smallint;
  sub_name text;
  sub_cas text;
  q_crit numeric;
  beta numeric;
  beta_source text;
  s numeric := 0;
  weighted numeric := 0;
  out_items jsonb := '[]'::jsonb;
  r numeric;
  hint text;
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    raise exception 'items must be a JSON array of {"substance": name or CAS, "quantity_t": number}' using errcode = '22023';
  end if;
  if jsonb_array_length(items) > 200 then
    raise exception 'items: at most 200 substances per assessment (got %)', jsonb_array_length(items) using errcode = '22023';
  end if;
  for item in select value from jsonb_array_elements(items) loop
    idx := idx + 1;
    if jsonb_typeof(item) <> 'object' then
      raise exception 'item %: must be an object {"substance": …, "quantity_t": …}', idx using errcode = '22023';
    end if;
    label := btrim(coalesce(item ->> 'substance', ''));
    if jsonb_typeof(item -> 'quantity_t') is distinct from 'number' then
      raise exception 'item % (%): quantity_t must be a number of tonnes (got %)', idx, nullif(label, ''),
        coalesce(item ->> 'quantity_t', 'nothing') using errcode = '22023';
    end if;
    qty := (item ->> 'quantity_t')::numeric;
    if qty < 0 then
      raise exception 'item % (%): quantity_t must not be negative (got %)', idx, nullif(label, ''), qty using errcode = '22023';
    end if;
    if qty > 100000000 then
      raise exception 'item % (%): quantity_t must be at most 100000000 t (got %)', idx, nullif(label, ''), qty using errcode = '22023';
    end if;
    if char_length(label) > 200 then
      raise exception 'item %: substance name is too long: at most 200 characters (got %)', idx, char_length(label) using errcode = '22023';
    end if;
    sid := case when label <> '' then app.try_resolve_substance(label) end;
    if sid is not null then
      select x.name_zh, x.cas, x.critical_t, x.toxic_gas_beta, x.hazard_category into sub
      from public.substances x where x.id = sid;
      sub_name := sub.name_zh;
      sub_cas := sub.cas;
      q_crit := sub.critical_t;
      if sub.toxic_gas_beta is not null then
        beta := sub.toxic_gas_beta;
        beta_source := 'table3';
      else
        select c.beta into beta from public.hazard_categories c where c.code = sub.hazard_category;
        beta_source := 'table4:' || sub.hazard_category;
      end if;
    elsif item ? 'category' then
      -- Not in table 1: identified by its hazard category (table 2), β from table 4.
      select c.code, c.critical_t, c.beta into cat from public.hazard_categories c where c.code = item ->> 'category';
      if not found then
        raise exception 'item % (%): unknown hazard category "%" (expected a GB 18218 table 2 symbol such as W5.3 or J1)',
          idx, nullif(label, ''), item ->> 'category' using errcode = '22023';
      end if;
      q_crit := cat.critical_t;
      beta := cat.beta;
      beta_source := 'table4:' || cat.code;
      sub_name := label;
      sub_cas := null;
    else
      hint := case when label <> '' then app.substance_suggestion_text(app.substance_suggestions(label)) else '' end;
      raise exception 'item %: unknown substance "%" (not in GB 18218 table 1 by name, alias, trade name or CAS%; give "category" for other substances)',
        idx, label, case when hint <> '' then '; closest: ' || hint else '' end using errcode = '22023';
    end if;
    s := s + qty / q_crit;
    weighted := weighted + beta * qty / q_crit;
    out_items := out_items || jsonb_build_object(
      'substance', sub_name, 'cas', sub_cas, 'quantity_t', qty, 'critical_t', q_crit,
      'q_over_q', round(qty / q_crit, 6), 'beta', beta, 'beta_source', beta_source);
  end loop;
  r := alpha * weighted;
  return jsonb_build_object(
    's', round(s, 6),
    'is_major', s >= 1,
    'alpha', alpha,
    'r', round(r, 6),
    'grade', case when s >= 1 then app.major_grade_for_r(r) end,
    'items', out_items);
end
$$;
