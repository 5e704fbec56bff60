-- app.pipeline_hca_of (20261212000200) restated, signature and answer unchanged, with its class 3
-- windows (GB 50251 §4.2.2: 2 km of line anchored at each settlement) in sorted passes over the
-- settlements of each part instead of a self-join. The join ran as a nested loop over the
-- materialised CTE of every line's settlements at once (quadratic in all of them: the 300-line
-- insert of bench:rpcs at 1M targets spent 15+ minutes in it, spilled to disk), and it made one
-- array of settlements per window, which the segments then unnested (quadratic in a dense town's
-- settlements within 2 km). Now: the households of each window are a moving sum over the frame
-- `range between current row and 2000 following` (exactly the join's partners b.pos_m >= a.pos_m
-- and b.pos_m <= a.pos_m + 2000, in float8 as PostgreSQL's in_range for float8 computes it); a
-- settlement lies in a qualifying window iff it lies in that of the last qualifying anchor at or
-- before it; and the windows of a run of anchors each within 2 km of the previous are one piece
-- (they share settlements, so their stretches overlap and the islands would merge them anyway).
-- test/db/pipeline-hca-windows.test.ts compares both bodies row by row. `set jit = off`
-- (20270128000100's alter function) is restated: create or replace resets a function's settings.

create or replace function app.pipeline_hca_of(ids uuid[])
returns table (
  pipeline_id uuid,
  pipeline_name text,
  medium public.pipeline_medium,
  part int,
  from_m float8,
  to_m float8,
  hca_class int,
  criterion text,
  reason_zh text,
  reason_en text,
  radius_m float8,
  targets int,
  population int,
  households int,
  target_ids uuid[],
  geometry jsonb
)
language sql
stable
security invoker
set search_path = ''
set jit = off
as $$
  with lines as (
    select p.id, p.name, p.medium, p.geom,
      case when p.medium = 'natural_gas' then 'gas' else 'liquid' end as kind,
      app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa) as place_r
    from public.pipelines p
    where (ids is null or p.id = any (ids)) and p.medium <> 'chemical'
  ), parts as (
    select l.id, d.path[1] as part, d.geom as g,
      coalesce(sum(extensions.st_length(d.geom::extensions.geography))
        over (partition by l.id order by d.path[1] rows between unbounded preceding and 1 preceding), 0) as off
    from lines l cross join lateral extensions.st_dump(l.geom) d
  ), cand as (
    -- every (line, target, criterion) with the criterion's radius
    select l.id as pid, t.id as tid, t.geom as tg, t.population as pop, c.criterion, c.radius,
      case when t.type_code in ('village', 'residential', 'residential_large') then round(t.population / 2.62)::int else 0 end as hh
    from app.pipeline_near_targets((select array_agg(l.id) from lines l), 200, true) n
    join lines l on l.id = n.pipeline_id
    join public.protective_targets t on t.id = n.target_id
    cross join lateral (
      select 'specific_place' as criterion, l.place_r as radius
        where l.kind = 'gas' and t.type_code in ('school', 'kindergarten', 'hospital', 'nursing_home', 'prison', 'mall', 'stadium')
      union all
      select 'settlement_50', 200::float8
        where l.kind = 'liquid' and t.type_code in ('village', 'residential', 'residential_large') and round(t.population / 2.62) >= 50
      union all
      select 'settlement', 200::float8
        where t.type_code in ('village', 'residential', 'residential_large') and t.population > 0
    ) c
  ), iv as (
    -- the stretches of each part within the radius of the target (geodesic buffer, 128-gon: its
    -- edges lie within 0.05 % of the radius)
    select c.pid, c.tid, c.pop, c.hh, c.criterion, c.radius, pt.part, pt.off, pt.g,
      least(extensions.st_linelocatepoint(pt.g, extensions.st_startpoint(x.geom)), extensions.st_linelocatepoint(pt.g, extensions.st_endpoint(x.geom))) as f1,
      greatest(extensions.st_linelocatepoint(pt.g, extensions.st_startpoint(x.geom)), extensions.st_linelocatepoint(pt.g, extensions.st_endpoint(x.geom))) as f2,
      case when c.criterion = 'settlement'
        then app.pipeline_part_metres(pt.g, extensions.st_linelocatepoint(pt.g, extensions.st_closestpoint(pt.g, c.tg))) end as pos_m
    from cand c
    join parts pt on pt.id = c.pid and extensions.st_dwithin(c.tg::extensions.geography, pt.g::extensions.geography, c.radius)
    cross join lateral extensions.st_dump(extensions.st_intersection(pt.g,
      extensions.st_buffer(c.tg::extensions.geography, c.radius, 'quad_segs=32')::extensions.geometry)) x
    where extensions.geometrytype(x.geom) = 'LINESTRING'
  ), settle as (
    select s.pid, s.part, s.tid, max(s.hh) as hh, min(s.f1) as f1, max(s.f2) as f2, max(s.pos_m) as pos_m
    from iv s where s.criterion = 'settlement'
    group by s.pid, s.part, s.tid
  ), frames as (
    -- GB 50251 §4.2.2: 2 km windows anchored at each settlement (a window holding the most
    -- households can always be slid to start at one); ≥ 100 households → class 3. The frame of a
    -- settlement a is every settlement b of its part with a.pos_m <= b.pos_m <= a.pos_m + 2000
    -- (RANGE: a's peers at the same pos_m included); its households a moving sum (one pass).
    -- A settlement without pos_m is in no window.
    select s.pid, s.part, s.tid, s.f1, s.f2, s.pos_m,
      sum(s.hh) over (partition by s.pid, s.part order by s.pos_m range between current row and 2000 following) >= 100 as q
    from settle s
    where s.pos_m is not null
  ), covered as (
    -- lastq: the position of the last qualifying anchor at or before b (its peers included); b
    -- lies in a qualifying window iff it lies in that one's (pos_m <= lastq + 2000). Only those.
    select c.* from (
      select f.*, max(case when f.q then f.pos_m end)
          over (partition by f.pid, f.part order by f.pos_m range between unbounded preceding and current row) as lastq
      from frames f
    ) c
    where c.pos_m <= c.lastq + 2000
  ), runs as (
    -- runs of qualifying anchors each within 2 km of the previous: their windows share a settlement
    -- (the later anchor), so their stretches overlap and merge into one segment below. Between
    -- two consecutive covered settlements lastq either stays or becomes the later one's own
    -- position (an anchor at it); a run starts where it jumps by more than 2 km. No join: sorted
    -- passes only (a join of these CTEs ran as a nested loop, their rows estimated at one). Peers
    -- share lastq, and RANGE gives them one run whatever their order.
    select r.*, sum(case when r.prevq is null or r.lastq > r.prevq + 2000 then 1 else 0 end)
        over (partition by r.pid, r.part order by r.pos_m range between unbounded preceding and current row) as run
    from (
      select c.*, lag(c.lastq) over (partition by c.pid, c.part order by c.pos_m) as prevq
      from covered c
    ) r
  ), windows as (
    -- one piece per run: the union of its windows (their settlements, their stretches' hull), which
    -- merges into the same segments as the windows one by one would, without a window's array
    -- of settlements per settlement (quadratic in a dense town)
    select r.pid, r.part, 'class_3_area' as criterion, 200::float8 as radius, min(r.f1) as f1, max(r.f2) as f2,
      array_agg(r.tid) as ids
    from runs r
    group by r.pid, r.part, r.run
  ), pieces as (
    select iv.pid, iv.part, iv.criterion, iv.radius, iv.f1, iv.f2, array[iv.tid] as ids
    from iv where iv.criterion in ('specific_place', 'settlement_50')
    union all
    select w.pid, w.part, w.criterion, w.radius, w.f1, w.f2, w.ids from windows w
  ), islands as (
    -- overlapping stretches of one criterion merge into one segment
    select q.*, sum(case when q.f1 > q.prev_f2 then 1 else 0 end)
        over (partition by q.pid, q.part, q.criterion order by q.f1, q.f2 rows unbounded preceding) as grp
    from (
      select pc.*, coalesce(max(pc.f2) over (partition by pc.pid, pc.part, pc.criterion order by pc.f1, pc.f2
        rows between unbounded preceding and 1 preceding), -1) as prev_f2
      from pieces pc
    ) q
  ), segs as (
    select i.pid, i.part, i.criterion, max(i.radius) as radius, min(i.f1) as f1, max(i.f2) as f2,
      array_agg(distinct u.tid order by u.tid) as ids
    from islands i cross join lateral unnest(i.ids) u(tid)
    group by i.pid, i.part, i.criterion, i.grp
  ), counted as (
    select s.*, cardinality(s.ids) as n,
      (select coalesce(sum(t.population), 0)::int from public.protective_targets t where t.id = any (s.ids)) as people,
      (select coalesce(sum(round(t.population / 2.62)), 0)::int from public.protective_targets t
        where t.id = any (s.ids) and t.type_code in ('village', 'residential', 'residential_large')) as hh
    from segs s
  )
  select c.pid, l.name, l.medium, c.part,
    round((pt.off + app.pipeline_part_metres(pt.g, c.f1))::numeric, 1)::float8,
    round((pt.off + app.pipeline_part_metres(pt.g, c.f2))::numeric, 1)::float8,
    case when c.criterion = 'specific_place' then 1 else 2 end,
    c.criterion,
    case c.criterion
      when 'specific_place' then case when c.radius = 200
        then format('管道两侧各 200 m 内有特定场所（学校、医院、养老院、监狱、商场、体育场等）%s 处', c.n)
        else format('潜在影响半径 %s m 内有特定场所（学校、医院、养老院、监狱、商场、体育场等）%s 处', round(c.radius::numeric, 1), c.n) end
      when 'settlement_50' then format('管道两侧各 200 m 内有 50 户或以上的村庄、居住区（约 %s 户，按人数 ÷ 2.62 估算）', c.hh)
      else format('三级地区（估算）：2 km 管段两侧各 200 m 内约 %s 户（≥ 100 户，按人数 ÷ 2.62 估算）', c.hh) end,
    case c.criterion
      when 'specific_place' then case when c.radius = 200
        then format('%s specific place(s) (schools, hospitals, nursing homes, prisons, shopping centres, stadiums) within 200 m each side', c.n)
        else format('%s specific place(s) (schools, hospitals, nursing homes, prisons, shopping centres, stadiums) within the potential impact radius of %s m', c.n, round(c.radius::numeric, 1)) end
      when 'settlement_50' then format('a village or residential area of 50 households or more within 200 m each side (about %s households, estimated as people ÷ 2.62)', c.hh)
      else format('class 3 location (estimated): about %s households (≥ 100) within 200 m each side of 2 km of line (people ÷ 2.62)', c.hh) end,
    round(c.radius::numeric, 1)::float8,
    c.n, c.people, c.hh, c.ids,
    extensions.st_asgeojson(extensions.st_linesubstring(pt.g, c.f1, c.f2), 6)::jsonb
  from counted c
  join lines l on l.id = c.pid
  join parts pt on pt.id = c.pid and pt.part = c.part
  order by l.name, c.pid, 5, c.criterion
$$;

revoke all on function app.pipeline_hca_of(uuid[]) from public, anon;
grant execute on function app.pipeline_hca_of(uuid[]) to authenticated, service_role;
