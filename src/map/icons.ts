// Map symbols drawn once on a canvas into one icon atlas (no image files, no network).
// mask icons take their colour from getColor; the others carry their own colours.
import { DANGER_STATUSES, OVERDUE_RGB, RESOURCE_TYPES, type ResourceType } from '../domain/categories.ts'
import { rgbCss } from '../domain/levels.ts'
import { decodeDangerCode } from '../contract/points.ts'

export interface IconDef {
  x: number
  y: number
  width: number
  height: number
  mask: boolean
  anchorX?: number
  anchorY?: number
}
export interface IconAtlas {
  url: string
  mapping: Record<string, IconDef>
}

const CELL = 64

/** Icon name of a hidden-danger code: one per status and overdue. */
export function dangerIconName(code: number): string {
  const { statusIndex, overdue } = decodeDangerCode(code)
  return `danger-${statusIndex}-${overdue ? 'o' : 'n'}`
}

/** The 256 icon names by code, so the accessor is a table lookup. */
export const DANGER_ICON_BY_CODE: readonly string[] = Array.from({ length: 256 }, (_, c) => dangerIconName(c))

export function resourceIconName(type: ResourceType | string): string {
  return `res-${type}`
}

type Ctx = CanvasRenderingContext2D

function diamond(ctx: Ctx, cx: number, cy: number, r: number) {
  ctx.beginPath()
  ctx.moveTo(cx, cy - r)
  ctx.lineTo(cx + r, cy)
  ctx.lineTo(cx, cy + r)
  ctx.lineTo(cx - r, cy)
  ctx.closePath()
}

function triangle(ctx: Ctx, cx: number, cy: number, r: number) {
  ctx.beginPath()
  ctx.moveTo(cx, cy - r)
  ctx.lineTo(cx + r * 0.98, cy + r * 0.72)
  ctx.lineTo(cx - r * 0.98, cy + r * 0.72)
  ctx.closePath()
}

function roundRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath()
  ctx.moveTo(x + r, y)
  ctx.arcTo(x + w, y, x + w, y + h, r)
  ctx.arcTo(x + w, y + h, x, y + h, r)
  ctx.arcTo(x, y + h, x, y, r)
  ctx.arcTo(x, y, x + w, y, r)
  ctx.closePath()
}

function pictogram(ctx: Ctx, type: ResourceType, x: number, y: number) {
  // drawn in white inside a 64×64 cell whose badge spans 8..56
  const c = x + 32
  const m = y + 32
  ctx.fillStyle = '#fff'
  ctx.strokeStyle = '#fff'
  ctx.lineWidth = 4
  ctx.lineJoin = 'round'
  ctx.lineCap = 'round'
  switch (type) {
    case 'hospital':
      ctx.fillRect(c - 4, m - 14, 8, 28)
      ctx.fillRect(c - 14, m - 4, 28, 8)
      break
    case 'fire_station':
      ctx.beginPath()
      ctx.moveTo(c, m - 16)
      ctx.bezierCurveTo(c + 14, m - 4, c + 14, m + 6, c + 10, m + 10)
      ctx.bezierCurveTo(c + 6, m + 17, c - 6, m + 17, c - 10, m + 10)
      ctx.bezierCurveTo(c - 14, m + 4, c - 8, m - 4, c - 4, m - 6)
      ctx.bezierCurveTo(c - 4, m - 1, c - 1, m + 1, c + 1, m - 1)
      ctx.bezierCurveTo(c + 3, m - 6, c + 1, m - 12, c, m - 16)
      ctx.fill()
      break
    case 'shelter':
      ctx.beginPath()
      ctx.moveTo(c, m - 15)
      ctx.lineTo(c + 17, m + 13)
      ctx.lineTo(c - 17, m + 13)
      ctx.closePath()
      ctx.fill()
      ctx.fillStyle = rgbCss(RESOURCE_TYPES.find((r) => r.id === 'shelter')!.rgb)
      ctx.beginPath()
      ctx.moveTo(c, m)
      ctx.lineTo(c + 6, m + 13)
      ctx.lineTo(c - 6, m + 13)
      ctx.closePath()
      ctx.fill()
      break
    case 'rescue_team':
      ctx.beginPath()
      ctx.arc(c, m, 12, 0, Math.PI * 2)
      ctx.lineWidth = 7
      ctx.stroke()
      ctx.lineWidth = 3
      ctx.strokeStyle = rgbCss(RESOURCE_TYPES.find((r) => r.id === 'rescue_team')!.rgb)
      for (const a of [0.25, 0.75, 1.25, 1.75]) {
        ctx.beginPath()
        ctx.arc(c, m, 12, a * Math.PI - 0.22, a * Math.PI + 0.22)
        ctx.stroke()
      }
      break
    case 'material_depot':
      ctx.strokeRect(c - 14, m - 10, 28, 22)
      ctx.beginPath()
      ctx.moveTo(c - 14, m - 2)
      ctx.lineTo(c + 14, m - 2)
      ctx.moveTo(c, m - 10)
      ctx.lineTo(c, m - 2)
      ctx.stroke()
      break
  }
}

