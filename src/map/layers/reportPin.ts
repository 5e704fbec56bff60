// The spot a resident marks for a hidden-danger report: a red map pin with its label ("上报位置"),
// a DOM marker drawn above the map so it never reads as the blue "my location" dot.
import { Marker, type Map as MlMap } from 'maplibre-gl'

export const REPORT_PIN_COLOUR = '#d32f2f'

const PIN_SVG =
  `<svg class="pub-report-pin-icon" width="30" height="40" viewBox="0 0 30 40" aria-hidden="true">` +
  `<path d="M15 1C7.3 1 1 7.2 1 14.9 1 25.3 15 39 15 39s14-13.7 14-24.1C29 7.2 22.7 1 15 1z" fill="${REPORT_PIN_COLOUR}" stroke="#fff" stroke-width="2"/>` +
  `<circle cx="15" cy="14.5" r="5.2" fill="#fff"/></svg>`

export class ReportPin {
  private marker: Marker | null = null
  private labelEl: HTMLSpanElement | null = null

  /** `at`: where the pin stands now (null: no pin); `label`: its caption in the current language. */
  constructor(
    private map: MlMap,
    private at: () => [number, number] | null,
    private label: () => string,
  ) {}

  /** Places, moves or removes the pin to match `at()`. */
  update(): void {
    const at = this.at()
    if (!at) {
      this.remove()
      return
    }
    if (!this.marker) {
      const el = document.createElement('div')
      el.className = 'pub-report-pin'
      el.setAttribute('data-testid', 'report-pin')
      el.innerHTML = PIN_SVG
      this.labelEl = document.createElement('span')
      this.labelEl.className = 'pub-report-pin-label'
      el.appendChild(this.labelEl)
      // the tip of the pin is the spot
      this.marker = new Marker({ element: el, anchor: 'bottom' })
    }
    this.relabel()
    this.marker.setLngLat(at)
    if (!this.marker.getElement().isConnected) this.marker.addTo(this.map)
  }

  relabel(): void {
    if (this.labelEl) this.labelEl.textContent = this.label()
  }

  remove(): void {
    this.marker?.remove()
    this.marker = null
    this.labelEl = null
  }
}
