// The basemap switcher: a MapLibre control with one button per choice (离线底图 / 在线底图 /
// 无底图). It only shows and reports the choice; the screen's glue applies and remembers it.
import type { IControl } from 'maplibre-gl'
import type { BasemapChoice } from './basemapChoice.ts'

export interface SwitcherOptions {
  choices: BasemapChoice[]
  current: BasemapChoice
  labels: (choice: BasemapChoice) => string
  title: string
  onChoose: (choice: BasemapChoice) => void
}

export class BasemapSwitcher implements IControl {
  private el: HTMLElement | null = null
  private current: BasemapChoice

  constructor(private opts: SwitcherOptions) {
    this.current = opts.current
  }

  onAdd(): HTMLElement {
    const el = document.createElement('div')
    el.className = 'maplibregl-ctrl maplibregl-ctrl-group basemap-switcher'
    el.setAttribute('role', 'radiogroup')
    el.dataset.testid = 'basemap-switcher'
    Object.assign(el.style, { display: 'flex', flexDirection: 'column' })
    this.el = el
    this.render()
    return el
  }

  onRemove(): void {
    this.el?.remove()
    this.el = null
  }

  /** new labels (a language switch) or a choice made elsewhere */
  update(patch: Partial<Pick<SwitcherOptions, 'labels' | 'title'>> & { current?: BasemapChoice }): void {
    if (patch.labels) this.opts.labels = patch.labels
    if (patch.title) this.opts.title = patch.title
    if (patch.current) this.current = patch.current
    this.render()
  }

  private render(): void {
    const el = this.el
    if (!el) return
    el.title = this.opts.title
    el.setAttribute('aria-label', this.opts.title)
    el.replaceChildren(
      ...this.opts.choices.map((c) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.textContent = this.opts.labels(c)
        b.dataset.basemap = c
        b.setAttribute('role', 'radio')
        b.setAttribute('aria-checked', String(c === this.current))
        Object.assign(b.style, {
          width: 'auto',
          minWidth: '64px',
          padding: '0 8px',
          fontSize: '12px',
          whiteSpace: 'nowrap',
          fontWeight: c === this.current ? '600' : '400',
          color: c === this.current ? '#ffffff' : '#333333',
          background: c === this.current ? '#1e6fd9' : '',
        })
        b.addEventListener('click', () => {
          if (c === this.current) return
          this.current = c
          this.render()
          this.opts.onChoose(c)
        })
        return b
      }),
    )
  }
}
