// The public view's state and actions: the one-map controller in public mode draws the base map
// (risk points, major hazards, facilities, areas); this adds the tabs, "what is around me", the
// report form and the report lookup, and the layers they draw. UI components only read the store
// and call these methods.
import type { MapMouseEvent } from 'maplibre-gl'
import { OneMapController } from '../onemap/controller.ts'
import { createStore, type Store } from '../../app/store.ts'
import {
  publicAround,
  publicPlaceAt,
  reportHiddenDanger,
  reportLimits,
  reportStatus,
  PublicApiError,
  type AroundItem,
  type AroundResult,
  type PlaceAt,
  type ReportLimits,
  type ReportReceipt,
  type ReportStatus,
} from '../../data/publicView.ts'
import { LatestRequests } from '../../data/latest.ts'
import { areaRiskSummary, type AreaRiskSummary, type SearchHit } from '../../data/mapApi.ts'
import { installPublicLayers, setAroundItems, setFocus, setMe, setPick, setRing } from '../../map/layers/publicAround.ts'
import { ReportPin } from '../../map/layers/reportPin.ts'
import { langStore, translateIn } from '../../app/i18n.ts'
import { MESSAGES } from './messages.ts'
import { explainReportError, type ReportErrorInfo } from './reportErrors.ts'

export type Tab = 'overview' | 'around' | 'report' | 'lookup'
export const TABS: readonly Tab[] = ['overview', 'around', 'report', 'lookup']
export const RADII = [500, 1000, 3000] as const
export type Radius = (typeof RADII)[number]

export interface AroundState {
  centre: [number, number] | null
  /** where the centre came from: a search hit's name (null for a tap or the browser's location) */
  label: string | null
  /** the centre's district and street (public_place_at); null until known */
  place: PlaceAt | null
  radius: Radius
  status: 'idle' | 'loading' | 'ok' | 'error'
  result: AroundResult | null
  error: string | null
  /** the list item opened (its position is ringed on the map) */
  focus: [number, number] | null
  /** the list item whose card is shown instead of the list (null: the list) */
  opened: AroundItem | null
  locating: boolean
  geoError: { key: 'around.geoDenied' | 'around.geoOutside'; msg: string } | null
}

export interface ReportState {
  at: [number, number] | null
  /** the picked point's district and street, and whether the service covers it */
  place: PlaceAt | null
  text: string
  contact: string
  status: 'idle' | 'submitting' | 'done' | 'error'
  receipt: ReportReceipt | null
  error: (ReportErrorInfo & { raw: string }) | null
  limits: ReportLimits
}

export interface LookupState {
  code: string
  status: 'idle' | 'loading' | 'ok' | 'notfound' | 'error'
  result: ReportStatus | null
  error: string | null
}

export interface PublicState {
  tab: Tab
  /** phones: the bottom sheet is pulled up */
  expanded: boolean
  around: AroundState
  /** where the browser's location put the user (the blue dot), null until asked */
  me: [number, number] | null
  report: ReportState
  lookup: LookupState
}

declare global {
  interface Window {
    __public?: PublicView
  }
}

export class PublicView {
  readonly ctl = new OneMapController('public')
  readonly store: Store<PublicState> = createStore<PublicState>({
    tab: 'overview',
    expanded: false,
    around: {
      centre: null,
      label: null,
      place: null,
      radius: 1000,
      status: 'idle',
      result: null,
      error: null,
      focus: null,
      opened: null,
      locating: false,
      geoError: null,
    },
    me: null,
    report: { at: null, place: null, text: '', contact: '', status: 'idle', receipt: null, error: null, limits: { min_length: 10, max_length: 2000 } },
    lookup: { code: '', status: 'idle', result: null, error: null },
  })
  private latest = new LatestRequests()
  private destroyed = false
  private unsubs: (() => void)[] = []
  private reportPin: ReportPin | null = null

  get state(): PublicState {
    return this.store.get()
  }

  async mount(container: HTMLElement): Promise<void> {
    if (typeof window !== 'undefined') window.__public = this
    reportLimits().then(
      (limits) => this.patchReport({ limits }),
      (e: Error) => console.warn('[public] report limits:', e.message),
    )
    const ready = new Promise<void>((resolve) => {
      const un = this.ctl.store.subscribe((s) => {
        if (s.mapReady) {
          un()
          resolve()
        }
      })
      this.unsubs.push(un)
    })
    void this.ctl.mount(container)
    await ready
    const map = this.ctl.map
    if (!map || this.destroyed) return
    installPublicLayers(map)
    this.reportPin = new ReportPin(
      map,
      () => (this.state.tab === 'report' ? this.state.report.at : null),
      () => translateIn(MESSAGES, langStore.get().lang, 'report.pinLabel'),
    )
    this.unsubs.push(langStore.subscribe(() => this.reportPin?.relabel()))
    map.on('style.load', () => {
      installPublicLayers(map)
      this.redraw()
    })
    map.on('click', (e: MapMouseEvent) => this.onMapClick(e.lngLat.lng, e.lngLat.lat))
  }

