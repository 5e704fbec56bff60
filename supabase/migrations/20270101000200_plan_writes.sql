-- Emergency plans written from #/registries (issue 18, 预案 add/edit form).
--
-- Who writes (emergency_plans' policies, 20261210000200, unchanged): admins and the service role; a
-- regulator for plans in its area (an enterprise's plan lies in the enterprise's area); an enterprise its
-- own plans. DOMAIN.md: enterprises keep their own records, regulators register and verify. Under
-- 应急预案管理办法 the unit compiles its plan, drills it and has it evaluated, then files it (备案) with
-- the regulator, who registers the filing. So an enterprise may add and edit its own plan (name, level,
-- last drill, next evaluation), but the filing itself (filed_on, filing_no) is the regulator's record:
-- an enterprise may neither set nor change it, nor file a plan under a department. Until now RLS let an
-- enterprise write every column, including its own 备案 date (looser than DOMAIN.md): tightened here.
--
-- An enterprise's plan lies in the enterprise's area, whatever the writer may read: emergency_plan_write
-- derived it under the caller's row rules, so a regulator naming an enterprise of another district (one
-- it cannot read) kept the area it gave and passed the policy's area check. Now the area is looked up
-- past RLS (app.plan_owner_area), and the policy refuses the plan outside the regulator's district.
--
-- Dates are bounded: filed and drilled not before 1990 (and not in the future, as before); the next
-- evaluation within 10 years.

create or replace function app.plan_owner_area(owner uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select e.area_code from public.enterprises e where e.id = owner
$$;

revoke execute on function app.plan_owner_area(uuid) from public, anon;
grant execute on function app.plan_owner_area(uuid) to authenticated, service_role;

create or replace function app.emergency_plan_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.owner_enterprise_id is not null then
    new.area_code := coalesce(app.plan_owner_area(new.owner_enterprise_id), new.area_code);
  end if;
  if (select app.user_role()) = 'enterprise' then
    if new.owner_department is not null and (tg_op = 'INSERT' or new.owner_department is distinct from old.owner_department) then
      perform app.refuse_input('emergency_plans.owner_department', '编制部门', '企业只能登记本企业的预案，不能填写部门', 'an enterprise records its own plans, not a department''s');
    end if;
    if (tg_op = 'INSERT' and new.filed_on is not null) or (tg_op = 'UPDATE' and new.filed_on is distinct from old.filed_on) then
      perform app.refuse_input('emergency_plans.filed_on', '备案日期', '由监管部门登记，企业不能填写或修改', 'is recorded by the regulator; an enterprise may not set or change it');
    end if;
    if (tg_op = 'INSERT' and new.filing_no is not null) or (tg_op = 'UPDATE' and new.filing_no is distinct from old.filing_no) then
      perform app.refuse_input('emergency_plans.filing_no', '备案编号', '由监管部门登记，企业不能填写或修改', 'is recorded by the regulator; an enterprise may not set or change it');
    end if;
  end if;
  if new.filed_on < date '1990-01-01' then
    perform app.refuse_input('emergency_plans.filed_on', '备案日期', '不能早于 1990-01-01', 'must not be before 1990-01-01');
  end if;
  if new.last_drill_on < date '1990-01-01' then
    perform app.refuse_input('emergency_plans.last_drill_on', '最近演练日期', '不能早于 1990-01-01', 'must not be before 1990-01-01');
  end if;
  if new.next_evaluation_on < date '1990-01-01' or new.next_evaluation_on > current_date + interval '10 years' then
    perform app.refuse_input('emergency_plans.next_evaluation_on', '下次评估日期', '须在 1990-01-01 至今后 10 年之间', 'must be between 1990-01-01 and 10 years from today');
  end if;
  if new.filing_no is not null and new.filed_on is null then
    perform app.refuse_input('emergency_plans.filed_on', '备案日期', '填写备案编号时必填', 'is required with a filing number');
  end if;
  return new;
end
$$;

-- after emergency_plans_write (name order), which derives an enterprise plan's area
create trigger emergency_plans_write_guard before insert or update on public.emergency_plans
  for each row execute function app.emergency_plan_guard();
