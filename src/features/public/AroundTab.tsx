// "What is around me": a picked point (tap, browser location or search hit), a radius, and the
// public-safe items within it (public_around), nearest first, each with what to do.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { RISK_LEVELS } from '../../domain/levels.ts'
import { resourceTypeById } from '../../domain/categories.ts'
import { formatDistance, roundUpDistance } from '../../domain/publicAdvice.ts'
import type { AroundItem } from '../../data/publicView.ts'
import { Diamond, ResourceBadge } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { GradeBadge, LevelBadge, LocateIcon, MapKey, placeText, useWhere } from './parts.tsx'
import { cardOfAroundItem, PublicCard } from './PublicCard.tsx'
import { RADII, type PublicView } from './view.ts'

const PAGE = 30

export function AroundTab({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const a = useStore(view.store, (s) => s.around)
  const where = useWhere()
  const [shown, setShown] = useState(PAGE)
  const r = a.result
  // a new answer: first page
  useEffect(() => setShown(PAGE), [r])
  // back from a card: the item it came from is in view again
  const list = useRef<HTMLDivElement>(null)
  const last = useRef<AroundItem | null>(null)
  useEffect(() => {
    if (a.opened) last.current = a.opened
    else if (last.current && r) {
      const i = r.items.indexOf(last.current)
      last.current = null
      list.current?.querySelector(`[data-item="${i}"]`)?.scrollIntoView({ block: 'nearest' })
    }
  }, [a.opened, r])
  const risks = r ? r.items.filter((i) => i.kind !== 'resource') : []
  const facilities = r ? r.items.filter((i) => i.kind === 'resource') : []
  return (
    <div class="pub-around" data-testid="around" ref={list}>
      {!a.centre && <p class="pub-intro">{m('around.intro')}</p>}
      <div class="pub-around-controls">
        <div class="pub-segmented" role="radiogroup" aria-label={m('around.radius')}>
          {RADII.map((rad) => (
            <button
              key={rad}
              type="button"
              role="radio"
              aria-checked={a.radius === rad}
              class={`pub-seg ${a.radius === rad ? 'on' : ''}`}
              data-testid={`radius-${rad}`}
              onClick={() => {
                setShown(PAGE)
                view.setRadius(rad)
              }}
            >
              {formatDistance(rad, lang)}
            </button>
          ))}
        </div>
        <button
          type="button"
          class="pub-btn pub-locate"
          data-testid="use-location"
          disabled={a.locating}
          aria-label={m('around.useLocation')}
          title={m('around.useLocation')}
          onClick={() => view.useMyLocation()}
        >
          <LocateIcon />
          <span>{a.locating ? m('around.locating') : m('around.locate')}</span>
        </button>
      </div>
      {a.geoError && (
        <p class="pub-error" role="alert">
          {m(a.geoError.key, { msg: a.geoError.msg })}
        </p>
      )}
      {a.centre && (
        <p class="pub-centre" data-testid="around-centre">
          {m('around.centre', { where: a.label ?? (placeText(a.place, lang) ? m('around.near', { place: placeText(a.place, lang)! }) : where(a.centre)) })}
        </p>
      )}
      {!a.centre && <p class="pub-pick-hint">{m('around.pickHint')}</p>}
      {a.centre && <MapKey dot="key.centre" pin={false} />}
      {a.status === 'loading' && (
        <p class="pub-muted" role="status">
          {m('around.loading')}
        </p>
      )}
      {a.status === 'error' && (
        <p class="pub-error" role="alert">
          {m('around.error', { msg: a.error ?? '' })}
        </p>
      )}
      {r && a.status !== 'error' && a.opened && <Opened view={view} item={a.opened} />}
      {r && a.status !== 'error' && !a.opened && (
        <section class="pub-section" data-testid="around-result" data-total={r.total} data-radius={r.radius_m}>
          <h2 class="pub-h2">{m('around.summary', { radius: formatDistance(r.radius_m, lang) })}</h2>
          <ul class="pub-level-grid">
            {RISK_LEVELS.map((l) => (
              <li key={l.level} class="pub-level-cell" data-testid={`around-count-${l.level}`} data-count={r.counts.risk_points[String(l.level) as '1']}>
                <LevelBadge level={l.level} lang={lang} />
                <span class="pub-level-n">{formatNumber(r.counts.risk_points[String(l.level) as '1'], lang)}</span>
              </li>
            ))}
          </ul>
          <div class="pub-stat-row" data-testid="around-count-major" data-count={r.counts.major_hazards}>
            <Diamond grade={1} size={18} />
            <span class="pub-stat-label">{m('overview.majorHazards')}</span>
            <span class="pub-stat-n">{formatNumber(r.counts.major_hazards, lang)}</span>
          </div>
          {risks.length === 0 && (
            <p class="pub-note" data-testid="around-none">
              {m('around.none')}
            </p>
          )}
          {r.truncated && <p class="pub-note">{m('around.truncated', { n: r.items.length, total: r.total })}</p>}
          <ol class="pub-items" data-testid="around-list">
            {risks.slice(0, shown).map((it, i) => (
              <Item key={i} item={it} index={r.items.indexOf(it)} lang={lang} onOpen={() => view.openItem(it)} />
            ))}
          </ol>
          {risks.length > shown && (
            <button type="button" class="pub-btn pub-btn-wide" data-testid="around-more" onClick={() => setShown(shown + PAGE * 2)}>
              {m('around.showMore', { n: risks.length - shown })}
            </button>
          )}
          {facilities.length > 0 && (
            <>
              <h3 class="pub-h3">{m('around.facilities')}</h3>
              <ol class="pub-items" data-testid="around-facilities">
                {facilities.map((it, i) => (
                  <Item key={`f${i}`} item={it} index={r.items.indexOf(it)} lang={lang} onOpen={() => view.openItem(it)} />
                ))}
              </ol>
            </>
          )}
        </section>
      )}
    </div>
  )
}

/** An item opened from the list: a way back, its card (the one the map shows for its kind), how far. */
function Opened({ view, item }: { view: PublicView; item: AroundItem }) {
  const { m, lang } = useMessages(MESSAGES)
  const back = useRef<HTMLButtonElement>(null)
  // the card from its start (the list may have been scrolled far down)
  useEffect(() => {
    back.current?.focus({ preventScroll: true })
    back.current?.scrollIntoView({ block: 'start' })
  }, [item])
  return (
    <section class="pub-section" data-testid="around-opened">
      <button type="button" class="pub-btn pub-back" data-testid="around-back" ref={back} onClick={() => view.closeItem()}>
        {m('around.back')}
      </button>
      <PublicCard
        item={cardOfAroundItem(item)}
        testid="around-card"
        head={
          <div class="pub-card-dist" data-testid="around-card-distance" data-distance={item.distance_m}>
            {m('around.itemAt', { d: formatDistance(item.distance_m, lang) })}
            {placeOf(item, lang) && ` · ${placeOf(item, lang)}`}
          </div>
        }
      />
    </section>
  )
}

const placeOf = (item: AroundItem, lang: Lang) => [lang === 'en' ? item.district_name_en : item.district_name, item.area_name].filter(Boolean).join(' · ')

function Item({ item, index, lang, onOpen }: { item: AroundItem; index: number; lang: Lang; onOpen: () => void }) {
  const { m } = useMessages(MESSAGES)
  const dist = item.distance_m < 50 ? formatDistance(item.distance_m, lang) : m('around.distance', { d: formatDistance(item.distance_m, lang) })
  const place = placeOf(item, lang)
  let head
  let data: Record<string, string | number> = { 'data-kind': item.kind, 'data-distance': item.distance_m }
  if (item.kind === 'risk_point') {
    head = (
      <>
        <LevelBadge level={item.level} lang={lang} />
        <span class="pub-item-name">{lang === 'en' ? item.category_name_en || item.category_name : item.category_name}</span>
      </>
    )
    data = { ...data, 'data-level': item.level, 'data-category': item.category_code }
  } else if (item.kind === 'major_hazard') {
    head = (
      <>
        <GradeBadge grade={item.major_grade} lang={lang} />
        <span class="pub-item-name">{item.enterprise_name}</span>
      </>
    )
    data = { ...data, 'data-grade': item.major_grade ?? '' }
  } else {
    const t = resourceTypeById(item.resource_type)
    head = (
      <>
        <ResourceBadge type={item.resource_type} size={18} />
        <span class="pub-item-name">{item.name}</span>
        <span class="pub-item-type">{t ? t[lang] : item.resource_type}</span>
      </>
    )
  }
  return (
    <li class="pub-item" data-testid="around-item" data-item={index} {...data}>
      <button type="button" class="pub-item-head" onClick={onOpen}>
        <span class="pub-item-main">{head}</span>
        <span class="pub-item-dist">{dist}</span>
      </button>
      <div class="pub-item-meta">
        {place}
        {item.kind === 'major_hazard' && item.advice_distance_m != null && (
          <span class="pub-keep"> · {m('around.keepAway', { d: formatDistance(roundUpDistance(item.advice_distance_m), lang) })}</span>
        )}
      </div>
    </li>
  )
}
