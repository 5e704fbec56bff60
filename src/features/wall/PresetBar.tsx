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

export function PresetBar({ wallMap }: { wallMap: WallMap }) {
  const { m } = useMessages(MESSAGES)
  const [preset, setPreset] = useState<WallPreset>(load)
  useEffect(() => {
    wallMap.setPreset(preset)
    try {
      localStorage.setItem(KEY, preset)
    } catch {
      // private mode: this page only
    }
  }, [preset, wallMap])
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
            setPreset(p)
          }}
        >
          {m(`preset.${p}`)}
        </button>
      ))}
    </div>
  )
}
