// The wall's layer presets as one row of buttons on the map's upper edge: overview, hidden
// dangers, resources, alarms. The choice is remembered on the screen.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { WALL_PRESETS, type WallPreset } from './presets.ts'
import type { WallMap } from './wallMap.ts'
import { MESSAGES } from './messages.ts'

const KEY = 'wall.preset'

function load(): WallPreset {
  try {
    const v = localStorage.getItem(KEY) as WallPreset | null
    return v && WALL_PRESETS.includes(v) ? v : 'overview'
  } catch {
    return 'overview'
  }
}

/** Remembered on this screen, at the press (an effect runs after paint: a reload right after the
 * press could come first). */
function save(p: WallPreset): void {
  try {
    localStorage.setItem(KEY, p)
  } catch {
    // private mode: this page only
  }
}

export function PresetBar({ wallMap }: { wallMap: WallMap }) {
  const { m } = useMessages(MESSAGES)
  const [preset, setPreset] = useState<WallPreset>(load)
  // the remembered preset reaches a (new) map
  useEffect(() => {
    wallMap.setPreset(preset)
  }, [wallMap])
  return (
    <div class="wall-presets" role="group" aria-label={m('preset.label')} data-testid="wall-presets">
      {WALL_PRESETS.map((p) => (
        <button
          type="button"
          key={p}
          class={`wall-btn ${p === preset ? 'on' : ''}`}
          aria-pressed={p === preset}
          data-testid={`wall-preset-${p}`}
          onClick={() => {
            // the map follows the press itself, not an effect a frame later (a throttled screen waits for rAF)
            wallMap.setPreset(p)
            save(p)
            setPreset(p)
          }}
        >
          {m(`preset.${p}`)}
        </button>
      ))}
    </div>
  )
}
