// A screen's basemap switcher: the control in the screen's language, the choice applied to the
// map (a style reload; the screen re-installs its layers on 'style.load') and remembered; the
// basemap's own labels (a PMTiles vector archive) follow the language too.
import type { MapHandle } from '../../map/createMap.ts'
import { BasemapSwitcher } from '../../map/basemapSwitcher.ts'
import { choicesFor, sourceFor, type BasemapChoice } from '../../map/basemapChoice.ts'
import { sourceLabel } from '../../map/basemap.ts'
import { langStore, translateIn } from '../../app/i18n.ts'
import { BASEMAP_MESSAGES } from './messages.ts'

export function attachBasemapSwitcher(handle: MapHandle, onChanged?: (handle: MapHandle) => void): () => void {
  const strings = () => {
    const lang = langStore.get().lang
    const labels = (c: BasemapChoice) => {
      // a configured source by its name; offline / none from the messages
      const s = sourceFor(handle.sources, c)
      return s ? sourceLabel(s, lang === 'en' ? 'en' : 'zh') : translateIn(BASEMAP_MESSAGES, lang, c === 'none' ? 'none' : 'offline')
    }
    return { labels, title: translateIn(BASEMAP_MESSAGES, lang, 'title') }
  }
  const control = new BasemapSwitcher({
    choices: choicesFor(handle.sources),
    current: handle.choice,
    ...strings(),
    onChoose: (choice) => {
      void handle.setBasemap(choice).then(() => onChanged?.(handle))
    },
  })
  handle.map.addControl(control, 'top-right')
  const unsubscribe = langStore.subscribe(() => {
    control.update(strings())
    handle.setLabelLanguage(langStore.get().lang)
  })
  handle.setLabelLanguage(langStore.get().lang)
  return () => {
    unsubscribe()
    try {
      handle.map.removeControl(control)
    } catch {
      /* map already removed */
    }
  }
}
