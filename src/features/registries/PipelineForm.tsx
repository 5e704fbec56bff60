// The 管道 form (issue 19): add a line, or edit or delete one. The route is drawn by clicking a small
// map (undo the last vertex, start a new part) or pasted as "经度,纬度" lines or GeoJSON into the text
// beside it; the text is what is saved. Checked before sending with src/domain/pipelineEdit.ts, then
// written by save_pipeline (the database's own checks and row rules: admins; regulators for lines
// crossing their district), which keeps the line's districts and high-consequence segments current;
// a refusal is shown with the database's words (Refusal.tsx).
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import { deletePipeline, operatorsNamed, pipelineRoute, savePipeline, type Operator, type PipelineRow } from '../../data/pipelineEdit.ts'
import { SEARCH_MAX } from '../../data/registryLists.ts'
import {
  appendVertex,
  geoJsonToParts,
  parseRoute,
  PIPELINE_MEDIA,
  pipelineProblems,
  pipelineRow,
  removeLastVertex,
  routeText,
  startPart,
  type PipelineInput,
} from '../../domain/pipelineEdit.ts'
import { cleanText } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { useRegistryForm } from './useRegistryForm.tsx'
import { PipelineDrawMap } from './PipelineDrawMap.tsx'
import { Refusal } from './Refusal.tsx'
import './pipelineForm.css'

const str = (v: number | null) => (v === null || v === undefined ? '' : String(v))

