// Messages between the import page and its Web Worker (importWorker.ts). The worker reads the
// file, checks rows, stages and dry-runs and commits through src/import, so a 100,000-row file
// never freezes the page.
import type { CrsId, EncodingChoice, FileLook, ImportKind, ImportReport, Mapping } from '../../import/index.ts'

export type WorkerRequest =
  | { type: 'inspect'; bytes: ArrayBuffer; fileName: string; kind: ImportKind; encoding: EncodingChoice }
  | {
      type: 'dryRun'
      bytes: ArrayBuffer
      fileName: string
      kind: ImportKind
      encoding: EncodingChoice
      crs: CrsId | 'auto'
      mapping: Mapping
      token: string
    }
  | { type: 'commit'; report: ImportReport; skipErrors: boolean; token: string }

export type Phase = 'read' | 'stage' | 'check' | 'map' | 'commit'

export type WorkerAnswer =
  | { type: 'look'; look: FileLook }
  | { type: 'progress'; phase: Phase; done: number; total: number }
  | { type: 'report'; report: ImportReport }
  /** zh and en when the pipeline said both (a refused file), else the message as it came */
  | { type: 'error'; zh: string; en: string }
