// The import page's mapping templates, kept in the database (src/data/importTemplates.ts): save the
// current mapping under a name (optionally shared with the importers of the same area), apply one
// of the caller's or a shared template, delete one's own, or download it as JSON for
// `npm run import -- --mapping`. The database says who reads what and refuses bad input.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { deleteTemplate, listTemplates, saveTemplate, type StoredTemplate } from '../../data/importTemplates.ts'
import { applyTemplate, ImportFileError, templateJson, type ImportKind, type Mapping } from '../../import/index.ts'
import { MESSAGES } from './messages.ts'

export function TemplateBar(props: {
  kind: ImportKind
  mapping: Mapping
  headers: string[]
  busy: boolean
  onApply: (m: Mapping) => void
  download: (name: string, text: string, type: string) => void
}) {
  const { m, lang } = useMessages(MESSAGES)
  const { kind, mapping, headers } = props
  const [templates, setTemplates] = useState<StoredTemplate[]>([])
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const [chosen, setChosen] = useState('')
  const [note, setNote] = useState<{ text: string; bad?: boolean } | null>(null)

  const reload = () =>
    listTemplates(kind).then(
      (list) => setTemplates(list),
      (e: Error) => setNote({ text: m('tpl.loadFailed', { msg: e.message }), bad: true }),
    )
  useEffect(() => {
    setChosen('')
    void reload()
  }, [kind])

  const save = async () => {
    const n = name.trim()
    if (!n) return
    try {
      const t = await saveTemplate({ name: n, kind, mapping, shared })
      setNote({ text: m(t.shared ? 'tpl.savedShared' : 'tpl.saved', { name: n }) })
      setChosen(t.id)
      await reload()
    } catch (e) {
      setNote({ text: m('tpl.saveFailed', { msg: (e as Error).message }), bad: true })
    }
  }
  const apply = (id: string) => {
    setChosen(id)
    const t = templates.find((x) => x.id === id)
    if (!t) return
    try {
      props.onApply(applyTemplate(kind, headers, { name: t.name, kind: t.kind, mapping: t.mapping }))
      setName(t.mine ? t.name : '')
      setShared(t.mine && t.shared)
      setNote({ text: m('tpl.applied', { name: t.name }) })
    } catch (e) {
      setNote({ text: m('tpl.bad', { msg: e instanceof ImportFileError ? e[lang] : (e as Error).message }), bad: true })
    }
  }
  const remove = async () => {
    const t = templates.find((x) => x.id === chosen)
    if (!t?.mine) return
    try {
      await deleteTemplate(t.id)
      setChosen('')
      setNote({ text: m('tpl.deleted', { name: t.name }) })
      await reload()
    } catch (e) {
      setNote({ text: m('tpl.saveFailed', { msg: (e as Error).message }), bad: true })
    }
  }
  const picked = templates.find((x) => x.id === chosen)

  return (
    <div class="import-templates" data-testid="import-templates">
      <div class="import-row">
        <label>
          <span>{m('tpl.apply')}</span>
          <select data-testid="import-tpl-list" value={chosen} disabled={props.busy} onChange={(e) => apply((e.target as HTMLSelectElement).value)}>
            <option value="">{templates.length ? m('tpl.choose', { n: templates.length }) : m('tpl.none')}</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.mine ? (t.shared ? ` · ${m('tpl.mineShared')}` : ` · ${m('tpl.mine')}`) : ` · ${m('tpl.fromColleague')}`}
              </option>
            ))}
          </select>
        </label>
        {picked?.mine && (
          <button type="button" class="btn" data-testid="import-tpl-delete" disabled={props.busy} onClick={() => void remove()}>
            {m('tpl.delete')}
          </button>
        )}
      </div>
      <div class="import-row">
        <label>
          <span>{m('tpl.name')}</span>
          <input data-testid="import-tpl-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label class="import-skip">
          <input type="checkbox" data-testid="import-tpl-shared" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
          {m('tpl.share')}
        </label>
        <button type="button" class="btn" data-testid="import-tpl-save" disabled={!name.trim() || props.busy} onClick={() => void save()}>
          {m('tpl.save')}
        </button>
        <button
          type="button"
          class="btn"
          onClick={() => props.download(`${name.trim() || kind}.json`, templateJson(name.trim() || kind, kind, mapping), 'application/json')}
        >
          {m('tpl.download')}
        </button>
      </div>
      {note && (
        <p class={note.bad ? 'form-error' : 'muted'} data-testid="import-tpl-note" role={note.bad ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </div>
  )
}