  destroy(): void {
    this.destroyed = true
    this.reportPin?.remove()
    this.latest.abortAll()
    for (const u of this.unsubs) u()
    this.ctl.destroy()
    if (typeof window !== 'undefined' && window.__public === this) delete window.__public
  }

  // ---------------------------------------------------------------- tabs and sheet
  setTab(tab: Tab): void {
    if (tab === this.state.tab) return
    this.store.update({ tab, expanded: this.state.expanded })
    if (tab !== 'overview') this.ctl.closeDetail()
    this.redraw()
  }

  toggleSheet(expanded = !this.state.expanded): void {
    this.store.update({ expanded })
  }

  private onMapClick(lon: number, lat: number): void {
    const tab = this.state.tab
    if (tab === 'around') {
      // the controller also looked up the feature under the tap: not wanted here
      this.ctl.closeDetail()
      void this.setCentre([lon, lat], null)
    } else if (tab === 'report') {
      this.ctl.closeDetail()
      this.setReportAt([lon, lat])
      // a tap at city scale is a rough guess: come closer so the next tap can be precise
      const map = this.ctl.map
      if (map && map.getZoom() < 14) map.flyTo({ center: [lon, lat], zoom: 15, duration: 700 })
    } else if (tab === 'lookup') {
      this.ctl.closeDetail()
    }
    // overview: the controller opens the card of what was tapped
  }

  /** Draws what the current tab owns on the map (the others' drawings are hidden). */
  private redraw(): void {
    const map = this.ctl.map
    if (!map) return
    const s = this.state
    // with a list around a point, the risk points drawn are the listed ones, at the positions the
    // list gives (the binned layer's cell centres beside them would read as twice as many)
    const baseRiskPoints = !(s.tab === 'around' && s.around.result)
    if (this.ctl.state.visible.risk_points !== baseRiskPoints) this.ctl.setVisible('risk_points', baseRiskPoints)
    if (s.tab === 'around') {
      setPick(map, s.around.centre)
      setRing(map, s.around.centre, s.around.radius)
      setAroundItems(map, s.around.result?.items ?? [])
      setFocus(map, s.around.focus)
    } else {
      setFocus(map, null)
      setRing(map, null, 0)
      setAroundItems(map, [])
      setPick(map, null)
    }
    // my location is the blue dot wherever it is shown; around me it is the circle's centre already
    setMe(map, s.tab === 'around' && s.around.centre ? null : s.me)
    // the report spot is a red pin with its label, never a dot like my location
    this.reportPin?.update()
  }

  // ---------------------------------------------------------------- around me
  private patchAround(p: Partial<AroundState>): void {
    this.store.update({ around: { ...this.state.around, ...p } })
  }

  setRadius(radius: Radius): void {
    this.patchAround({ radius })
    if (this.state.around.centre) void this.loadAround()
    else this.redraw()
  }

  async setCentre(centre: [number, number], label: string | null, fit = true): Promise<void> {
    this.patchAround({ centre, label, place: null, geoError: null })
    if (fit) this.fitRing()
    this.latest
      .run('around-place', (signal) => publicPlaceAt(centre[0], centre[1], signal))
      .then(
        (r) => r && this.patchAround({ place: r.value }),
        () => undefined,
      )
    await this.loadAround()
  }

  /** Frames the circle, leaving room for the panel (the sheet on phones). */
  private fitRing(): void {
    const map = this.ctl.map
    const c = this.state.around.centre
    if (!map || !c) return
    const r = this.state.around.radius
    const dLat = r / 110540
    const dLon = r / (111320 * Math.cos((c[1] * Math.PI) / 180))
    const el = map.getContainer()
    const pad = Math.max(12, Math.min(40, Math.round(Math.min(el.clientWidth, el.clientHeight) * 0.06)))
    map.fitBounds(
      [
        [c[0] - dLon, c[1] - dLat],
        [c[0] + dLon, c[1] + dLat],
      ],
      { padding: pad, duration: 600, maxZoom: 17 },
    )
  }

  async loadAround(): Promise<void> {
    const { centre, radius } = this.state.around
    if (!centre) return
    this.patchAround({ status: 'loading', error: null, focus: null, opened: null })
    this.redraw()
    try {
      const r = await this.latest.run('around', (signal) => publicAround(centre[0], centre[1], radius, signal))
      if (!r) return
      this.patchAround({ status: 'ok', result: r.value })
      this.fitRing()
    } catch (e) {
      this.patchAround({ status: 'error', error: (e as Error).message, result: null })
    }
    this.redraw()
  }

