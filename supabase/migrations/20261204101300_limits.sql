-- Abuse limits and bad input: no single request may stall the API, and every refusal
-- names the field and the reason (zh-CN first, then English) with a 4xx, never a raw constraint
-- name. Works unchanged on hosted Supabase (no superuser needed).
--   1. Blank text: invisible and space characters (U+200B, U+3000, U+FEFF …) count as nothing.
--   2. Per-table input limits (text length, blank, number ranges, vertex counts, references),
--      declared as rows of app.input_limits and compiled into one BEFORE trigger per table.
--   3. Caps inside the shared RPC helpers (items per assessment, GeoJSON size and vertices, NaN).
--   4. hidden_danger_list refuses writes with 403 instead of PostgreSQL's 500 (55000).
--   5. Statement timeouts per API role, as hosted Supabase sets them.

-- 1. Blank text --------------------------------------------------------------------------------

-- Characters that show nothing: every Unicode space separator, the zero-width ones, the BOM and
-- the bidi marks. PostgreSQL's [[:space:]] follows the database locale (only ASCII under C), so
-- they are listed explicitly.
create or replace function app.is_blank(x text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select x is null or x ~ '^[\s\u0085\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*$'
$$;

-- 2. Input limits per table --------------------------------------------------------------------

-- One refusal shape for every input check: SQLSTATE 22023 (PostgREST answers 400), the message
-- names the field (table.column) and the reason in Chinese and English; `details` repeats the
-- field alone so clients can highlight it.
create or replace function app.refuse_input(field text, label text, reason_zh text, reason_en text)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  raise exception '%（%）%。 / % %.', field, label, reason_zh, field, reason_en
    using errcode = '22023', detail = 'field: ' || field;
end
$$;

-- True when x is NaN, ±Infinity or outside [lo, hi] (numeric NaN sorts above everything, so a
-- plain "x >= 0" check lets it through).
create or replace function app.out_of_range(x numeric, lo numeric, hi numeric) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$ select x is not null and (x = 'NaN'::numeric or x < lo or x > hi) $$;

create table app.input_limits (
  relation text not null,
  col text not null,
  -- text: blank/length; number: [min_num, max_num]; shape: vertices; json: bytes;
  -- pattern: regular expression; ref: a code of a reference table.
  -- valid: app.<pattern>(value) must be true (e.g. a check digit).
  kind text not null check (kind in ('text', 'number', 'shape', 'json', 'pattern', 'valid', 'ref')),
  label_zh text not null,
  required boolean not null default false,
  min_len int,
  max_len int,
  min_num numeric,
  max_num numeric,
  pattern text,
  pattern_zh text,
  pattern_en text,
  ref_table text,
  ref_col text,
  primary key (relation, col, kind)
);

comment on table app.input_limits is
  'Input limits per writable column, compiled by app.install_input_limits() into a BEFORE trigger aa_input_limits per table. A new writable table adds its rows here and calls the installer.';

revoke all on app.input_limits from public, anon, authenticated;

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('areas', 'name', 'text', '名称', true, null, 100),
  ('areas', 'name_en', 'text', '英文名称', false, null, 200),
  ('chemical_parks', 'name', 'text', '名称', true, null, 200),
  ('chemical_parks', 'approved_by', 'text', '批准机关', false, null, 200),
  ('enterprises', 'name', 'text', '企业名称', true, 2, 200),
  ('enterprises', 'address', 'text', '地址', false, null, 500),
  ('enterprise_contacts', 'legal_representative', 'text', '法定代表人', false, null, 100),
  ('enterprise_contacts', 'safety_officer', 'text', '安全负责人', false, null, 100),
  ('hazard_sources', 'name', 'text', '名称', true, null, 200),
  ('hazard_sources', 'alpha_override_reason', 'text', 'α 修正理由', false, null, 1000),
  ('hazard_source_distances', 'basis_reference', 'text', '依据文件', false, null, 500),
  ('hazard_source_risk_contours', 'basis_reference', 'text', '依据文件', false, null, 500),
  ('risk_points', 'name', 'text', '风险点名称', true, null, 200),
  ('risk_points', 'assessed_by', 'text', '评估人', false, null, 100),
  ('hidden_dangers', 'title', 'text', '隐患标题', true, 2, 200),
  ('hidden_dangers', 'description', 'text', '隐患描述', false, null, 4000),
  ('hidden_dangers', 'supervising_office', 'text', '督办单位', false, null, 200),
  ('hidden_dangers', 'rectification_measures', 'text', '整改措施', false, null, 4000),
  ('hidden_dangers', 'responsible_person', 'text', '整改责任人', false, null, 100),
  ('hidden_dangers', 'rectification_done', 'text', '整改完成情况', false, null, 4000),
  ('hidden_dangers', 'verified_by', 'text', '验收人', false, null, 100),
  ('hidden_danger_reporters', 'contact', 'text', '联系方式', false, null, 100),
  ('hidden_danger_events', 'note', 'text', '备注', false, null, 4000),
  ('hidden_danger_events', 'action', 'text', '动作', false, null, 50),
  ('hidden_danger_events', 'actor_email', 'text', '操作人邮箱', false, null, 320),
  ('protective_targets', 'name', 'text', '名称', true, null, 200),
  ('emergency_resources', 'name', 'text', '名称', true, null, 200),
  ('emergency_resources', 'capacity_unit', 'text', '能力单位', false, null, 20),
  ('area_risk_assessments', 'reason', 'text', '评估理由', false, null, 2000),
  ('area_risk_assessments', 'assessed_by', 'text', '评估人', false, null, 100),
  -- Reference and configuration tables (admins only), so an admin's typo is caught too.
  ('risk_levels', 'name_zh', 'text', '中文名称', true, null, 50),
  ('risk_levels', 'name_en', 'text', '英文名称', true, null, 50),
  ('industries', 'name_zh', 'text', '中文名称', true, null, 100),
  ('industries', 'name_en', 'text', '英文名称', false, null, 200),
  ('risk_point_categories', 'name_zh', 'text', '中文名称', true, null, 100),
  ('risk_point_categories', 'name_en', 'text', '英文名称', false, null, 200),
  ('risk_point_categories', 'public_advice_zh', 'text', '公众防护提示', false, null, 1000),
  ('hazard_categories', 'name_zh', 'text', '中文名称', true, null, 200),
  ('substances', 'name_zh', 'text', '中文名称', true, null, 100),
  ('substances', 'name_en', 'text', '英文名称', false, null, 200),
  ('protective_target_types', 'name_zh', 'text', '中文名称', true, null, 100),
  ('protective_target_types', 'name_en', 'text', '英文名称', false, null, 200),
  ('lec_factor_values', 'description_zh', 'text', '说明', false, null, 500);

-- Physical ranges: what a real city can hold, with room to spare; NaN and ±Infinity never.
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('enterprises', 'employees', 'number', '从业人数', 0, 1000000),
  ('enterprises', 'standardization_grade', 'number', '标准化等级', 1, 3),
  ('hazard_source_inventory', 'max_quantity_t', 'number', '最大存量（吨）', 0, 100000000),
  ('hazard_source_distances', 'required_m', 'number', '外部安全防护距离（米）', 0, 50000),
  ('hazard_source_risk_contours', 'risk_per_year', 'number', '个人风险（次/年）', 0, 1),
  ('hazard_sources', 'alpha_override', 'number', 'α 修正值', 0.1, 10),
  ('hazard_sources', 'exposed_population', 'number', '暴露人数', 0, 100000000),
  ('protective_targets', 'population', 'number', '人数', 0, 1000000),
  ('emergency_resources', 'capacity', 'number', '能力', 0, 100000000),
  ('hidden_dangers', 'rectification_funds', 'number', '整改资金（元）', 0, 100000000000),
  ('area_risk_assessments', 'level', 'number', '风险等级', 1, 4),
  ('lec_factor_values', 'value', 'number', '分值', 0, 1000),
  ('risk_level_bands', 'min_score', 'number', '分级下限', 0, 1000000),
  ('major_hazard_alpha_bands', 'min_people', 'number', '人数下限', 0, 100000000),
  ('major_hazard_alpha_bands', 'alpha', 'number', 'α 值', 0.1, 10),
  ('major_hazard_grade_bands', 'min_r', 'number', 'R 下限', 0, 100000000),
  ('major_hazard_settings', 'exposure_radius_m', 'number', '暴露半径（米）', 1, 10000),
  ('individual_risk_criteria', 'new_installation', 'number', '新建装置个人风险基准', 0, 1),
  ('individual_risk_criteria', 'in_service', 'number', '在役装置个人风险基准', 0, 1),
  ('substances', 'critical_t', 'number', '临界量（吨）', 0.001, 1000000),
  ('substances', 'toxic_gas_beta', 'number', 'β 校正系数', 0, 100),
  ('hazard_categories', 'critical_t', 'number', '临界量（吨）', 0.001, 1000000),
  ('hazard_categories', 'beta', 'number', 'β 校正系数', 0, 100),
  ('public_report_settings', 'min_length', 'number', '最短字数', 1, 4000),
  ('public_report_settings', 'max_length', 'number', '最长字数', 1, 4000),
  ('public_report_settings', 'max_per_hour', 'number', '每小时上限', 1, 10000),
  ('public_report_settings', 'duplicate_radius_m', 'number', '重复判定半径（米）', 0, 10000);

-- Vertices per shape: a district boundary has a few thousand; far more is an attack or an error
-- (a 1M-vertex polygon costs seconds in every ST_DWithin against it). max_len = vertices here.
insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('areas', 'geom', 'shape', '边界', 200000),
  ('chemical_parks', 'geom', 'shape', '范围', 50000),
  ('hazard_sources', 'geom', 'shape', '范围', 10000),
  ('protective_targets', 'geom', 'shape', '范围', 10000),
  ('hazard_source_risk_contours', 'geom', 'shape', '等值线', 50000),
  -- JSON documents: bytes of their text form.
  ('hidden_danger_events', 'details', 'json', '详情', 16384);

-- Same rules as the table's CHECK constraints, refused first with a readable message.
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('enterprise_contacts', 'phone', 'pattern', '联系电话', '^[0-9+\- ]{5,20}$',
    '须为 5–20 位数字、空格、+ 或 -', 'must be 5 to 20 digits, spaces, + or -'),
  ('emergency_resources', 'duty_phone', 'pattern', '值班电话', '^[0-9+\- ]{3,20}$',
    '须为 3–20 位数字、空格、+ 或 -', 'must be 3 to 20 digits, spaces, + or -'),
  ('areas', 'code', 'pattern', '区划代码', '^[0-9]{6,15}$',
    '须为 6–15 位数字', 'must be 6 to 15 digits'),
  ('enterprises', 'credit_code', 'valid', '统一社会信用代码', 'credit_code_is_valid',
    '不是有效的统一社会信用代码（18 位，校验码按 GB 32100）', 'is not a valid unified social credit code (18 characters, check digit per GB 32100)');

-- Codes of reference tables (readable by everyone), so an unknown one is named instead of a
-- foreign-key constraint name with 409.
insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('risk_points', 'category_code', 'ref', '风险点类别', 'risk_point_categories', 'code'),
  ('enterprises', 'industry_code', 'ref', '行业', 'industries', 'code'),
  ('protective_targets', 'type_code', 'ref', '防护目标类型', 'protective_target_types', 'code'),
  ('hazard_source_inventory', 'substance_id', 'ref', '危险化学品', 'substances', 'id'),
  ('substances', 'hazard_category', 'ref', '危险性类别', 'hazard_categories', 'code');

-- Compiles one table's rows into app.input_limits_<table>() and the BEFORE trigger
-- aa_input_limits (named to sort first, so the cheap checks run before geometry validation and
-- grading). On UPDATE only changed columns are checked: rows written before a limit existed can
-- still be edited elsewhere. SECURITY DEFINER so the reference lookups see every code whatever
-- the caller's row-level security; the function reads nothing else.
create or replace function app.install_input_limits(rel text) returns void
language plpgsql
set search_path = ''
as $install$
declare
  l record;
  body text := '';
  f text;
  changed text;
  fn text := format('app.%I', 'input_limits_' || rel);
begin
  for l in select * from app.input_limits where relation = rel order by col, kind loop
    f := quote_literal(rel || '.' || l.col);
    -- Geometry has no `=` under search_path '' (its operators live in `extensions`); counting
    -- vertices is cheap, so shapes are checked on every write.
    changed := case when l.kind = 'shape' then 'true'
      else format('(tg_op = %L or new.%I is distinct from old.%I)', 'INSERT', l.col, l.col) end;
    if l.kind = 'text' then
      if l.required then
        body := body || format($c$
  if %s and app.is_blank(new.%I) then
    perform app.refuse_input(%s, %L, '不能为空（空格和不可见字符不算内容）', 'must not be empty (spaces and invisible characters do not count)');
  end if;$c$, changed, l.col, f, l.label_zh);
      end if;
      if l.min_len is not null then
        body := body || format($c$
  if %s and new.%I is not null and length(app.clean_text(new.%I)) < %s then
    perform app.refuse_input(%s, %L, '过短：至少 %s 个字符', 'is too short: at least %s characters');
  end if;$c$, changed, l.col, l.col, l.min_len, f, l.label_zh, l.min_len, l.min_len);
      end if;
      body := body || format($c$
  if %s and length(new.%I) > %s then
    perform app.refuse_input(%s, %L, format('过长：最多 %s 个字符，收到 %%s 个', length(new.%I)),
      format('is too long: at most %s characters, got %%s', length(new.%I)));
  end if;$c$, changed, l.col, l.max_len, f, l.label_zh, l.max_len, l.col, l.max_len, l.col);
    elsif l.kind = 'number' then
      body := body || format($c$
  if %s and app.out_of_range(new.%I::numeric, %s, %s) then
    perform app.refuse_input(%s, %L, format('须在 %s 到 %s 之间（收到 %%s）', new.%I),
      format('must be a number from %s to %s (got %%s)', new.%I));
  end if;$c$, changed, l.col, l.min_num, l.max_num, f, l.label_zh, l.min_num, l.max_num, l.col, l.min_num, l.max_num, l.col);
    elsif l.kind = 'shape' then
      body := body || format($c$
  if %s and extensions.st_npoints(new.%I) > %s then
    perform app.refuse_input(%s, %L, format('顶点过多：最多 %s 个，收到 %%s 个', extensions.st_npoints(new.%I)),
      format('has too many vertices: at most %s, got %%s', extensions.st_npoints(new.%I)));
  end if;$c$, changed, l.col, l.max_len, f, l.label_zh, l.max_len, l.col, l.max_len, l.col);
    elsif l.kind = 'json' then
      body := body || format($c$
  if %s and octet_length(new.%I::text) > %s then
    perform app.refuse_input(%s, %L, '过大：最多 %s 字节', 'is too large: at most %s bytes');
  end if;$c$, changed, l.col, l.max_len, f, l.label_zh, l.max_len, l.max_len);
    elsif l.kind = 'pattern' then
      body := body || format($c$
  if %s and new.%I is not null and new.%I !~ %L then
    perform app.refuse_input(%s, %L, %L, %L);
  end if;$c$, changed, l.col, l.col, l.pattern, f, l.label_zh, l.pattern_zh, l.pattern_en);
    elsif l.kind = 'valid' then
      body := body || format($c$
  if %s and new.%I is not null and not coalesce(app.%I(new.%I), false) then
    perform app.refuse_input(%s, %L, %L, %L);
  end if;$c$, changed, l.col, l.pattern, l.col, f, l.label_zh, l.pattern_zh, l.pattern_en);
    elsif l.kind = 'ref' then
      body := body || format($c$
  if %s and new.%I is not null and not exists (select 1 from public.%I r where r.%I = new.%I) then
    perform app.refuse_input(%s, %L, format('未知的代码 %%s', new.%I), format('is not a known code (got %%s)', new.%I));
  end if;$c$, changed, l.col, l.ref_table, l.ref_col, l.col, f, l.label_zh, l.col, l.col);
    end if;
  end loop;
  execute format($f$
create or replace function %s() returns trigger
language plpgsql
security definer
set search_path = ''
as $body$
begin%s
  return new;
end
$body$$f$, fn, body);
  execute format('revoke all on function %s() from public, anon, authenticated', fn);
  execute format('drop trigger if exists aa_input_limits on public.%I', rel);
  execute format('create trigger aa_input_limits before insert or update on public.%I for each row execute function %s()', rel, fn);
end
$install$;

revoke all on function app.install_input_limits(text) from public, anon, authenticated;

-- The personal-data side tables. Written through the API: emergency_resource_contacts (admins,
-- regulators). Filled by triggers from rows already checked:
-- hidden_danger_people (from hidden_dangers), so its limits only guard direct service writes.
-- The append-only logs written by definer code (grading_proposals, grading_history,
-- config_changes, hidden_danger_event_people) are capped where their RPCs take the input.
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('emergency_resource_contacts', 'duty_phone', 'pattern', '值班电话', '^[0-9+\- ]{3,20}$',
    '须为 3–20 位数字、空格、+ 或 -', 'must be 3 to 20 digits, spaces, + or -');

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('hidden_danger_people', 'responsible_person', 'text', '整改责任人', false, null, 100),
  ('hidden_danger_people', 'verified_by', 'text', '验收人', false, null, 100);

select app.install_input_limits(r) from (select distinct relation as r from app.input_limits) t;

-- 4. hidden_danger_list is read-only -----------------------------------------------------------

-- A write to the view failed in PostgreSQL's rewriter ("cannot insert into view", SQLSTATE
-- 55000), which PostgREST answers with 500. With an INSTEAD OF trigger the view counts as
-- updatable, so the missing privilege (revoked with the view's grants) answers first with
-- 401/403; the trigger refuses too, for roles that still hold a privilege (owner, superuser).
create or replace function app.hidden_danger_list_read_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '隐患列表（hidden_danger_list）只读，请通过 transition_hidden_danger 办理 / hidden_danger_list is read-only: change a hidden danger through transition_hidden_danger'
    using errcode = '42501';
end
$$;

create trigger hidden_danger_list_read_only instead of insert or update or delete on public.hidden_danger_list
  for each row execute function app.hidden_danger_list_read_only();

-- 5. Statement timeouts per API role -------------------------------------------------------------

-- Hosted Supabase's values. PostgREST 12 applies an impersonated role's settings on every
-- request, so the same limits hold on native PostgreSQL. PGlite (WebAssembly, no timer signals)
-- cannot cancel a running statement: there the gateway answers 504 after the same limits
-- (supabase/local/request-guard.ts) while the statement runs on.
alter role anon set statement_timeout = '3s';

alter role authenticated set statement_timeout = '8s';
