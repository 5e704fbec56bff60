// Legend, panel and card symbols, drawn like the map draws them (same colours, same shapes). Shared by
// the layer modules (legend entries, cards, panel rows) and the screens that show a symbol.
import { levelCss, majorGradeRgb, rgbCss, NON_MAJOR_HAZARD_RGB, type Rgb } from '../../domain/levels.ts'
import { DANGER_STATUSES, OVERDUE_RGB, PROTECTIVE_CLASSES, resourceTypeById } from '../../domain/categories.ts'

export function LevelDot({ level, size = 12 }: { level: number; size?: number }) {
  return <span class="sym sym-dot" style={{ width: size, height: size, background: levelCss(level) }} aria-hidden="true" />
}

export function Ring({ rgb, size = 12 }: { rgb: Rgb; size?: number }) {
  return <span class="sym sym-ring" style={{ width: size, height: size, borderColor: rgbCss(rgb) }} aria-hidden="true" />
}

export function Diamond({ grade, major = true, size = 14 }: { grade?: number | null; major?: boolean; size?: number }) {
  const rgb = major ? majorGradeRgb(grade ?? null) : NON_MAJOR_HAZARD_RGB
  return (
    <svg class="sym" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      {major ? (
        <path d="M10 1 L19 10 L10 19 L1 10 Z" fill={rgbCss(rgb)} stroke="#fff" stroke-width="1.5" />
      ) : (
        <path d="M10 3 L17 10 L10 17 L3 10 Z" fill="none" stroke={rgbCss(rgb)} stroke-width="2.6" />
      )}
    </svg>
  )
}

export function DangerTriangle({ status = 2, overdue = false, size = 15 }: { status?: number; overdue?: boolean; size?: number }) {
  const s = DANGER_STATUSES[status] ?? DANGER_STATUSES[0]!
  return (
    <svg class="sym" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M10 2 L19 17.5 L1 17.5 Z"
        fill={rgbCss(s.rgb)}
        stroke={overdue ? rgbCss(OVERDUE_RGB) : '#fff'}
        stroke-width={overdue ? 2.6 : 1}
        stroke-linejoin="round"
      />
      <rect x="9.1" y="7" width="1.8" height="5.5" fill="#fff" />
      <rect x="9.1" y="13.6" width="1.8" height="1.8" fill="#fff" />
    </svg>
  )
}

export function ProtectiveRing({ classCode, size = 12 }: { classCode: number; size?: number }) {
  const c = PROTECTIVE_CLASSES[classCode - 1] ?? PROTECTIVE_CLASSES[0]!
  return <Ring rgb={c.rgb} size={size} />
}

const GLYPH_PATH: Record<string, string> = {
  hospital: 'M8.5 4h3v4.5H16v3h-4.5V16h-3v-4.5H4v-3h4.5z',
  fire_station: 'M10 3c3 3 4.5 5.5 4.5 8a4.5 4.5 0 0 1-9 0c0-1.6.8-3 1.8-3.8 0 1.3.6 2 1.2 2C9.6 7.4 9 5 10 3z',
  shelter: 'M10 3.5 17 16H3zM10 9.5 7.6 16h4.8z',
  rescue_team: 'M10 4a6 6 0 1 0 0 12a6 6 0 1 0 0-12zm0 3a3 3 0 1 1 0 6a3 3 0 1 1 0-6z',
  material_depot: 'M4 6h12v10H4zM4 9h12M10 6v3',
}

export function ResourceBadge({ type, size = 16 }: { type: string; size?: number }) {
  const info = resourceTypeById(type)
  const fill = info ? rgbCss(info.rgb) : '#666'
  const d = GLYPH_PATH[type] ?? GLYPH_PATH.material_depot
  return (
    <svg class="sym" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="0.5" y="0.5" width="19" height="19" rx="4" fill={fill} stroke="#fff" />
      <path
        d={d}
        fill={type === 'material_depot' ? 'none' : '#fff'}
        fill-rule="evenodd"
        stroke={type === 'material_depot' ? '#fff' : 'none'}
        stroke-width="1.6"
      />
    </svg>
  )
}

export function ParkSwatch() {
  return <span class="sym sym-park" aria-hidden="true" />
}

export function AreaSwatch() {
  return <span class="sym sym-area" aria-hidden="true" />
}

/** Four colour quarters: the area risk map colours whole areas by level. */
export function AreaRiskSwatch() {
  return (
    <span
      class="sym sym-area-risk"
      aria-hidden="true"
      style={{ background: `linear-gradient(90deg, ${[1, 2, 3, 4].map((l, i) => `${levelCss(l)} ${i * 25}% ${(i + 1) * 25}%`).join(', ')})` }}
    />
  )
}
