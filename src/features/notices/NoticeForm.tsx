// The draft form of #/notices: kind, title, text, warning level (required for 预警, the four colours
// with their names), areas (a regulator's own districts; an admin's any) and/or a drawn area (a
// polygon drawn on a small map or pasted as GeoJSON: NoticeAreaDraw), valid until. Resident ID
// and mobile numbers are found as the user types (src/domain/notices.ts, the database's rule),
// naming the field and the character; the database checks the same again when publishing and its
// refusal is shown in words.
import { useMemo, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { cityToday } from '../../domain/cityDay.ts'
import type { MultiPolygon } from 'geojson'
import { createDraft, updateNotice, type StaffDraft, type StaffNotice } from '../../data/noticesStaff.ts'
import type { District } from '../../data/dangers.ts'
import { levelCss, levelTextCss } from '../../domain/levels.ts'
import { NOTICE_KINDS, NOTICE_KIND_NAMES, WARNING_LEVEL_NAMES, type NoticeKind } from '../../domain/notices.ts'
import { personalDataByField } from '../../domain/noticePersonal.ts'
import { checkNoticeArea, noticeAreaMessage } from '../../domain/noticeArea.ts'
import { NoticeAreaDraw } from './NoticeAreaDraw.tsx'
import { chinaDay, endOfChinaDay, RefusalBox } from './staffParts.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'

type Level = 1 | 2 | 3 | 4
const LEVELS: readonly Level[] = [1, 2, 3, 4]

export interface NoticeFormProps {
  /** the districts this user may choose */
  districts: readonly District[]
  /** the whole city (全市), offered to admins only */
  city?: District | null
  /** names of other areas a draft may hold (streets, grids) */
  named?: readonly District[]
  jurisdiction: string
  /** the draft being edited; null for a new one */
  notice: StaffNotice | null
  onSaved: (id: string, title: string) => void
  onCancel: () => void
}

export function NoticeForm({ districts, city = null, named = [], jurisdiction, notice, onSaved, onCancel }: NoticeFormProps) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const [kind, setKind] = useState<NoticeKind>(notice?.kind ?? 'regional_warning')
  const [title, setTitle] = useState(notice?.title ?? '')
  const [body, setBody] = useState(notice?.body ?? '')
  const [level, setLevel] = useState<Level | null>(notice?.level ?? null)
  // a notice drawn as a polygon only starts with no area ticked
  const [areas, setAreas] = useState<string[]>(notice?.area_codes ?? (districts.length === 1 ? [districts[0]!.code] : []))
  const [area, setArea] = useState<MultiPolygon | null>(notice?.geom ? { type: 'MultiPolygon', coordinates: notice.geom.coordinates } : null)
  const [drawing, setDrawing] = useState(false)
  const [validUntil, setValidUntil] = useState(chinaDay(notice?.valid_until ?? null))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)

  // as the user types: the first resident ID or mobile number per field, said where
  const personal = useMemo(() => {
    const found = personalDataByField(
      [
        { field: 'title', label: m('form.title'), text: title },
        { field: 'body', label: m('form.body'), text: body },
      ],
      lang,
    )
    return Object.fromEntries(found.map((f) => [f.field, f.message])) as Record<string, string>
  }, [title, body, lang])

  // areas a draft already holds stay choosable (an admin's wider draft opened by a regulator is refused by the database)
  const choices = useMemo(() => {
    const extra = (notice?.area_codes ?? [])
      .filter((c) => !districts.some((d) => d.code === c) && c !== city?.code)
      .map((c) => ({ code: c, name: named.find((a) => a.code === c)?.name ?? c }))
    return [...districts, ...extra]
  }, [districts, notice, named, city])
  const wholeCity = city !== null && areas.includes(city.code)

  function check(): Record<string, string> {
    const e: Record<string, string> = {}
    const t = title.trim()
    if (!t) e.title = m('form.required', { field: m('form.title') })
    else if (t.length < 2 || t.length > 200) e.title = m('form.titleLength')
    if (!body.trim()) e.body = m('form.required', { field: m('form.body') })
    else if (body.length > 8000) e.body = m('form.bodyLength')
    if (kind === 'regional_warning' && !level) e.level = m('form.levelRequired')
    if (!areas.length && !area) e.areas = m('form.areasOrPolygon')
    if (drawing) e.geom = m('area.unclosed')
    else if (area) {
      const c = checkNoticeArea(area)
      if (!c.ok) e.geom = noticeAreaMessage(c.problem, lang)
    }
    if (validUntil && validUntil <= cityToday()) e.valid_until = m('form.validPast')
    return e
  }

  async function save(ev: Event) {
    ev.preventDefault()
    setRefused(null)
    const e = check()
    setErrors(e)
    if (Object.keys(e).length || Object.keys(personal).length) return
    const checked = area ? checkNoticeArea(area) : null
    const d: StaffDraft = {
      kind,
      title: title.trim(),
      body,
      level: level ?? null,
      area_codes: areas,
      geom: checked?.ok ? checked.geometry : null,
      valid_until: validUntil ? endOfChinaDay(validUntil) : null,
    }
    setBusy(true)
    try {
      const id = notice ? (await updateNotice(notice.id, d), notice.id) : await createDraft(d)
      onSaved(id, d.title)
    } catch (err) {
      setRefused(err)
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (f: string) =>
    (errors[f] || personal[f]) && (
      <div class="ntc-field-error" data-testid={`notice-error-${f}`} role="alert">
        {personal[f] ?? errors[f]}
      </div>
    )

  return (
    <form class="ntc-form" data-testid="notice-form" onSubmit={save} noValidate>
      <h3>{notice ? m('form.editTitle') : m('form.newTitle')}</h3>
      <div class="ntc-form-grid">
        <label>
          {m('form.kind')}
          <select data-testid="notice-kind-select" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as NoticeKind)}>
            {NOTICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {NOTICE_KIND_NAMES[k][lang]}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="ntc-levels" data-testid="notice-levels">
          <legend>
            {m('form.level')}
            {kind === 'regional_warning' ? ' *' : ''}
          </legend>
          {LEVELS.map((l) => (
            <label key={l} class={`ntc-level-choice${level === l ? ' chosen' : ''}`} style={{ background: levelCss(l), color: levelTextCss(l) }}>
              <input type="radio" name="ntc-level" data-testid={`notice-level-${l}`} checked={level === l} onChange={() => setLevel(l)} />
              {WARNING_LEVEL_NAMES[l][lang]}
            </label>
          ))}
          {kind !== 'regional_warning' && (
            <label class={`ntc-level-choice ntc-level-none${level === null ? ' chosen' : ''}`}>
              <input type="radio" name="ntc-level" checked={level === null} onChange={() => setLevel(null)} />
              {m('form.noLevel')}
            </label>
          )}
          {fieldError('level')}
        </fieldset>
        <label class="ntc-wide">
          {m('form.title')} *
          <input type="text" data-testid="notice-title" maxLength={200} value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          {fieldError('title')}
        </label>
        <label class="ntc-wide">
          {m('form.body')} *
          <textarea data-testid="notice-body" rows={10} maxLength={8000} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
          {fieldError('body')}
        </label>
        <fieldset class="ntc-areas" data-testid="notice-areas">
          <legend data-testid="notice-areas-legend">{m('form.areasEither')}</legend>
          {city && (
            <label class="ntc-area-city">
              <input
                type="checkbox"
                data-testid="notice-area-city"
                data-code={city.code}
                checked={wholeCity}
                onChange={(e) => setAreas((e.target as HTMLInputElement).checked ? [city.code] : [])}
              />{' '}
              {m('form.wholeCity', { name: city.name })}
            </label>
          )}
          {choices.map((d) => (
            <label key={d.code} class={wholeCity ? 'ntc-area-covered' : ''}>
              <input
                type="checkbox"
                data-testid={`notice-area-${d.code}`}
                checked={wholeCity || areas.includes(d.code)}
                disabled={wholeCity}
                onChange={(e) =>
                  setAreas((a) => ((e.target as HTMLInputElement).checked ? [...a.filter((c) => c !== d.code), d.code] : a.filter((c) => c !== d.code)))
                }
              />{' '}
              {d.name}
            </label>
          ))}
          {fieldError('areas')}
        </fieldset>
        <NoticeAreaDraw
          value={area}
          onChange={(g) => {
            setArea(g)
            // a drawn area answers "choose an area or draw one" too
            setErrors(({ geom: _g, areas: _a, ...rest }) => rest)
          }}
          onDrawing={setDrawing}
          outlineCodes={wholeCity && city ? [city.code] : districts.map((d) => d.code)}
          error={errors.geom && !(area && !checkNoticeArea(area).ok) ? errors.geom : null}
        />
        <label>
          {m('form.validUntil')}
          <input type="date" data-testid="notice-valid-until" value={validUntil} onInput={(e) => setValidUntil((e.target as HTMLInputElement).value)} />
          <small class="muted">{m('form.validHint')}</small>
          {fieldError('valid_until')}
        </label>
      </div>
      {refused !== null && <RefusalBox error={refused} testid="notice-form-refused" jurisdiction={jurisdiction} />}
      <div class="ntc-form-actions">
        <button type="submit" class="btn btn-primary" data-testid="notice-save" disabled={busy}>
          {busy ? m('form.saving') : m('form.save')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid="notice-cancel" onClick={onCancel}>
          {m('form.cancel')}
        </button>
      </div>
    </form>
  )
}
