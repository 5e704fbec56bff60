// The basemap switcher's choice: which entries a configuration offers, the default, and the
// remembered choice (refused when the configuration no longer offers it).
import { describe, it, expect } from 'vitest'
import { choicesFor, defaultChoice, loadChoice, saveChoice, STORAGE_KEY } from '../../src/map/basemapChoice.ts'
import { parseBasemap } from '../../src/map/basemap.ts'

function memory() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m }
}

const offline = parseBasemap(undefined).config
const raster = parseBasemap('raster:https://tiles.example/{z}/{x}/{y}.png').config
const style = parseBasemap('https://example.org/style.json').config

describe('basemap choice', () => {
  it('offers online only when VITE_BASEMAP configures one', () => {
    expect(choicesFor(offline)).toEqual(['offline', 'none'])
    expect(choicesFor(raster)).toEqual(['offline', 'online', 'none'])
    expect(choicesFor(style)).toEqual(['offline', 'online', 'none'])
    expect(choicesFor(parseBasemap('pmtiles:x').config)).toEqual(['offline', 'none'])
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
  })
})
