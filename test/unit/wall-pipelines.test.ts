// Pipelines on the command centre's wall (issue 19): the layer is the wall's, shown in the overview
// and the hidden-danger preset and not behind the resources / alarms / accidents presets, never the
// public's; its wall colours stand out from the dark map (WCAG contrast ≥ 3:1 against the wall's
// land and sea, where the desk palette's crude oil and chemicals do not) and the wall legend names
// every medium.
import { describe, it, expect } from 'vitest'
import { layersFor, layerModule } from '../../src/layers/registry.ts'
import { presetShows } from '../../src/features/wall/presets.ts'
import { MEDIA, HCA_CLASSES } from '../../src/domain/pipelines.ts'
import { hcaRgbOn, mediumRgbOn } from '../../src/layers/pipelines/wallStyle.ts'
import { linePaths } from '../../src/layers/pipelines/layer.ts'
import { pipelineRequestZoom, WALL_HCA_ZOOM } from '../../src/layers/pipelines/index.ts'
import { WALL_THEME } from '../../src/features/wall/wallMap.ts'
import type { PipelineMap } from '../../src/contract/pipelines.ts'

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
const lum = (rgb: readonly number[]) => {
  const c = rgb.map((v) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!
}
const contrast = (a: readonly number[], b: readonly number[]) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
  return (x! + 0.05) / (y! + 0.05)
}

describe('pipelines on the wall', () => {
  it('is a wall layer, never a public one', () => {
    expect(layersFor('wall').map((l) => l.key)).toContain('pipelines')
    expect(layersFor('public').map((l) => l.key)).not.toContain('pipelines')
  })

  it('shows in the overview and the hidden-danger preset only', () => {
    expect(presetShows('overview', 'pipelines')).toBe(true)
    expect(presetShows('dangers', 'pipelines')).toBe(true)
    for (const p of ['resources', 'alarms', 'accidents'] as const) expect(presetShows(p, 'pipelines'), p).toBe(false)
  })

  it('draws every medium and high-consequence class readable on the dark map', () => {
    const land = hex(WALL_THEME.areaFill)
    const sea = hex(WALL_THEME.background)
    for (const m of MEDIA) {
      const rgb = mediumRgbOn('dark', m.medium)
      expect(contrast(rgb, land), m.medium).toBeGreaterThanOrEqual(3)
      expect(contrast(rgb, sea), m.medium).toBeGreaterThanOrEqual(3)
    }
    for (const c of HCA_CLASSES) expect(contrast(hcaRgbOn('dark', c.cls), land), `class ${c.cls}`).toBeGreaterThanOrEqual(3)
    // the desk palette is what the wall must not use: crude oil nearly vanishes on navy
    expect(contrast(mediumRgbOn('light', 'crude_oil'), land)).toBeLessThan(3)
    // one colour per medium
    expect(new Set(MEDIA.map((m) => mediumRgbOn('dark', m.medium).join())).size).toBe(MEDIA.length)
  })

  it('colours the lines with the theme asked for', () => {
    const data: PipelineMap = {
      lines: [
        {
          id: 'a',
          name: 'x',
          medium: 'crude_oil',
          pressure_mpa: 6,
          paths: [
            [
              [113, 22],
              [113.1, 22.1],
            ],
          ],
        } as unknown as PipelineMap['lines'][number],
      ],
      encroachments: [],
      hca: [],
    }
    expect(linePaths(data, 'dark')[0]!.rgb).toEqual(mediumRgbOn('dark', 'crude_oil'))
    expect(linePaths(data)[0]!.rgb).toEqual(mediumRgbOn('light', 'crude_oil'))
  })

  it('names every medium in the wall legend', () => {
    const e = layerModule('pipelines').ui.legend({ lang: 'zh', t: ((k: string) => k) as never, audience: 'wall', wall: { incident: false } })
    const labels = e!.blocks.flatMap((b) => b.items.map((i) => i.label))
    for (const m of MEDIA) expect(labels).toContain(m.zh)
    expect(labels).toContain('高后果区')
    expect(labels).toContain('违章占压')
  })

  it('asks the wall for high-consequence screening only when zoomed in', () => {
    // the 4K wall shows the whole city at zoom 9–10: no screening of every line there
    expect(pipelineRequestZoom(9.6, 'wall')).toBe(8)
    expect(pipelineRequestZoom(10.9, 'wall')).toBe(8)
    expect(pipelineRequestZoom(WALL_HCA_ZOOM + 0.2, 'wall')).toBe(WALL_HCA_ZOOM)
    // a desk keeps its zoom (screening from 9, as before)
    expect(pipelineRequestZoom(9.6, 'staff')).toBe(9)
  })
})
