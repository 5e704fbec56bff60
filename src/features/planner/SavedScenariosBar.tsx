// The siting tab's named scenarios (issue 21): save the tab under a name, private or shared with
// colleagues; the list of one's own and colleagues' shared ones (author by role, never an e-mail),
// open, delete one's own, and a link to send. Checked before sending; the database's refusal is
// shown as it said it.
import { useEffect, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { useMessages } from '../../app/i18n.ts'
import type { PlannerController } from './controller.ts'
import { scenarioLink } from './savedScenarios.ts'
import { MESSAGES } from './messages.ts'
import './savedScenarios.css'

export function SavedScenariosBar({ ctl }: { ctl: PlannerController }) {
  const saved = ctl.saved
  const st = useStore(saved.store)
  const s = useStore(ctl.store)
  const { m } = useMessages(MESSAGES)
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const [check, setCheck] = useState<string | null>(null)

  useEffect(() => {
    if (st.list === null && !st.loading) void saved.refresh()
  }, [saved])
  useEffect(() => {
    if (st.opened) {
      setName(st.opened.name)
      setShared(st.opened.shared)
    }
  }, [st.opened?.id])

  const submit = (e: Event) => {
    e.preventDefault()
    const n = name.trim()
    const problem = !n ? m('saved.needName') : n.length > 100 ? m('saved.longName') : !s.candidates.length && !s.picked ? m('saved.empty') : null
    setCheck(problem)
    if (!problem) void saved.save(n, shared)
  }

  return (
    <div class="pl-section pl-saved" data-testid="saved-scenarios">
      <h3 class="pl-h3">{m('saved.title')}</h3>
      <form class="pl-row pl-saved-form" onSubmit={submit} noValidate>
        <input
          type="text"
          data-testid="saved-name"
          placeholder={m('saved.namePlaceholder')}
          value={name}
          maxLength={100}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <label class="pl-check">
          <input type="checkbox" data-testid="saved-shared" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
          {m('saved.share')}
        </label>
        <button type="submit" class="btn btn-primary" data-testid="saved-save" disabled={st.busy}>
          {m('saved.save')}
        </button>
      </form>
      {(check ?? st.error) && (
        <div class="pl-error" data-testid="saved-error">
          {check ?? m('saved.error', { msg: st.error ?? '' })}
        </div>
      )}
      {st.opened && (
        <div class="pl-hint" data-testid="saved-opened" data-id={st.opened.id}>
          {m('saved.current', { name: st.opened.name })}
          {st.opened.shared && (
            <input
              class="pl-saved-link"
              readOnly
              data-testid="saved-link"
              value={scenarioLink(st.opened.id)}
              onFocus={(e) => (e.target as HTMLInputElement).select()}
            />
          )}
        </div>
      )}
      {st.list && st.list.length === 0 && <div class="pl-empty">{m('saved.none')}</div>}
      {st.list && st.list.length > 0 && (
        <ul class="pl-saved-list" data-testid="saved-list">
          {st.list.map((x) => (
            <li key={x.id} data-testid="saved-item" data-id={x.id} class={st.opened?.id === x.id ? 'on' : ''}>
              <div class="pl-saved-name">{x.name}</div>
              <div class="pl-saved-meta">
                {x.mine ? m('saved.mine') : m(`saved.by.${x.owner_role}`)}
                {x.shared ? ` · ${m('saved.sharedTag')}` : ''} · {m('saved.candidates', { n: x.candidates.length })} · {x.updated_at.slice(0, 10)}
              </div>
              <div class="pl-saved-actions">
                <button type="button" class="btn btn-link" data-testid="saved-open" disabled={st.busy} onClick={() => void saved.open(x.id)}>
                  {m('saved.open')}
                </button>
                {x.mine && (
                  <button
                    type="button"
                    class="btn btn-link"
                    data-testid="saved-delete"
                    disabled={st.busy}
                    onClick={() => {
                      if (confirm(m('saved.confirmDelete', { name: x.name }))) void saved.remove(x.id)
                    }}
                  >
                    {m('saved.delete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
