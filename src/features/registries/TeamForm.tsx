// The 救援队伍 form (issue 18): add a rescue team, or edit one, with its base (longitude, latitude) and
// on-duty phone. Checked before sending with src/domain/rescueTeams.ts (the database's own rules,
// Chinese first), then the team and its phone written in one transaction (save_rescue_team) under
// rescue_teams' row rules (admins; the regulators of the area the base lies in).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { saveTeam, teamBase } from '../../data/registriesTeams.ts'
import type { TeamRow } from '../../data/registryLists.ts'
import type { SessionInfo } from '../../data/session.ts'
import { TEAM_TYPES, teamProblems, teamRow, type TeamInput } from '../../domain/rescueTeams.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { MESSAGES } from './messages.ts'
import { MESSAGES as NOTICE_MESSAGES } from '../notices/messages.ts'
import { useRegistryForm } from './useRegistryForm.tsx'

const ALL = { ...NOTICE_MESSAGES, ...MESSAGES, ...FORM_MESSAGES }

export function TeamForm({
  user,
  jurisdiction,
  editing,
  onDone,
}: {
  user: SessionInfo
  /** the caller's district(s) as named in a refusal */
  jurisdiction: string
  editing: TeamRow | null
  onDone: (saved: string | null) => void
}) {
  const { m } = useMessages(ALL)
  const { input, setInput, set, submit, field, foot, setRefusal } = useRegistryForm({
    key: 'team',
    initial: (): TeamInput =>
      editing
        ? {
            name: editing.name,
            team_type: editing.team_type as TeamInput['team_type'],
            headcount: String(editing.headcount),
            equipment: editing.equipment ?? '',
            lon: '',
            lat: '',
            duty_phone: editing.duty_phone ?? '',
          }
        : { name: '', team_type: '', headcount: '', equipment: '', lon: '', lat: '', duty_phone: '' },
    check: teamProblems,
    save: async (i) => {
      const { row, phone } = teamRow(i)
      await saveTeam(editing?.id ?? null, row, phone)
      return m('team.saved', { name: row.name })
    },
    onDone,
  })
  const [loading, setLoading] = useState(!!editing)

  useEffect(() => {
    if (!editing) return
    let alive = true
    teamBase(editing.id).then(
      (b) => {
        if (!alive) return
        if (b) setInput((i) => ({ ...i, lon: String(b.lon), lat: String(b.lat) }))
        setLoading(false)
      },
      (e: Error) => alive && (setRefusal(e), setLoading(false)),
    )
    return () => {
      alive = false
    }
  }, [editing?.id])

  return (
    <form class="reg-form" data-testid="team-form" data-loading={loading ? '1' : ''} noValidate onSubmit={submit}>
      <h3>{m(editing ? 'team.titleEdit' : 'team.titleAdd')}</h3>
      <p class="muted">{m('team.who')}</p>
      <div class="reg-form-grid">
        {field('name', m('team.name'), <input data-testid="team-name" maxLength={400} value={input.name} onInput={set('name')} />)}
        {field(
          'team_type',
          m('team.type'),
          <select data-testid="team-type" value={input.team_type} onChange={set('team_type')}>
            <option value="">{m('team.typePick')}</option>
            {TEAM_TYPES.map((t) => (
              <option key={t} value={t}>
                {m(`team.${t}` as keyof typeof ALL & string)}
              </option>
            ))}
          </select>,
        )}
        {field('headcount', m('team.headcount'), <input data-testid="team-headcount" inputMode="numeric" value={input.headcount} onInput={set('headcount')} />)}
        {field(
          'lon',
          m('team.lon'),
          <input data-testid="team-lon" inputMode="decimal" placeholder={loading ? m('team.loading') : '113.08'} value={input.lon} onInput={set('lon')} />,
        )}
        {field(
          'lat',
          m('team.lat'),
          <input data-testid="team-lat" inputMode="decimal" placeholder={loading ? m('team.loading') : '22.58'} value={input.lat} onInput={set('lat')} />,
        )}
        {field('duty_phone', m('team.phone'), <input data-testid="team-phone" maxLength={40} value={input.duty_phone} onInput={set('duty_phone')} />)}
      </div>
      {field(
        'equipment',
        m('team.equipment'),
        <textarea data-testid="team-equipment" rows={2} maxLength={4000} value={input.equipment} onInput={set('equipment')} />,
      )}
      {foot({ user, jurisdiction, disabled: loading })}
    </form>
  )
}
