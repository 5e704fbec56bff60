// The one-map page: the map, the layer panel (toggles, live counts, filters, search) on the
// left, the legend bottom-right, the detail card top-right.
import { useEffect, useRef, useState } from 'preact/hooks'
import { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { useI18n } from '../../app/i18n.ts'
import { LayerPanel } from './LayerPanel.tsx'
import { Legend } from './Legend.tsx'
import { DetailCard } from './DetailCard.tsx'
import { TrackPlayback } from '../vehicles/TrackPlayback.tsx'
import { AreaCard } from './AreaCard.tsx'
import { StatusBar } from './StatusBar.tsx'
import { HoverTip } from './HoverTip.tsx'
import { currentPath, currentQuery } from '../../app/routes.ts'
import { parseOneMapLink } from './links.ts'
import './onemap.css'

export default function OneMapPage() {
  const container = useRef<HTMLDivElement>(null)
  const session = useStore(sessionStore)
  const [ctl, setCtl] = useState<OneMapController | null>(null)
  const { t } = useI18n()

  // one controller per page visit; created once the stored session is known
  useEffect(() => {
    if (!session.known || !container.current) return
    // tooltips only where there is a mouse to rest (not on touch screens)
    const hover = typeof matchMedia === 'function' && matchMedia('(hover: hover) and (pointer: fine)').matches
    // a signed-in user without an app role (a self sign-up) gets the public view, like anon
    const c = new OneMapController(session.user?.role ? 'full' : 'public', { hover, basemapSwitcher: true })
    setCtl(c)
    void c.mount(container.current)
    return () => c.destroy()
    // session.user is left out on purpose: signing in or out changes the mode (next effect), not the map
  }, [session.known])

  useEffect(() => {
    ctl?.setMode(session.user?.role ? 'full' : 'public')
  }, [ctl, session.user])

  // links into the map (#/?focus=layer:id, #/?lon=..&lat=..&z=..), on arrival and on every hash change
  useEffect(() => {
    if (!ctl) return
    const follow = () => {
      if (currentPath() === '/') void ctl.followLink(parseOneMapLink(currentQuery()))
    }
    follow()
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [ctl])

  return (
    <div class="onemap" data-testid="onemap">
      {ctl ? <LayerPanel ctl={ctl} /> : <aside class="om-panel" />}
      <div class="om-map-wrap">
        <div class="om-map" ref={container} data-testid="map" aria-label={t('app.title')} />
        {ctl && <DetailCard ctl={ctl} />}
        {ctl && <AreaCard ctl={ctl} />}
        {ctl && <Legend ctl={ctl} />}
        {ctl && <StatusBar ctl={ctl} />}
        {ctl && <HoverTip ctl={ctl} />}
        {ctl && <TrackPlayback map={() => ctl.map} />}
      </div>
    </div>
  )
}
