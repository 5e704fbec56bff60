// The pipelines' colours on the wall's dark map (#050b16 sea, #122036 land): the desk palette
// (src/domain/pipelines.ts) is chosen for a light map, and its crude oil, chemicals and class Ⅲ
// high-consequence violet all but vanish on navy. The same hues, lighter, over a dark casing that
// parts a line from the light-blue district boundaries; high-consequence classes get brighter
// with the class (Ⅲ brightest), as a dark map reads them. Pure.
import { HCA_CLASSES, MEDIA } from '../../domain/pipelines.ts'
import type { Rgb } from '../../domain/levels.ts'

export type PipelineTheme = 'light' | 'dark'

const WALL_MEDIUM: Record<string, Rgb> = {
  natural_gas: [240, 180, 40],
  crude_oil: [200, 150, 104],
  refined_oil: [232, 128, 84],
  lpg: [38, 214, 190],
  chemical: [156, 164, 255],
}

const WALL_HCA: Record<number, Rgb> = {
  1: [149, 117, 205],
  2: [206, 120, 222],
  3: [244, 143, 255],
}

const GREY_DARK: Rgb = [170, 170, 170]

export function mediumRgbOn(theme: PipelineTheme, medium: string): Rgb {
  if (theme === 'dark') return WALL_MEDIUM[medium] ?? GREY_DARK
  return MEDIA.find((x) => x.medium === medium)?.rgb ?? [120, 120, 120]
}

export function hcaRgbOn(theme: PipelineTheme, cls: number): Rgb {
  if (theme === 'dark') return WALL_HCA[cls] ?? WALL_HCA[1]!
  return HCA_CLASSES.find((c) => c.cls === cls)?.rgb ?? HCA_CLASSES[0]!.rgb
}

/** The casing under a line and the ring of an encroachment dot. */
export function casingRgba(theme: PipelineTheme): [number, number, number, number] {
  return theme === 'dark' ? [2, 6, 13, 235] : [255, 255, 255, 220]
}

export function encroachmentRingRgb(theme: PipelineTheme): Rgb {
  return theme === 'dark' ? [255, 255, 255] : [40, 0, 30]
}

/** The band's alpha: a dark map needs more of the violet to show through. */
export const hcaAlpha = (theme: PipelineTheme): number => (theme === 'dark' ? 190 : 120)

/** How much wider than the line a high-consequence band is, in px before the size factor. */
export const hcaExtraWidth = (theme: PipelineTheme): number => (theme === 'dark' ? 12 : 8)

/**
 * The lines' width and alpha: on the wall (a 4K screenshot showed it) full-width amber trunk lines
 * outshouted the risk points and read like the yellow city boundary; a little thinner and a touch
 * translucent they stay the context they are, the points and the findings on top.
 */
export const lineScale = (theme: PipelineTheme): number => (theme === 'dark' ? 0.7 : 1)
export const lineAlpha = (theme: PipelineTheme): number => (theme === 'dark' ? 215 : 255)
