// Where a visit lands and which pages a visitor is offered. Pure: the shell passes in the URL,
// the screen width and the role, so the rules are testable without a browser.
import type { AppRole } from '../domain/categories.ts'

/** Below this width the desk one map does not fit (header and panel collapse); phones get the public view. */
export const PHONE_MAX_WIDTH = 700

/**
 * The hash route a first load should go to, or null to stay. People share path URLs
 * (https://…/public, /wall): those lead to their screens as if they were hash routes. A phone
 * opening the bare root goes to the public view; an explicit `#/` (a staff member who chose the
 * one map) is respected.
 */
export function landingHash(loc: { pathname: string; hash: string }, width: number, routePaths: readonly string[]): string | null {
  if (loc.hash && loc.hash !== '#') return null
  const path = loc.pathname.replace(/\/+$/, '') || '/'
  if (path !== '/' && routePaths.includes(path)) return `#${path}`
  if (path === '/' && width < PHONE_MAX_WIDTH) return '#/public'
  return null
}

/**
 * Who is offered a page in the header. Everyone may open every URL (the data behind it is
 * row-level secured); the header just does not offer the public staff pages that end at a
 * sign-in wall, nor a role pages it has no part in (DOMAIN.md "Who uses it").
 */
export type Audience = AppRole | 'public'

export const PAGE_AUDIENCES: Record<string, readonly Audience[] | 'everyone'> = {
  '/': 'everyone',
  '/public': 'everyone',
  // the closed loop: regulators act, enterprises rectify, the command centre watches
  '/dangers': ['admin', 'regulator', 'enterprise', 'command'],
  // the grading review queue is the regulator's
  '/reviews': ['admin', 'regulator'],
  // the plans' indicators and the accidents behind them: government staff; enterprises record their own accidents there
  '/indicators': ['admin', 'regulator', 'command', 'planner', 'enterprise'],
  '/indicators/report': ['admin', 'regulator', 'command', 'planner', 'enterprise'],
  // what is due a review or re-assessment: the regulator chases it, the enterprise files its reports, the command centre sees the counts
  '/freshness': ['admin', 'regulator', 'command', 'enterprise'],
  '/planner': ['admin', 'planner', 'regulator'],
  // registries are brought in by admins, and by regulators for their own area
  '/import': ['admin', 'regulator'],
  '/wall': ['admin', 'command', 'regulator'],
  // plans, experts, teams and stock behind command: government staff (DOMAIN.md; enterprises call through the command centre)
  '/registries': ['admin', 'regulator', 'command', 'planner'],
  // 入网率 / 上线率 and today's vehicle alerts: the regulator and the command centre watch them, a carrier its own
  '/vehicles': ['admin', 'regulator', 'command', 'enterprise'],
  // drafting, approving and withdrawing public notices and warnings: regulators and admins (issue 18)
  '/notices': ['admin', 'regulator'],
}

export function offeredTo(path: string, audience: Audience): boolean {
  const who = PAGE_AUDIENCES[path] ?? 'everyone'
  return who === 'everyone' || who.includes(audience)
}
