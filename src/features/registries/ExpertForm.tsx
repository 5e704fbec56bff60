// The 专家 form (issue 18): add an emergency expert, or edit one, with the staff-only phone. Checked
// before sending with src/domain/emergencyExperts.ts (the database's own rules, Chinese first), then
// the expert and its phone written in one transaction (save_emergency_expert) under emergency_experts'
// row rules (admins; the regulators of the expert's area). "今天已核实" fills in today's date, as after a
// call to the expert.
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import { saveExpert } from '../../data/registriesExperts.ts'
import type { ExpertListRow } from '../../data/registryLists.ts'
import { EXPERT_SPECIALTIES, expertProblems, expertRow, type ExpertInput } from '../../domain/emergencyExperts.ts'
import { codePrefix } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { MESSAGES } from './messages.ts'
import { MESSAGES as NOTICE_MESSAGES } from '../notices/messages.ts'
import { jurisdictionOf } from './Refusal.tsx'
import { useRegistryForm } from './useRegistryForm.tsx'
import { cityToday } from '../../domain/cityDay.ts'

const ALL = { ...NOTICE_MESSAGES, ...MESSAGES, ...FORM_MESSAGES }

function initial(editing: ExpertListRow | null, areas: readonly FilingRate[]): ExpertInput {
  if (editing)
    return {
      name: editing.name,
      specialty: editing.specialty as ExpertInput['specialty'],
      organisation: editing.organisation ?? '',
      title: editing.title ?? '',
      area_code: editing.area_code,
      last_verified_on: editing.last_verified_on ?? '',
      phone: editing.phone ?? '',
    }
  return { name: '', specialty: '', organisation: '', title: '', area_code: areas.length === 1 ? areas[0]!.code : '', last_verified_on: '', phone: '' }
}

export function ExpertForm({
  user,
  editing,
  districts,
  onDone,
}: {
  user: SessionInfo
  editing: ExpertListRow | null
  /** the districts an expert may be registered in */
  districts: readonly FilingRate[]
  onDone: (saved: string | null) => void
}) {
  const { m } = useMessages(ALL)
  const mine =
    user.role === 'regulator'
      ? districts.filter((d) => user.areaCodes.some((c) => d.code.startsWith(codePrefix(c)) || c.startsWith(codePrefix(d.code))))
      : districts
  const { input, setInput, set, submit, field, foot } = useRegistryForm({
    key: 'expert',
    initial: () => initial(editing, mine),
    check: (i: ExpertInput) => expertProblems(i, cityToday()),
    save: async (i) => {
      const { row, phone } = expertRow(i)
      await saveExpert(editing?.id ?? null, row, phone)
      return m('expert.saved', { name: row.name })
    },
    onDone,
  })

  return (
    <form class="reg-form" data-testid="expert-form" noValidate onSubmit={submit}>
      <h3>{m(editing ? 'expert.titleEdit' : 'expert.titleAdd')}</h3>
      <p class="muted">{m('expert.who')}</p>
      <div class="reg-form-grid">
        {field('name', m('expert.name'), <input data-testid="expert-name" maxLength={200} value={input.name} onInput={set('name')} />)}
        {field(
          'specialty',
          m('expert.specialty'),
          <select data-testid="expert-specialty" value={input.specialty} onChange={set('specialty')}>
            <option value="">{m('expert.pick')}</option>
            {EXPERT_SPECIALTIES.map((s) => (
              <option key={s} value={s}>
                {m(`specialty.${s}` as keyof typeof ALL & string)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'organisation',
          m('expert.organisation'),
          <input data-testid="expert-organisation" maxLength={400} value={input.organisation} onInput={set('organisation')} />,
        )}
        {field('title', m('expert.title'), <input data-testid="expert-title" maxLength={200} value={input.title} onInput={set('title')} />)}
        {field(
          'area_code',
          m('expert.area'),
          <select data-testid="expert-area" value={input.area_code} onChange={set('area_code')}>
            <option value="">{m('expert.pick')}</option>
            {editing && !mine.some((d) => d.code === editing.area_code) && <option value={editing.area_code}>{editing.area_code}</option>}
            {mine.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>,
        )}
        {field('phone', m('expert.phone'), <input data-testid="expert-phone" maxLength={40} value={input.phone} onInput={set('phone')} />)}
        {field(
          'last_verified_on',
          m('expert.verified'),
          <input data-testid="expert-verified" type="date" value={input.last_verified_on} onInput={set('last_verified_on')} />,
          <button
            type="button"
            class="btn btn-link"
            data-testid="expert-verified-today"
            onClick={(e) => {
              e.preventDefault()
              setInput((i) => ({ ...i, last_verified_on: cityToday() }))
            }}
          >
            {m('expert.verifiedToday')}
          </button>,
        )}
      </div>
      {foot({ user, jurisdiction: jurisdictionOf(user, districts) })}
    </form>
  )
}
