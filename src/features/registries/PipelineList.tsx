// The 管道 tab's table (issue 19): one page of the lines the caller reads, with medium, operator,
// diameter, pressure, year and the districts crossed; an edit button where the caller may change
// the line.
import { formatNumber, useMessages } from '../../app/i18n.ts'
import type { PipelineRow } from '../../data/pipelineEdit.ts'
import { MESSAGES } from './messages.ts'
import type { Editor } from './RegistryLists.tsx'

export function PipelineRows({ rows, areaName, onEdit }: { rows: PipelineRow[]; areaName: (code: string | null) => string; onEdit?: Editor<PipelineRow> }) {
  const { m, lang } = useMessages(MESSAGES)
  const num = (v: number | null, d = 0) => (v === null ? '—' : formatNumber(Number(v), lang, d))
  // the districts (6-digit codes) the line crosses, by name
  const districts = (codes: string[]) => [...new Set(codes.filter((c) => c.length === 6).map((c) => areaName(c)))].join('、') || '—'
  return (
    <>
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.medium')}</th>
          <th>{m('col.operator')}</th>
          <th class="num">{m('col.diameter')}</th>
          <th class="num">{m('col.pressure')}</th>
          <th class="num">{m('col.year')}</th>
          <th>{m('col.areas')}</th>
          {onEdit && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id} data-testid="reg-pipeline" data-id={p.id}>
            <td>{p.name}</td>
            <td>{m(`medium.${p.medium}`)}</td>
            <td>{p.operator_name ?? '—'}</td>
            <td class="num">{num(p.diameter_mm, 1)}</td>
            <td class="num">{num(p.pressure_mpa, 2)}</td>
            <td class="num">{p.built_year ?? '—'}</td>
            <td class="reg-wrap">{districts(p.area_codes)}</td>
            {onEdit && (
              <td class="reg-actions">
                {onEdit.may(p) && (
                  <button type="button" class="btn btn-link" data-testid="pipeline-edit" onClick={() => onEdit.edit(p)}>
                    {onEdit.label}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </>
  )
}
