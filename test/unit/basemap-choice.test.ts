// The basemap switcher's choice: which entries a configuration offers, the default, and the
// remembered choice (refused when the configuration no longer offers it).
import { describe, it, expect } from 'vitest'
import { choicesFor, defaultChoice, loadChoice, saveChoice, sourceFor, STORAGE_KEY } from '../../src/map/basemapChoice.ts'
import { parseBasemaps } from '../../src/map/basemap.ts'

function memory() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m }
}

const offline = parseBasemaps(undefined).sources
const raster = parseBasemaps('raster:https://tiles.example/{z}/{x}/{y}.png').sources
const style = parseBasemaps('https://example.org/style.json').sources
const several = parseBasemaps('影像=raster:https://img.example/{z}/{x}/{y}.jpg;pmtiles:/city.pmtiles;tianditu:vec', { tiandituKey: 'abcdef0123456789' }).sources

describe('basemap choice', () => {
  it('offers online only when VITE_BASEMAP configures one', () => {
    expect(choicesFor(offline)).toEqual(['offline', 'none'])
    expect(choicesFor(raster)).toEqual(['offline', 'online', 'none'])
    expect(choicesFor(style)).toEqual(['offline', 'online', 'none'])
    expect(choicesFor(parseBasemaps('pmtiles:x').sources)).toEqual(['offline', 'none'])
    expect(choicesFor(parseBasemaps('pmtiles:/city.pmtiles').sources)).toEqual(['offline', 'online', 'none'])
  })

  it('lists several sources, each by its id, and finds a source by its choice', () => {
    expect(choicesFor(several)).toEqual(['offline', 'online', 'online-2', 'online-3', 'none'])
    expect(defaultChoice(several)).toBe('online')
    expect(sourceFor(several, 'online-2')?.source).toEqual({ kind: 'pmtiles', url: '/city.pmtiles', tileSize: 256 })
    expect(sourceFor(several, 'offline')).toBeUndefined()
    expect(sourceFor(several, 'online-9')).toBeUndefined()
  })

  it('defaults to the configured basemap, else the offline land', () => {
    expect(defaultChoice(offline)).toBe('offline')
    expect(defaultChoice(raster)).toBe('online')
  })

  it('remembers a choice and refuses one the configuration does not offer', () => {
    const s = memory()
    expect(loadChoice(raster, s)).toBe('online')
    saveChoice('none', s)
    expect(s.m.get(STORAGE_KEY)).toBe('none')
    expect(loadChoice(raster, s)).toBe('none')
    saveChoice('online', s)
    expect(loadChoice(offline, s)).toBe('offline')
    s.m.set(STORAGE_KEY, 'satellite')
    expect(loadChoice(raster, s)).toBe('online')
    expect(loadChoice(raster, null)).toBe('online')
    // a remembered third source stays while configured, and falls back when the list shrinks
    saveChoice('online-3', s)
    expect(loadChoice(several, s)).toBe('online-3')
    expect(loadChoice(raster, s)).toBe('online')
    // the store holds an id, never a URL: a URL put there is not a choice
    s.m.set(STORAGE_KEY, 'raster:https://evil.example/{z}/{x}/{y}.png')
    expect(loadChoice(several, s)).toBe('online')
  })
})
