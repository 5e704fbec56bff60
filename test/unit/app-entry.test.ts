// src/app/entry.ts: where a visit lands, and which pages the header offers to whom.
import { describe, it, expect } from 'vitest'
import { landingHash, offeredTo, PAGE_AUDIENCES, PHONE_MAX_WIDTH } from '../../src/app/entry.ts'
import { routes } from '../../src/app/routes.ts'
import { APP_ROLES } from '../../src/domain/categories.ts'

const PATHS = routes.map((r) => r.path)
const at = (pathname: string, hash = '') => ({ pathname, hash })

describe('landingHash', () => {
  it('turns a shared path URL into its screen, with or without a trailing slash', () => {
    expect(landingHash(at('/public'), 1920, PATHS)).toBe('#/public')
    expect(landingHash(at('/wall/'), 3840, PATHS)).toBe('#/wall')
    expect(landingHash(at('/planner'), 390, PATHS)).toBe('#/planner')
  })
  it('leaves an explicit hash alone, even on a phone and even with a path in front', () => {
    expect(landingHash(at('/', '#/'), 390, PATHS)).toBeNull()
    expect(landingHash(at('/public', '#/dangers'), 1920, PATHS)).toBeNull()
  })
  it('sends a phone opening the bare root to the public view, and not a desk screen', () => {
    expect(landingHash(at('/'), 390, PATHS)).toBe('#/public')
    expect(landingHash(at('/', '#'), PHONE_MAX_WIDTH - 1, PATHS)).toBe('#/public')
    expect(landingHash(at('/'), PHONE_MAX_WIDTH, PATHS)).toBeNull()
    expect(landingHash(at('/'), 1440, PATHS)).toBeNull()
  })
  it('does not invent screens for unknown paths', () => {
    expect(landingHash(at('/nowhere'), 1920, PATHS)).toBeNull()
    expect(landingHash(at('/assets/index.js'), 1920, PATHS)).toBeNull()
  })
})

describe('offeredTo', () => {
  it('has a rule for every routed page', () => {
    for (const p of PATHS) expect(PAGE_AUDIENCES[p], p).toBeDefined()
  })
  it('offers the public only the one map and the public view', () => {
    expect(PATHS.filter((p) => offeredTo(p, 'public'))).toEqual(['/', '/public'])
  })
  it('offers each role the pages of its part (DOMAIN.md "Who uses it")', () => {
    const offered = Object.fromEntries(Object.keys(APP_ROLES).map((r) => [r, PATHS.filter((p) => offeredTo(p, r as keyof typeof APP_ROLES))]))
    expect(offered).toEqual({
      admin: [
        '/',
        '/dangers',
        '/reviews',
        '/indicators',
        '/indicators/report',
        '/freshness',
        '/planner',
        '/import',
        '/wall',
        '/public',
        '/registries',
        '/vehicles',
        '/notices',
      ],
      regulator: [
        '/',
        '/dangers',
        '/reviews',
        '/indicators',
        '/indicators/report',
        '/freshness',
        '/planner',
        '/import',
        '/wall',
        '/public',
        '/registries',
        '/vehicles',
        '/notices',
      ],
      planner: ['/', '/indicators', '/indicators/report', '/planner', '/public', '/registries'],
      command: ['/', '/dangers', '/indicators', '/indicators/report', '/freshness', '/wall', '/public', '/registries', '/vehicles'],
      enterprise: ['/', '/dangers', '/indicators', '/indicators/report', '/freshness', '/public', '/vehicles'],
    })
  })
})
