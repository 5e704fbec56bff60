-- Who may link a hidden danger to a risk point (issue 15). Since 20261207000200 an open major
-- hidden danger linked to a risk point turns it red, so the link is part of the record the
-- regulated party cannot bend: an enterprise unlinking the regulator's major finding from its
-- point would drop the red. The link now follows the finding, as its text does (20261204100800):
-- an enterprise links or unlinks only its own self-checks, and never while the danger is major
-- and open (then only the regulator of the area or an admin moves it). Regulators and admins link
-- any finding they may edit (RLS); the same-enterprise check of 20261207000200 still applies.
create or replace function app.guard_hidden_danger_risk_point() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if app.user_role() = 'enterprise' and new.risk_point_id is distinct from old.risk_point_id then
    if old.source <> 'self_check' then
      raise exception 'risk_point_id: an enterprise may not re-link a finding made by % (the link is part of the finding: ask the regulator) / 企业不得更改检查或举报发现的隐患所关联的风险点',
        case old.source when 'inspection' then 'an inspection' else 'a public report' end
        using errcode = '42501';
    end if;
    if old.severity = 'major' and old.status not in ('closed', 'rejected') then
      raise exception 'risk_point_id: an open major hidden danger keeps its risk point (it holds the point at red until closed); only the regulator may move it / 未销号的重大隐患所关联的风险点只能由监管部门更改'
        using errcode = '42501';
    end if;
  end if;
  return new;
end
$$;

create trigger hidden_dangers_risk_point_guard before update of risk_point_id on public.hidden_dangers
  for each row execute function app.guard_hidden_danger_risk_point();
