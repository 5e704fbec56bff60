// The page's side of the import worker: one request at a time, a promise for its final answer,
// progress through a callback.
import type { EncodingChoice, FileLook, ImportKind, ImportReport } from '../../import/index.ts'
import type { Phase, WorkerAnswer, WorkerRequest } from './protocol.ts'

export class ImportWorkerError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en)
  }
}

let worker: Worker | null = null

function request<T>(req: WorkerRequest, onProgress?: (phase: Phase, done: number, total: number) => void, transfer: Transferable[] = []): Promise<T> {
  worker ??= new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' })
  const w = worker
  return new Promise<T>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      const a = e.data
      if (a.type === 'progress') onProgress?.(a.phase, a.done, a.total)
      else if (a.type === 'error') reject(new ImportWorkerError(a.zh, a.en))
      else resolve((a.type === 'look' ? a.look : a.report) as T)
    }
    w.onerror = (e) => reject(new ImportWorkerError(e.message, e.message))
    w.postMessage(req, transfer)
  })
}

export async function inspect(file: File, kind: ImportKind, encoding: EncodingChoice): Promise<FileLook> {
  const bytes = await file.arrayBuffer()
  return request<FileLook>({ type: 'inspect', bytes, fileName: file.name, kind, encoding }, undefined, [bytes])
}

export async function dryRun(
  file: File,
  o: Omit<Extract<WorkerRequest, { type: 'dryRun' }>, 'type' | 'bytes' | 'fileName'>,
  onProgress: (phase: Phase, done: number, total: number) => void,
): Promise<ImportReport> {
  const bytes = await file.arrayBuffer()
  return request<ImportReport>({ type: 'dryRun', bytes, fileName: file.name, ...o }, onProgress, [bytes])
}

export function commit(
  report: ImportReport,
  skipErrors: boolean,
  token: string,
  onProgress: (phase: Phase, done: number, total: number) => void,
): Promise<ImportReport> {
  return request<ImportReport>({ type: 'commit', report, skipErrors, token }, onProgress)
}
