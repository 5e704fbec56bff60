// The import page's worker: one request at a time, answers posted back (protocol.ts).
import { commitImport, ImportFileError, inspectFile, runImport } from '../../import/index.ts'
import { crsFromPrj, toWgs84 } from '../../geo/crs.ts'
import { importClient } from '../../data/importClient.ts'
import type { WorkerAnswer, WorkerRequest } from './protocol.ts'

// the worker's global scope (the project's lib is DOM, whose `self` is a Window)
const scope = self as unknown as { postMessage(a: WorkerAnswer, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null }
const post = (a: WorkerAnswer, transfer: Transferable[] = []) => scope.postMessage(a, transfer)

scope.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data
  try {
    if (req.type === 'inspect') {
      const look = await inspectFile(new Uint8Array(req.bytes), req.fileName, req.kind, { encoding: req.encoding, crsFromPrj })
      post({ type: 'look', look })
    } else if (req.type === 'dryRun') {
      const report = await runImport(importClient(req.token), {
        kind: req.kind,
        fileName: req.fileName,
        bytes: new Uint8Array(req.bytes),
        crs: req.crs,
        encoding: req.encoding,
        mapping: req.mapping,
        dryRun: true,
        verdictPoints: true,
        toWgs84,
        crsFromPrj,
        onProgress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
      })
      const p = report.points
      post(
        { type: 'report', report },
        p
          ? [
              p.positions.buffer,
              p.verdicts.buffer,
              p.rows.buffer,
              ...(p.paths ? [p.paths.positions.buffer, p.paths.starts.buffer, p.paths.verdicts.buffer] : []),
            ]
          : [],
      )
    } else {
      post({ type: 'progress', phase: 'commit', done: 0, total: 1 })
      const report = await commitImport(importClient(req.token), req.report, req.skipErrors, (done, total) =>
        post({ type: 'progress', phase: 'commit', done, total }),
      )
      post({ type: 'report', report })
    }
  } catch (err) {
    if (err instanceof ImportFileError) post({ type: 'error', zh: err.zh, en: err.en })
    else {
      const msg = (err as Error).message ?? String(err)
      post({ type: 'error', zh: msg, en: msg })
    }
  }
}
