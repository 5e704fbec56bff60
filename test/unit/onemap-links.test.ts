import { describe, it, expect } from 'vitest'
import { LINK_LAYERS, LINK_ZOOM, linkKey, oneMapLink, oneMapLinkAt, parseOneMapLink } from '../../src/features/onemap/links.ts'
import { currentPath, currentQuery } from '../../src/app/routes.ts'

const ID = '3f2a9c1e-1b7d-4c55-9e0a-0123456789ab'

/** What the one-map page reads from a link (through the router's own hash helpers). */
function read(link: string) {
  return { path: currentPath(link), target: parseOneMapLink(currentQuery(link)) }
}

describe('one-map links', () => {
  it('a focus link round-trips for every layer and routes to the one map', () => {
    for (const layer of LINK_LAYERS) {
      const link = oneMapLink({ layer, id: ID })
      expect(link.startsWith('#/?')).toBe(true)
      expect(read(link)).toEqual({ path: '/', target: { kind: 'focus', layer, id: ID } })
    }
  })

  it('a position link round-trips (rounded to 6 decimals) and defaults the zoom', () => {
    expect(read(oneMapLinkAt(113.0812345678, 22.5712345678, 14.5)).target).toEqual({ kind: 'at', lon: 113.081235, lat: 22.571235, zoom: 14.5 })
    expect(read(oneMapLinkAt(113, 22.5)).target).toEqual({ kind: 'at', lon: 113, lat: 22.5, zoom: LINK_ZOOM })
    expect(read('#/?lon=113&lat=22.5').target).toEqual({ kind: 'at', lon: 113, lat: 22.5, zoom: LINK_ZOOM })
  })

  it('says which part of a bad link is wrong', () => {
    expect(read('#/?focus=enterprises:' + ID).target).toEqual({ kind: 'invalid', reason: 'layer', value: 'enterprises' })
    expect(read('#/?focus=hazard_sources:42').target).toEqual({ kind: 'invalid', reason: 'id', value: '42' })
    expect(read('#/?focus=hazard_sources').target).toMatchObject({ kind: 'invalid', reason: 'id' })
    expect(read("#/?focus=risk_points:1';drop table x").target).toMatchObject({ kind: 'invalid', reason: 'id' })
    expect(read('#/?lon=abc&lat=22').target).toMatchObject({ kind: 'invalid', reason: 'position' })
    expect(read('#/?lon=113').target).toMatchObject({ kind: 'invalid', reason: 'position' })
    expect(read('#/?lon=200&lat=22').target).toMatchObject({ kind: 'invalid', reason: 'position' })
    expect(read('#/?lon=113&lat=22&z=40').target).toMatchObject({ kind: 'invalid', reason: 'position' })
    expect(read('#/').target).toEqual({ kind: 'none' })
    expect(read('#/?tour=1').target).toEqual({ kind: 'none' })
  })

  it('ids are compared case-insensitively and keys tell links apart', () => {
    const a = parseOneMapLink(new URLSearchParams(`focus=risk_points:${ID.toUpperCase()}`))
    expect(a).toEqual({ kind: 'focus', layer: 'risk_points', id: ID })
    expect(linkKey(a)).toBe(linkKey(parseOneMapLink(new URLSearchParams(`focus=risk_points:${ID}`))))
    expect(linkKey(a)).not.toBe(linkKey(parseOneMapLink(new URLSearchParams(`focus=hidden_dangers:${ID}`))))
    expect(linkKey({ kind: 'none' })).toBe('')
  })
})
