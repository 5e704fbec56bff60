// The 预案 form (issue 18): add an emergency plan, or edit one. Checked before sending with
// src/domain/emergencyPlans.ts (the database's own rules, Chinese first), then written under
// emergency_plans' row rules (admins; regulators in their area; an enterprise its own plans, whose
// filing the regulator records); a refusal is said in words (Refusal.tsx) with the database's text.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import { addPlan, planOwners, updatePlan, type PlanOwner } from '../../data/registriesPlans.ts'
import type { PlanRow } from '../../data/registryLists.ts'
import { PLAN_LEVELS, planProblems, planRow, type PlanInput } from '../../domain/emergencyPlans.ts'
import { codePrefix } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { MESSAGES } from './messages.ts'
import { jurisdictionOf } from './Refusal.tsx'
import { useRegistryForm } from './useRegistryForm.tsx'
import { cityToday } from '../../domain/cityDay.ts'

const ALL = { ...MESSAGES, ...FORM_MESSAGES }

function initial(user: SessionInfo, editing: PlanRow | null): PlanInput {
  if (editing)
    return {
      name: editing.name,
      level: editing.level,
      owner: editing.owner_enterprise_id ? 'enterprise' : 'department',
      owner_enterprise_id: editing.owner_enterprise_id ?? '',
      owner_department: editing.owner_department ?? '',
      area_code: editing.area_code,
      filed_on: editing.filed_on ?? '',
      filing_no: editing.filing_no ?? '',
      last_drill_on: editing.last_drill_on ?? '',
      next_evaluation_on: editing.next_evaluation_on ?? '',
    }
  const ent = user.role === 'enterprise'
  return {
    name: '',
    level: '',
    owner: ent ? 'enterprise' : 'department',
    owner_enterprise_id: ent ? (user.enterpriseId ?? '') : '',
    owner_department: '',
    area_code: '',
    filed_on: '',
    filing_no: '',
    last_drill_on: '',
    next_evaluation_on: '',
  }
}

export function PlanForm({
  user,
  editing,
  districts,
  onDone,
}: {
  user: SessionInfo
  editing: PlanRow | null
  /** the districts a department's plan may lie in */
  districts: readonly FilingRate[]
  onDone: (saved: string | null) => void
}) {
  const { m } = useMessages(ALL)
  const ent = user.role === 'enterprise'
  const [owners, setOwners] = useState<PlanOwner[] | null>(null)
  const { input, set, submit, field, foot, setRefusal } = useRegistryForm({
    key: 'plan',
    initial: () => initial(user, editing),
    check: (i: PlanInput) => planProblems(i, user.role, cityToday()),
    save: async (i) => {
      const area =
        owners?.find((o) => o.id === i.owner_enterprise_id)?.area_code ?? (editing?.owner_enterprise_id === i.owner_enterprise_id ? editing.area_code : null)
      const row = planRow(i, user.role, i.owner === 'enterprise' ? area : null)
      if (editing) await updatePlan(editing.id, row)
      else await addPlan(row)
      return m('plan.saved', { name: row.name ?? '' })
    },
    onDone,
  })

  useEffect(() => {
    let alive = true
    const areaPrefixes = user.role === 'regulator' ? user.areaCodes.map(codePrefix) : null
    planOwners({ areaPrefixes, enterpriseId: ent ? user.enterpriseId : null }).then(
      (o) => alive && setOwners(o),
      (e: Error) => alive && setRefusal(e),
    )
    return () => {
      alive = false
    }
  }, [user.userId])

  const myDistricts =
    user.role === 'regulator'
      ? districts.filter((d) => user.areaCodes.some((c) => d.code.startsWith(codePrefix(c)) || c.startsWith(codePrefix(d.code))))
      : districts

  const filingHint = ent ? <small class="muted">{m('plan.filingByRegulator')}</small> : undefined
  return (
    <form class="reg-form" data-testid="plan-form" noValidate onSubmit={submit}>
      <h3>{m(editing ? 'plan.titleEdit' : 'plan.titleAdd')}</h3>
      <p class="muted">{m('plan.who')}</p>
      <div class="reg-form-grid">
        {field('name', m('plan.name'), <input data-testid="plan-name" maxLength={400} value={input.name} onInput={set('name')} />)}
        {field(
          'level',
          m('plan.level'),
          <select data-testid="plan-level" value={input.level} onChange={set('level')}>
            <option value="">{m('plan.levelPick')}</option>
            {PLAN_LEVELS.map((l) => (
              <option key={l} value={l}>
                {m(`level.${l}`)}
              </option>
            ))}
          </select>,
        )}
        {!ent &&
          field(
            'owner',
            m('plan.ownerKind'),
            <select data-testid="plan-owner-kind" value={input.owner} disabled={!!editing} onChange={set('owner')}>
              <option value="department">{m('plan.ownerDepartment')}</option>
              <option value="enterprise">{m('plan.ownerEnterprise')}</option>
            </select>,
          )}
        {input.owner === 'enterprise' ? (
          field(
            'owner_enterprise_id',
            m('plan.enterprise'),
            <select
              data-testid="plan-enterprise"
              value={input.owner_enterprise_id}
              disabled={ent || !!editing || !owners}
              onChange={set('owner_enterprise_id')}
            >
              <option value="">{owners ? m('plan.enterprisePick') : m('plan.enterprisesLoading')}</option>
              {editing?.owner_enterprise_id && !owners?.some((o) => o.id === editing.owner_enterprise_id) && (
                <option value={editing.owner_enterprise_id}>{editing.owner_enterprise_name ?? editing.owner_enterprise_id}</option>
              )}
              {(owners ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>,
          )
        ) : (
          <>
            {field(
              'owner_department',
              m('plan.department'),
              <input data-testid="plan-department" maxLength={400} value={input.owner_department} onInput={set('owner_department')} />,
            )}
            {field(
              'area_code',
              m('plan.area'),
              <select data-testid="plan-area" value={input.area_code} onChange={set('area_code')}>
                <option value="">{m('plan.areaPick')}</option>
                {editing && !myDistricts.some((d) => d.code === editing.area_code) && <option value={editing.area_code}>{editing.area_code}</option>}
                {myDistricts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                  </option>
                ))}
              </select>,
            )}
          </>
        )}
        {field(
          'filed_on',
          m('plan.filed'),
          <input data-testid="plan-filed" type="date" disabled={ent} value={input.filed_on} onInput={set('filed_on')} />,
          filingHint,
        )}
        {field(
          'filing_no',
          m('plan.filingNo'),
          <input data-testid="plan-filing-no" maxLength={200} disabled={ent} value={input.filing_no} onInput={set('filing_no')} />,
          filingHint,
        )}
        {field('last_drill_on', m('plan.drill'), <input data-testid="plan-drill" type="date" value={input.last_drill_on} onInput={set('last_drill_on')} />)}
        {field(
          'next_evaluation_on',
          m('plan.evaluation'),
          <input data-testid="plan-evaluation" type="date" value={input.next_evaluation_on} onInput={set('next_evaluation_on')} />,
        )}
      </div>
      {foot({ user, jurisdiction: jurisdictionOf(user, districts) })}
    </form>
  )
}
