// Small pieces shared by the public view's tabs: level and grade badges (colour AND name),
// advice lists, the emergency numbers, a place written out.
import { useMessages, type Lang } from '../../app/i18n.ts'
import { levelCss, levelName, levelTextCss, majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import { EMERGENCY_NUMBERS } from '../../domain/publicAdvice.ts'
import { MESSAGES } from './messages.ts'
import type { PlaceAt } from '../../data/publicView.ts'

export function LevelBadge({ level, lang, testid }: { level: number; lang: Lang; testid?: string }) {
  return (
    <span class="pub-badge" data-testid={testid} data-level={level} style={{ background: levelCss(level), color: levelTextCss(level) }}>
      {levelName(level, lang)}
    </span>
  )
}

export function gradeTextCss(grade: number | null | undefined): string {
  return grade === 2 || grade === 3 ? '#222' : '#fff'
}

export function GradeBadge({ grade, lang, testid }: { grade: number | null; lang: Lang; testid?: string }) {
  return (
    <span class="pub-badge" data-testid={testid} data-grade={grade ?? ''} style={{ background: rgbCss(majorGradeRgb(grade)), color: gradeTextCss(grade) }}>
      {majorGradeName(grade, lang)}
    </span>
  )
}

export function AdviceList({ lines, testid }: { lines: string[]; testid?: string }) {
  if (lines.length === 0) return null
  return (
    <ul class="pub-advice" data-testid={testid}>
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  )
}

export function EmergencyNumbers() {
  const { m, lang } = useMessages(MESSAGES)
  return (
    <section class="pub-numbers" aria-label={m('numbers.title')} data-testid="emergency-numbers">
      <h3>{m('numbers.title')}</h3>
      <div class="pub-numbers-row">
        {EMERGENCY_NUMBERS.map((n) => (
          <a key={n.number} class="pub-number" href={`tel:${n.number}`}>
            <strong>{n.number}</strong>
            <span>{n[lang]}</span>
          </a>
        ))}
      </div>
    </section>
  )
}

/** "东经 113.083°，北纬 22.394°" at the precision the public view uses. */
export function useWhere(): (at: [number, number]) => string {
  const { m } = useMessages(MESSAGES)
  return (at) => m('where.approx', { lon: at[0].toFixed(4), lat: at[1].toFixed(4) })
}

export function LocateIcon() {
  return (
    <svg class="pub-icon" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" aria-hidden="true">
      <circle cx="12" cy="12" r="7" />
      <circle cx="12" cy="12" r="2.5" fill="currentColor" />
      <path d="M12 1v4M12 19v4M1 12h4M19 12h4" />
    </svg>
  )
}

/** "江海区 · 外海街道" (null while unknown or outside the city). */
export function placeText(place: PlaceAt | null, lang: Lang): string | null {
  if (!place?.inside) return null
  const en = lang === 'en'
  return (
    [en ? place.district_name_en : place.district_name, en ? (place.street_name_en ?? place.street_name) : place.street_name].filter(Boolean).join(' · ') ||
    null
  )
}

/** The map key for the picked places: the blue dot (my location, or the circle's centre) and,
 * when reporting, the red pin of the report spot. */
export function MapKey({ dot, pin }: { dot: 'key.me' | 'key.centre' | null; pin: boolean }) {
  const { m } = useMessages(MESSAGES)
  return (
    <p class="pub-map-key" data-testid="map-key">
      {dot && (
        <span class="pub-key-item" data-testid="key-dot">
          <span class="pub-key-dot" aria-hidden="true" />
          {m(dot)}
        </span>
      )}
      {pin && (
        <span class="pub-key-item" data-testid="key-pin">
          <span class="pub-key-pin" aria-hidden="true" />
          {m('key.report')}
        </span>
      )}
    </p>
  )
}
