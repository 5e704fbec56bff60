-- An Atom feed (RFC 4287) of the published, unexpired public notices (issue 18: "an Atom feed of
-- published notices for other sites to embed"), served by PostgREST itself so that hosted Supabase
-- serves it unchanged: PostgREST 12's media type handlers answer a function returning a domain
-- named after a media type with that body and Content-Type when the request accepts it:
--
--   GET /rest/v1/rpc/notices_atom?apikey=<anon key>     Accept: application/atom+xml
--
-- The same rows as public_notices_active() (published, valid_until unset or later than now), the
-- latest 100 by publication, each entry with id (urn:uuid), title, updated (published_at),
-- published, summary (the body, at most 1,000 characters), the kind as a category and, for
-- warnings, the level (1–4 = red, orange, yellow, blue) as a category and as <ntc:level>.
-- Text is XML-escaped and characters XML 1.0 forbids are dropped. Nothing but what the public
-- already sees; anon may call it.

create domain public."application/atom+xml" as text;

comment on domain public."application/atom+xml" is
  'PostgREST media type handler: a function returning this domain answers Accept: application/atom+xml with its text.';

-- XML 1.0 text: & < > " '' escaped, control characters other than tab, LF and CR dropped.
create or replace function app.xml_text(t text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(
    regexp_replace(coalesce(t, ''), '[\x01-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]', '', 'g'),
    '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;')
$$;

-- RFC 3339 in UTC (Atom's date construct).
create or replace function app.atom_time(t timestamptz) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

create or replace function public.notices_atom()
returns public."application/atom+xml"
language sql
stable
security definer
set search_path = ''
as $$
  with live as (
    select n.id, n.kind, n.title, n.body, n.level, n.published_at, n.valid_until
    from public.public_notices n
    where n.status = 'published' and (n.valid_until is null or n.valid_until > now())
    order by n.published_at desc, n.id
    limit 100
  ),
  -- the feed changes when a notice is published or withdrawn (updated_at) or expires (valid_until)
  changed as (
    select greatest(
      (select max(n.updated_at) from public.public_notices n where n.status <> 'draft'),
      (select max(n.valid_until) from public.public_notices n where n.status = 'published' and n.valid_until <= now())) as at
  )
  select (
    '<?xml version="1.0" encoding="utf-8"?>' || chr(10)
    || '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:ntc="urn:yizhangtu:notices" xml:lang="zh-CN">' || chr(10)
    || '<id>urn:uuid:5e0f3b7c-1a52-4c3e-9d1e-18a70ce0a7f0</id>' || chr(10)
    || '<title>安全风险“一张图” · 预警与公告</title>' || chr(10)
    || '<subtitle>已发布且在有效期内的预警、挂牌督办公告、黑名单公告和事故通报（最新 100 条）</subtitle>' || chr(10)
    || '<updated>' || app.atom_time(coalesce((select at from changed), 'epoch'::timestamptz)) || '</updated>' || chr(10)
    || '<author><name>安全风险“一张图”</name></author>' || chr(10)
    || coalesce((
      select string_agg(
        '<entry>'
        || '<id>urn:uuid:' || l.id || '</id>'
        || '<title>' || app.xml_text(l.title) || '</title>'
        || '<updated>' || app.atom_time(l.published_at) || '</updated>'
        || '<published>' || app.atom_time(l.published_at) || '</published>'
        || '<summary>' || app.xml_text(left(l.body, 1000)) || '</summary>'
        || '<category scheme="urn:yizhangtu:notices:kind" term="' || app.xml_text(l.kind) || '"/>'
        || case when l.level is null then ''
             else '<category scheme="urn:yizhangtu:notices:level" term="' || l.level || '" label="'
               || (array['红色', '橙色', '黄色', '蓝色'])[l.level] || '"/>'
               || '<ntc:level>' || l.level || '</ntc:level>' end
        || case when l.valid_until is null then '' else '<ntc:validUntil>' || app.atom_time(l.valid_until) || '</ntc:validUntil>' end
        || '</entry>', chr(10) order by l.published_at desc, l.id) || chr(10)
      from live l), '')
    || '</feed>' || chr(10)
  )::public."application/atom+xml"
$$;

comment on function public.notices_atom() is
  'Atom feed of published, unexpired public notices (latest 100). GET /rest/v1/rpc/notices_atom with Accept: application/atom+xml.';

revoke execute on function public.notices_atom() from public;
grant execute on function public.notices_atom() to anon, authenticated, service_role;
