// 最近的导入 (issue 14): the caller's past import runs, newest first, at most 20
// (import_runs_recent, 20270131000100: the runs import_runs' RLS shows — admins every run, a
// regulator its own — dry runs aside), with 撤销 for a run that can still be undone and 继续撤销
// for one partly undone. The undo is src/import/revert.ts's, as on the report of a fresh commit;
// the database decides and a refusal is shown as its message.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { APP_ROLES, isAppRole } from '../../domain/categories.ts'
import { importClient, importToken } from '../../data/importClient.ts'
import { KIND_LABEL, type ImportKind } from '../../import/index.ts'
import { ImportRevertRefused, recentRuns, revertRun, type RecentRun } from '../../import/revert.ts'
import { MESSAGES } from './messages.ts'

export const RECENT_RUNS = 20

type Run = RecentRun
type UndoState =
  | { id: string; step: 'ask' }
  | { id: string; step: 'running'; done: number; total: number }
  | { id: string; step: 'done'; deleted: number; restored: number }
  | { id: string; step: 'refused'; message: string }
  | { id: string; step: 'failed'; message: string }

const STATUSES = ['applying', 'committed', 'failed', 'reverting', 'reverted'] as const
const WHEN = (lang: string) =>
  new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })

/** `refresh` changes after the page commits or undoes a run: the list is read again. */
export function RecentRuns({ refresh, busy, onBusy }: { refresh: number; busy: boolean; onBusy: (busy: boolean) => void }) {
  const { m, lang, name } = useMessages(MESSAGES)
  const [runs, setRuns] = useState<Run[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [undo, setUndo] = useState<UndoState | null>(null)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    let live = true
    setLoadError(null)
    void (async () => {
      try {
        const rows = await recentRuns(importClient(await importToken()), RECENT_RUNS)
        if (live) setRuns(rows)
      } catch (e) {
        if (live) setLoadError((e as Error).message)
      }
    })()
    return () => {
      live = false
    }
  }, [refresh, reload])

  const runUndo = async (run: Run) => {
    const id = run.id!
    const total = (run.inserted ?? 0) + (run.updated ?? 0)
    setUndo({ id, step: 'running', done: 0, total })
    onBusy(true)
    try {
      const r = await revertRun(importClient(await importToken()), id, total, (done, all) => setUndo({ id, step: 'running', done, total: all }))
      setUndo({ id, step: 'done', deleted: r.deleted, restored: r.restored })
    } catch (e) {
      setUndo(e instanceof ImportRevertRefused ? { id, step: 'refused', message: e.message } : { id, step: 'failed', message: (e as Error).message })
    } finally {
      onBusy(false)
      setReload((n) => n + 1)
    }
  }

  const when = WHEN(lang)
  const statusOf = (s: string | null) => ((STATUSES as readonly string[]).includes(s ?? '') ? m(`recent.status.${s}` as 'recent.status.committed') : (s ?? '—'))
  const who = (r: Run) => {
    const role = isAppRole(r.actor_role) ? name(APP_ROLES[r.actor_role]) : r.actor_role === 'service' ? m('recent.service') : (r.actor_role ?? '—')
    return r.mine ? m('recent.me', { role }) : role
  }

  return (
    <section class="import-step import-recent" data-testid="import-recent">
      <h3>{m('recent.title')}</h3>
      <p class="muted">{m('recent.intro', { n: RECENT_RUNS })}</p>
      {loadError && (
        <p class="form-error" role="alert">
          {m('error', { msg: loadError })}
        </p>
      )}
      {runs && runs.length === 0 && <p class="muted">{m('recent.none')}</p>}
      {runs && runs.length > 0 && (
        <table class="import-recent-table">
          <thead>
            <tr>
              <th>{m('recent.when')}</th>
              <th>{m('recent.kind')}</th>
              <th>{m('recent.file')}</th>
              <th>{m('recent.who')}</th>
              <th>{m('recent.counts')}</th>
              <th>{m('recent.status')}</th>
              <th>{m('recent.undo')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const u = undo?.id === r.id ? undo : null
              return (
                <tr key={r.id} data-testid="import-recent-run" data-run={r.id} data-status={r.status}>
                  <td>{when.format(new Date(r.committed_at ?? r.created_at ?? ''))}</td>
                  <td>{name(KIND_LABEL[r.kind as ImportKind]) || r.kind}</td>
                  <td class="import-recent-file">{r.file_name}</td>
                  <td>{who(r)}</td>
                  <td>{m('recent.countsValue', { inserted: r.inserted ?? 0, updated: r.updated ?? 0 })}</td>
                  <td class={`import-recent-status import-recent-${r.status}`}>
                    {statusOf(r.status)}
                    {r.status === 'reverted' && r.reverted_at && <small class="muted"> {when.format(new Date(r.reverted_at))}</small>}
                  </td>
                  <td class="import-recent-undo">
                    {(r.undo === 'yes' || r.undo === 'continue') && !u && (
                      <button
                        type="button"
                        class="btn btn-danger"
                        data-testid="import-recent-undo"
                        disabled={busy}
                        onClick={() => setUndo({ id: r.id!, step: 'ask' })}
                      >
                        {m(r.undo === 'continue' ? 'recent.continue' : 'recent.undoButton')}
                      </button>
                    )}
                    {(r.undo === 'expired' || r.undo === 'not_kept') && <span class="muted">{m(`recent.${r.undo}`)}</span>}
                    {u?.step === 'ask' && (
                      <div class="import-undo-ask" role="dialog" aria-modal="false" aria-label={m('recent.undoButton')} data-testid="import-recent-confirm">
                        <p>{m('undo.askRun', { file: r.file_name ?? '', deleted: r.inserted ?? 0, restored: r.updated ?? 0 })}</p>
                        <button type="button" class="btn btn-danger" data-testid="import-recent-yes" onClick={() => void runUndo(r)}>
                          {m('undo.yes')}
                        </button>{' '}
                        <button type="button" class="btn" onClick={() => setUndo(null)}>
                          {m('undo.no')}
                        </button>
                      </div>
                    )}
                    {u?.step === 'running' && (
                      <span role="status">
                        {m('undo.running', { done: u.done, total: u.total })}
                        <progress max={Math.max(u.total, 1)} value={u.done} />
                      </span>
                    )}
                    {u?.step === 'done' && (
                      <span class="import-undo-done" role="status" data-testid="import-recent-done">
                        {m('undo.done', { deleted: u.deleted, restored: u.restored })}
                      </span>
                    )}
                    {(u?.step === 'refused' || u?.step === 'failed') && (
                      <div class="form-error import-undo-refused" role="alert" data-testid="import-recent-refused">
                        <b>{m(u.step === 'refused' ? 'undo.refused' : 'recent.failed')}</b>
                        <pre>{u.message}</pre>
                        <button type="button" class="btn" onClick={() => setUndo(null)}>
                          {m('undo.close')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