  /** Opens a listed item: its card replaces the list, the map flies to it and rings it (the
   * sheet comes down on phones so the map shows it). */
  openItem(item: AroundItem): void {
    const at: [number, number] = [item.lon, item.lat]
    this.patchAround({ focus: at, opened: item })
    this.store.update({ expanded: false })
    this.redraw()
    const map = this.ctl.map
    if (map) map.flyTo({ center: at, zoom: Math.max(16, map.getZoom()), duration: 700, essential: true })
  }

  /** Back from an item's card to the list, the circle framed again. */
  closeItem(): void {
    if (!this.state.around.opened) return
    this.patchAround({ focus: null, opened: null })
    this.redraw()
    this.fitRing()
  }

  private districtsP: Promise<AreaRiskSummary[]> | null = null

  /** public_area_risk_summary for the districts, fetched once per visit (a failure is retried). */
  districtSummary(): Promise<AreaRiskSummary[]> {
    this.districtsP ??= areaRiskSummary('district', true).catch((e: unknown) => {
      this.districtsP = null
      throw e
    })
    return this.districtsP
  }

  useMyLocation(): void {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined
    if (!geo) {
      this.patchAround({ geoError: { key: 'around.geoDenied', msg: 'geolocation unsupported' } })
      return
    }
    this.patchAround({ locating: true, geoError: null })
    geo.getCurrentPosition(
      (pos) => {
        this.patchAround({ locating: false })
        const at: [number, number] = [pos.coords.longitude, pos.coords.latitude]
        const b = this.ctl.state.dataset?.bbox
        if (b && (at[0] < b[0] || at[0] > b[2] || at[1] < b[1] || at[1] > b[3])) {
          this.patchAround({ geoError: { key: 'around.geoOutside', msg: '' } })
          return
        }
        this.store.update({ me: at })
        if (this.state.tab === 'report') {
          this.setReportAt(at)
          this.ctl.flyTo(at[0], at[1], 16)
        } else void this.setCentre(at, null)
      },
      (err) => this.patchAround({ locating: false, geoError: { key: 'around.geoDenied', msg: err.message || String(err.code) } }),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    )
  }

  /** A search hit: go there and show what is around it. */
  pickSearchHit(hit: SearchHit): void {
    this.setTab('around')
    this.toggleSheet(false)
    void this.setCentre([hit.lon, hit.lat], hit.name)
  }

  // ---------------------------------------------------------------- report
  private patchReport(p: Partial<ReportState>): void {
    this.store.update({ report: { ...this.state.report, ...p } })
  }

  /** The report's place: shown at once, named when public_place_at answers. */
  setReportAt(at: [number, number]): void {
    const err = this.state.report.error
    // a new place answers "outside the region" and "invalid place"; other refusals stay until the next submit
    this.patchReport({ at, place: null, error: err && (err.key === 'err.outside' || err.key === 'err.location') ? null : err })
    this.redraw()
    this.latest
      .run('report-place', (signal) => publicPlaceAt(at[0], at[1], signal))
      .then(
        (r) => r && this.patchReport({ place: r.value }),
        () => undefined,
      )
  }

  setReportText(text: string): void {
    this.patchReport({ text })
  }

  setReportContact(contact: string): void {
    this.patchReport({ contact })
  }

  async submitReport(): Promise<void> {
    const r = this.state.report
    if (!r.at || r.status === 'submitting') return
    this.patchReport({ status: 'submitting', error: null })
    try {
      const receipt = await reportHiddenDanger(r.text, r.at[0], r.at[1], r.contact)
      // the form is done with: clear it, keep the receipt
      this.patchReport({ status: 'done', receipt, text: '', contact: '' })
      this.patchLookup({ code: receipt.tracking_code, status: 'idle', result: null, error: null })
    } catch (e) {
      const err = e as PublicApiError
      const info = explainReportError(err.code, err.message, err.status)
      // the resident's text and contact stay as typed
      this.patchReport({ status: 'error', error: { ...info, raw: err.message } })
    }
  }

  newReport(): void {
    this.patchReport({ status: 'idle', receipt: null, error: null, at: null, place: null })
    this.redraw()
  }

  // ---------------------------------------------------------------- lookup
  private patchLookup(p: Partial<LookupState>): void {
    this.store.update({ lookup: { ...this.state.lookup, ...p } })
  }

  setLookupCode(code: string): void {
    this.patchLookup({ code })
  }

  async lookupReport(code = this.state.lookup.code): Promise<void> {
    const c = code.trim().toUpperCase()
    if (!c) return
    this.patchLookup({ code: c, status: 'loading', error: null, result: null })
    try {
      const r = await this.latest.run('lookup', () => reportStatus(c))
      if (!r) return
      this.patchLookup(r.value ? { status: 'ok', result: r.value } : { status: 'notfound' })
    } catch (e) {
      this.patchLookup({ status: 'error', error: (e as Error).message })
    }
  }

  /** From the receipt: show its status. */
  trackReceipt(): void {
    const code = this.state.report.receipt?.tracking_code
    if (!code) return
    this.setTab('lookup')
    void this.lookupReport(code)
  }
}