export function PipelineForm({
  user,
  jurisdiction,
  editing,
  onDone,
}: {
  user: SessionInfo
  jurisdiction: string
  editing: PipelineRow | null
  onDone: (saved: string | null) => void
}) {
  const { m } = useMessages(FORM_MESSAGES)
  const [routeLoaded, setRouteLoaded] = useState(!editing)
  // bumped when the route is typed or pasted: the map then shows all of it
  const [fitKey, setFitKey] = useState(0)
  const { input, setInput, set, submit, field, foot, setRefusal } = useRegistryForm<PipelineInput, keyof PipelineInput>({
    key: 'pipeline',
    initial: {
      name: editing?.name ?? '',
      medium: editing?.medium ?? '',
      operator_enterprise_id: editing?.operator_enterprise_id ?? '',
      diameter_mm: str(editing?.diameter_mm ?? null),
      pressure_mpa: str(editing?.pressure_mpa ?? null),
      burial_depth_m: str(editing?.burial_depth_m ?? null),
      built_year: str(editing?.built_year ?? null),
      route: '',
    },
    check: (i) => pipelineProblems(i),
    save: async (i) => {
      await savePipeline(pipelineRow(i, editing?.id ?? null))
      return m('pipeline.saved', { name: cleanText(i.name) })
    },
    onDone,
  })

  // an edited line's route, as text
  useEffect(() => {
    if (!editing) return
    let alive = true
    pipelineRoute(editing.id).then(
      (g) => {
        if (!alive) return
        setInput((i) => ({ ...i, route: routeText(geoJsonToParts(g)) }))
        setRouteLoaded(true)
      },
      (e: Error) => alive && setRefusal(e),
    )
    return () => {
      alive = false
    }
  }, [editing?.id])

  const parts = useMemo(() => parseRoute(input.route).parts, [input.route])
  const setRoute = (f: (t: string) => string) => setInput((i) => ({ ...i, route: f(i.route) }))

  return (
    <form class="reg-form" data-testid="pipeline-form" noValidate onSubmit={submit}>
      <h3>{m(editing ? 'pipeline.titleEdit' : 'pipeline.titleAdd')}</h3>
      <p class="muted">{m('pipeline.who')}</p>
      <div class="reg-form-grid">
        {field('name', m('pipeline.name'), <input data-testid="pipeline-name" maxLength={200} value={input.name} onInput={set('name')} />)}
        {field(
          'medium',
          m('pipeline.medium'),
          <select data-testid="pipeline-medium" value={input.medium} onChange={set('medium')}>
            <option value="">{m('pipeline.mediumPick')}</option>
            {PIPELINE_MEDIA.map((x) => (
              <option key={x} value={x}>
                {m(`medium.${x}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'operator_enterprise_id',
          m('pipeline.operator'),
          <OperatorPicker
            value={input.operator_enterprise_id}
            initialName={editing?.operator_name ?? null}
            onPick={(id) => setInput((i) => ({ ...i, operator_enterprise_id: id }))}
          />,
        )}
        {field(
          'diameter_mm',
          m('pipeline.diameter'),
          <input data-testid="pipeline-diameter" inputMode="decimal" value={input.diameter_mm} onInput={set('diameter_mm')} />,
        )}
        {field(
          'pressure_mpa',
          m('pipeline.pressure'),
          <input data-testid="pipeline-pressure" inputMode="decimal" value={input.pressure_mpa} onInput={set('pressure_mpa')} />,
        )}
        {field(
          'burial_depth_m',
          m('pipeline.depth'),
          <input data-testid="pipeline-depth" inputMode="decimal" value={input.burial_depth_m} onInput={set('burial_depth_m')} />,
        )}
        {field(
          'built_year',
          m('pipeline.year'),
          <input data-testid="pipeline-year" inputMode="numeric" value={input.built_year} onInput={set('built_year')} />,
        )}
      </div>
      <div class="reg-route">
        {routeLoaded ? (
          <PipelineDrawMap parts={parts} fitKey={fitKey} onClick={(lon, lat) => setRoute((t) => appendVertex(t, lon, lat))} testid="pipeline-map" />
        ) : (
          <p class="muted">{m('pipeline.loading')}</p>
        )}
        <div class="reg-route-text">
          {field(
            'route',
            m('pipeline.route'),
            <textarea
              data-testid="pipeline-route"
              rows={12}
              spellcheck={false}
              value={input.route}
              onInput={(e) => {
                set('route')(e)
                setFitKey((k) => k + 1)
              }}
            />,
            <small class="muted">{m('pipeline.routeHint')}</small>,
          )}
          <div class="reg-route-tools">
            <span class="muted" data-testid="pipeline-vertices">
              {m('pipeline.vertices', { parts: String(parts.length), n: String(parts.flat().length) })}
            </span>
            <button type="button" class="btn btn-ghost" data-testid="pipeline-undo" disabled={!input.route.trim()} onClick={() => setRoute(removeLastVertex)}>
              {m('pipeline.undo')}
            </button>
            <button type="button" class="btn btn-ghost" data-testid="pipeline-new-part" disabled={!input.route.trim()} onClick={() => setRoute(startPart)}>
              {m('pipeline.newPart')}
            </button>
            <button type="button" class="btn btn-ghost" data-testid="pipeline-clear" disabled={!input.route.trim()} onClick={() => setRoute(() => '')}>
              {m('pipeline.clear')}
            </button>
          </div>
        </div>
      </div>
      {foot({ user, jurisdiction, disabled: !routeLoaded })}
      {editing && <DeleteLine user={user} jurisdiction={jurisdiction} line={editing} onDone={onDone} />}
    </form>
  )
}

/** The operator: a name search (at most 20 enterprises the caller reads) and a choice among them. */
function OperatorPicker({ value, initialName, onPick }: { value: string; initialName: string | null; onPick: (id: string) => void }) {
  const { m } = useMessages(FORM_MESSAGES)
  const [text, setText] = useState('')
  const [found, setFound] = useState<Operator[]>([])
  const [named, setNamed] = useState<Operator | null>(value ? { id: value, name: initialName ?? value } : null)
  useEffect(() => {
    let alive = true
    const t = setTimeout(() => {
      operatorsNamed(text).then(
        (r) => alive && setFound(r),
        () => alive && setFound([]),
      )
    }, 300)
    return () => {
      alive = false
      clearTimeout(t)
    }
  }, [text])
  const options = [...(named && !found.some((o) => o.id === named.id) ? [named] : []), ...found]
  return (
    <span class="reg-operator">
      <input
        type="search"
        data-testid="pipeline-operator-search"
        maxLength={SEARCH_MAX}
        placeholder={m('pipeline.operatorSearch')}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      <select
        data-testid="pipeline-operator"
        value={value}
        onChange={(e) => {
          const id = (e.target as HTMLSelectElement).value
          setNamed(options.find((o) => o.id === id) ?? null)
          onPick(id)
        }}
      >
        <option value="">{m('pipeline.operatorNone')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </span>
  )
}

/** Delete, after a confirmation in the form (pipelines_delete decides in the database). */
function DeleteLine({
  user,
  jurisdiction,
  line,
  onDone,
}: {
  user: SessionInfo
  jurisdiction: string
  line: PipelineRow
  onDone: (msg: string | null) => void
}) {
  const { m } = useMessages(FORM_MESSAGES)
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<unknown>(null)
  const yes = async () => {
    setBusy(true)
    setRefusal(null)
    try {
      await deletePipeline(line.id)
      onDone(m('pipeline.deleted', { name: line.name }))
    } catch (e) {
      setRefusal(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="reg-delete">
      {refusal !== null && <Refusal error={refusal} user={user} jurisdiction={jurisdiction} testid="pipeline-delete-refusal" />}
      {asking ? (
        <div class="form-error" role="alertdialog" data-testid="pipeline-delete-confirm">
          <p>{m('pipeline.deleteConfirm', { name: line.name })}</p>
          <button type="button" class="btn btn-danger" data-testid="pipeline-delete-yes" disabled={busy} onClick={yes}>
            {m('pipeline.deleteYes')}
          </button>{' '}
          <button type="button" class="btn btn-ghost" data-testid="pipeline-delete-no" onClick={() => setAsking(false)}>
            {m('pipeline.deleteNo')}
          </button>
        </div>
      ) : (
        <button type="button" class="btn btn-ghost" data-testid="pipeline-delete" onClick={() => setAsking(true)}>
          {m('pipeline.delete')}
        </button>
      )}
    </div>
  )
}
