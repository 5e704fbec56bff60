// The public view's warnings (issue 18): the published, unexpired notices of the place at the
// centre of the map (public_notices_active with that point: its district, street and the city),
// warnings first in their colour with its name (红色/橙色/黄色/蓝色预警), each opening to its text.
// A warning drawn as a polygon is listed only when the place is inside it (the database's ST_Covers),
// and says so with the drawn area's size.
// Refetched when the map stops moving (latest request wins).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { levelCss, levelTextCss } from '../../domain/levels.ts'
import { NOTICE_KIND_NAMES, WARNING_LEVEL_NAMES, sortNotices } from '../../domain/notices.ts'
import { activeNotices, type ActiveNotice } from '../../data/notices.ts'
import { areaKm2, formatKm2 } from '../../domain/noticeArea.ts'
import { AREA_MESSAGES } from './areaMessages.ts'
import type { OneMapController } from '../onemap/controller.ts'
import { MESSAGES } from './messages.ts'
import { useNoticesFeedLink } from './useFeedLink.ts'
import './notices.css'

export function PublicWarnings({ ctl }: { ctl: OneMapController }) {
  const { m, lang } = useMessages(MESSAGES)
  const a = useMessages(AREA_MESSAGES).m
  const [items, setItems] = useState<ActiveNotice[] | null>(null)
  const [failed, setFailed] = useState(false)
  useNoticesFeedLink(m('public.feed'))

  useEffect(() => {
    let abort: AbortController | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let map = ctl.map
    const load = () => {
      if (!map) return
      const c = map.getCenter()
      abort?.abort()
      const mine = (abort = new AbortController())
      activeNotices({ lon: c.lng, lat: c.lat }, mine.signal).then(
        (xs) => {
          if (mine.signal.aborted) return
          setItems(sortNotices(xs))
          setFailed(false)
        },
        () => !mine.signal.aborted && setFailed(true),
      )
    }
    const onMove = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(load, 300)
    }
    const attach = () => {
      map = ctl.map
      if (!map) return false
      map.on('moveend', onMove)
      load()
      return true
    }
    let un: (() => void) | null = null
    if (!attach()) {
      un = ctl.store.subscribe((s) => {
        if (s.mapReady && attach()) un?.()
      })
    }
    return () => {
      un?.()
      if (timer) clearTimeout(timer)
      abort?.abort()
      map?.off('moveend', onMove)
    }
  }, [ctl])

  const date = (t: string) => new Date(t).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })
  return (
    <section class="pub-section ntc-public" data-testid="public-warnings" data-count={items?.length ?? ''}>
      <h2 class="pub-h2">
        {m('public.title')} <span class="pub-muted">· {m('public.where')}</span>
      </h2>
      {failed && <p class="pub-error-inline">{m('public.error')}</p>}
      {items && items.length === 0 && !failed && (
        <p class="pub-muted" data-testid="warnings-none">
          {m('public.none')}
        </p>
      )}
      {items && items.length > 0 && (
        <ul class="ntc-list">
          {items.map((n) => (
            <li
              key={n.id}
              class="ntc-item"
              data-testid="warning-item"
              data-id={n.id}
              data-level={n.level ?? ''}
              data-kind={n.kind}
              data-drawn={n.geometry ? 'true' : 'false'}
            >
              <details>
                <summary>
                  {n.level ? (
                    <span class="ntc-badge" style={{ background: levelCss(n.level), color: levelTextCss(n.level) }}>
                      {WARNING_LEVEL_NAMES[n.level][lang]}
                    </span>
                  ) : (
                    <span class="ntc-badge ntc-badge-kind">{NOTICE_KIND_NAMES[n.kind][lang]}</span>
                  )}
                  <span class="ntc-title">{n.title}</span>
                </summary>
                <p class="ntc-body">{n.body}</p>
                {n.geometry && (
                  <p class="pub-muted ntc-drawn" data-testid="warning-drawn">
                    {a(n.area_codes.length ? 'public.drawnAnd' : 'public.drawn', { km2: formatKm2(areaKm2(n.geometry)) })}
                  </p>
                )}
                <p class="pub-muted ntc-dates">
                  {m('public.published', { t: date(n.published_at) })}
                  {n.valid_until && ` · ${m('public.until', { t: date(n.valid_until) })}`}
                </p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
