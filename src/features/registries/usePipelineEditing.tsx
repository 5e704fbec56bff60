// The 管道 tab's editing (useRegistryEditing): admins and regulators add; a line is edited (and
// deleted) by those who may write it (admins; the regulators of a district it crosses).
import type { SessionInfo } from '../../data/session.ts'
import type { PipelineRow } from '../../data/pipelineEdit.ts'
import type { FilingRate } from '../../data/registries.ts'
import { mayEditPipeline } from '../../domain/pipelineEdit.ts'
import { PipelineForm } from './PipelineForm.tsx'
import { useRegistryEditing } from './useRegistryEditing.tsx'
import { jurisdictionOf } from './Refusal.tsx'

export function usePipelineEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  return useRegistryEditing<PipelineRow>({
    key: 'pipeline',
    writer: user.role === 'admin' || user.role === 'regulator',
    may: (row) => mayEditPipeline(user.role, row.area_codes, user.areaCodes),
    form: (editing, onDone) => <PipelineForm user={user} jurisdiction={jurisdictionOf(user, districts)} editing={editing} onDone={onDone} />,
  })
}