let cached: IconAtlas | undefined

export function iconAtlas(): IconAtlas {
  if (cached) return cached
  const names: string[] = ['diamond', 'diamond-ring', 'triangle']
  for (let s = 0; s < DANGER_STATUSES.length; s++) names.push(`danger-${s}-n`, `danger-${s}-o`)
  for (const r of RESOURCE_TYPES) names.push(resourceIconName(r.id))
  const cols = 8
  const rows = Math.ceil(names.length / cols)
  const canvas = document.createElement('canvas')
  canvas.width = cols * CELL
  canvas.height = rows * CELL
  const ctx = canvas.getContext('2d')!
  const mapping: Record<string, IconDef> = {}
  names.forEach((name, i) => {
    const x = (i % cols) * CELL
    const y = Math.floor(i / cols) * CELL
    const c = x + CELL / 2
    const m = y + CELL / 2
    let mask = false
    ctx.save()
    if (name === 'diamond') {
      // major hazard source: solid diamond with a white rim (mask: coloured by grade)
      mask = true
      diamond(ctx, c, m, 28)
      ctx.fillStyle = '#fff'
      ctx.fill()
    } else if (name === 'diamond-ring') {
      mask = true
      diamond(ctx, c, m, 26)
      ctx.lineWidth = 7
      ctx.strokeStyle = '#fff'
      ctx.stroke()
    } else if (name === 'triangle') {
      mask = true
      triangle(ctx, c, m + 2, 28)
      ctx.fillStyle = '#fff'
      ctx.fill()
    } else if (name.startsWith('danger-')) {
      const [, s, o] = name.split('-')
      const status = DANGER_STATUSES[Number(s)]!
      const overdue = o === 'o'
      triangle(ctx, c, m + 3, overdue ? 25 : 26)
      ctx.fillStyle = rgbCss(status.rgb)
      ctx.fill()
      ctx.lineJoin = 'round'
      ctx.lineWidth = overdue ? 8 : 3
      ctx.strokeStyle = overdue ? rgbCss(OVERDUE_RGB) : '#ffffff'
      ctx.stroke()
      if (overdue) {
        // a thin white rim outside the red one keeps it readable on red risk points
        triangle(ctx, c, m + 3, 30)
        ctx.lineWidth = 2
        ctx.strokeStyle = '#fff'
        ctx.stroke()
      }
      ctx.fillStyle = '#fff'
      ctx.fillRect(c - 2.5, m - 8, 5, 13)
      ctx.fillRect(c - 2.5, m + 9, 5, 5)
    } else if (name.startsWith('res-')) {
      const type = name.slice(4) as ResourceType
      const info = RESOURCE_TYPES.find((r) => r.id === type)!
      roundRect(ctx, x + 7, y + 7, 50, 50, 10)
      ctx.fillStyle = '#fff'
      ctx.fill()
      roundRect(ctx, x + 10, y + 10, 44, 44, 8)
      ctx.fillStyle = rgbCss(info.rgb)
      ctx.fill()
      pictogram(ctx, type, x, y)
    }
    ctx.restore()
    mapping[name] = { x, y, width: CELL, height: CELL, mask }
  })
  cached = { url: canvas.toDataURL('image/png'), mapping }
  return cached
}

/** A small data URL of one icon, for legends (same drawing as the map). */
export function iconDataUrl(name: string, size = 20, tint?: string): string {
  const atlas = iconAtlas()
  const def = atlas.mapping[name]
  if (!def) return ''
  const key = `${name}|${size}|${tint ?? ''}`
  const hit = legendCache.get(key)
  if (hit) return hit
  const img = atlasImage()
  const canvas = document.createElement('canvas')
  canvas.width = size * 2
  canvas.height = size * 2
  const ctx = canvas.getContext('2d')!
  if (img.complete) {
    ctx.drawImage(img, def.x, def.y, def.width, def.height, 0, 0, size * 2, size * 2)
    if (def.mask && tint) {
      ctx.globalCompositeOperation = 'source-in'
      ctx.fillStyle = tint
      ctx.fillRect(0, 0, size * 2, size * 2)
    }
    const url = canvas.toDataURL('image/png')
    legendCache.set(key, url)
    return url
  }
  return ''
}

const legendCache = new Map<string, string>()
let image: HTMLImageElement | undefined
function atlasImage(): HTMLImageElement {
  if (!image) {
    image = new Image()
    image.src = iconAtlas().url
  }
  return image
}

/** Resolves once the atlas image is decoded (legend swatches need it). */
export function iconsReady(): Promise<void> {
  const img = atlasImage()
  return img.complete ? Promise.resolve() : img.decode().catch(() => undefined)
}
