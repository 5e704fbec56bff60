// The relocation planner (#/planner): worklist on the left, the map in the middle, the picked
// source's check list and the candidates' targets on the right; a printable report view.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { useMessages } from '../../app/i18n.ts'
import { currentQuery } from '../../app/routes.ts'
import { PlannerController } from './controller.ts'
import { MESSAGES } from './messages.ts'
import { Worklist } from './Worklist.tsx'
import { ScenarioPanel } from './ScenarioPanel.tsx'
import { DetailPanel } from './DetailPanel.tsx'
import { PrintView } from './PrintView.tsx'
import { MapLegend } from './MapLegend.tsx'
import { ThreatTab } from './ThreatTab.tsx'
import './planner.css'

export default function PlannerPage() {
  const session = useStore(sessionStore)
  const { m } = useMessages(MESSAGES)
  if (!session.known) return <div class="page-message">{m('signin.checking')}</div>
  if (!session.user?.role)
    return (
      <div class="page-message" data-testid="planner-signin">
        {m('signin.needed')}
      </div>
    )
  return <Planner key={session.user.userId} />
}

function Planner() {
  const container = useRef<HTMLDivElement>(null)
  const [ctl] = useState(() => new PlannerController())
  const { m, t } = useMessages(MESSAGES)
  const tab = useStore(ctl.store, (s) => s.tab)
  const printView = useStore(ctl.store, (s) => s.printView)
  const mapReady = useStore(ctl.store, (s) => s.mapReady)
  const tilesFailing = useStore(ctl.store, (s) => s.basemapTilesFailing)

  useEffect(() => {
    if (container.current) void ctl.mount(container.current)
    return () => ctl.destroy()
  }, [ctl])
  // a colleague's link: #/planner?scenario=<id>
  useEffect(() => {
    const id = currentQuery().get('scenario')
    if (mapReady && id) void ctl.saved.open(id)
  }, [mapReady])

  return (
    <div class={`planner tab-${tab}${printView ? ' is-printing' : ''}`} data-testid="planner">
      <aside class="pl-panel pl-left" data-testid="planner-left">
        <div class="pl-tabs" role="tablist">
          {(['worklist', 'scenario', 'threat'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              class={`pl-tab${tab === t ? ' on' : ''}`}
              data-testid={`tab-${t}`}
              onClick={() => ctl.setTab(t)}
            >
              {m(`tab.${t}`)}
            </button>
          ))}
        </div>
        {tab === 'worklist' ? <Worklist ctl={ctl} /> : tab === 'scenario' ? <ScenarioPanel ctl={ctl} /> : <ThreatTab ctl={ctl} />}
      </aside>
      <div class="pl-map-wrap">
        <div class="pl-map" ref={container} data-testid="map" />
        <MapLegend ctl={ctl} />
        {tilesFailing !== null && (
          // a blank map is the basemap's server, not missing targets
          <div class="pl-map-note" role="status" data-testid="planner-basemap-tiles" title={t('map.basemapTilesFailedHint')}>
            {t('map.basemapTilesFailed', { status: tilesFailing ? `HTTP ${tilesFailing}` : t('map.networkError') })}
          </div>
        )}
      </div>
      <DetailPanel ctl={ctl} />
      {printView && <PrintView ctl={ctl} />}
    </div>
  )
}
