// The request mix of bench:load: what a city's users ask at once. Per 57 requests, on average:
//   anon        public_map_points ×10, public_layer_counts ×8, public_area_risk_summary ×3
//   signed in   map_points ×8, layer_counts ×6 (planner, regulator, enterprise)
//   command     wall_summary ×5, wall_changes ×5 (each client polls from its own watermark, floored
//               to 2 s steps as the wall does: src/contract/wallFeed.ts), wall_alarms ×5 (polled
//               every 2 s like the changes: src/features/wall/AlarmsPanel.tsx), the newest vehicle
//               alerts ×2 (every 5 s: VehicleAlerts.tsx)
//   regulator   the dangers list (hidden_danger_list, first page of 50 or 20, exact count) ×4
//   one write   as the regulator: a hidden danger found by inspection, then its registration
// Viewports: the city view (most asked), six district-size tiles and four street views, so
// some questions are shared by many clients and some are not.
import { sharedSince } from '../../../src/contract/wallFeed.ts'
import { DEMO_PASSWORD, DEMO_REGULATOR_AREA, demoUser } from '../../../supabase/seed/demo-users.ts'

export interface Call {
  kind: string
  method: 'GET' | 'POST' | 'PATCH'
  path: string
  token: string | null
  body?: unknown
  headers?: Record<string, string>
  /** Reads the answer (watermarks, created ids). */
  onAnswer?: (status: number, body: string) => void
}

export interface Session {
  url: string
  anonKey: string
  tokens: Record<'planner' | 'regulator' | 'enterprise' | 'command', string>
  bbox: [number, number, number, number]
  /** points inside the regulator's district, for its writes */
  sites: Array<[number, number]>
}

interface View {
  west: number
  south: number
  east: number
  north: number
  zoom: number
}

async function json(url: string, init: RequestInit): Promise<any> {
  const r = await fetch(url, init)
  const text = await r.text()
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${r.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

export async function prepare(url: string, anonKey: string, serviceRoleKey: string): Promise<Session> {
  const tokens = {} as Session['tokens']
  for (const role of ['planner', 'regulator', 'enterprise', 'command'] as const) {
    const t = await json(`${url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: demoUser(role).email, password: DEMO_PASSWORD }),
    })
    tokens[role] = t.access_token
  }
  const info = await json(`${url}/rest/v1/rpc/dataset_info`, {
    method: 'POST',
    headers: { apikey: anonKey, 'Content-Type': 'application/json' },
    body: '{}',
  })
  const sites = await json(`${url}/local/v1/sql`, {
    method: 'POST',
    headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      sql: `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.risk_points
            where area_code like $1 order by id limit 50`,
      params: [`${DEMO_REGULATOR_AREA}%`],
    }),
  })
  return { url, anonKey, tokens, bbox: info.bbox, sites: sites.rows.map((r: any) => [r.lon, r.lat]) }
}

function views(bbox: [number, number, number, number]): { city: View; tiles: View[]; streets: View[] } {
  const [w, s, e, n] = bbox
  const city = { west: w, south: s, east: e, north: n, zoom: 9 }
  const tiles: View[] = []
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 2; j++) {
      const dx = (e - w) / 3,
        dy = (n - s) / 2
      tiles.push({ west: w + i * dx, south: s + j * dy, east: w + (i + 1) * dx, north: s + (j + 1) * dy, zoom: 10.5 })
    }
  const cx = (w + e) / 2,
    cy = (s + n) / 2
  const streets = [
    [-0.1, -0.05],
    [0.05, 0.02],
    [0.12, -0.1],
    [-0.2, 0.1],
  ].map(([ox, oy]) => ({
    west: cx + ox! - 0.03,
    south: cy + oy! - 0.02,
    east: cx + ox! + 0.03,
    north: cy + oy! + 0.02,
    zoom: 13,
  }))
  return { city, tiles, streets }
}

const round = (v: View): View => ({ ...v, west: +v.west.toFixed(5), south: +v.south.toFixed(5), east: +v.east.toFixed(5), north: +v.north.toFixed(5) })

// as src/data/vehicles.ts recentVehicleAlerts asks
const VEHICLE_ALERT_COLUMNS = 'id,vehicle_id,kind,at,created_at,detail,vehicle:dg_vehicles(plate,un_number,hazard_class)'

const LIST_COLUMNS = 'id,title,status,severity,source,area_code,district_name,area_name,enterprise_name,found_at,deadline,overdue,listed,listing_level,lon,lat'

/** One client's endless sequence of calls; `rand` makes it deterministic per client. */
export function clientMix(session: Session, clientIndex: number, rand: () => number, writes = true): () => Call {
  const v = views(session.bbox)
  const pickView = (): View => {
    const r = rand()
    if (r < 0.4) return round(v.city)
    if (r < 0.85) return round(v.tiles[Math.floor(rand() * v.tiles.length)]!)
    return round(v.streets[Math.floor(rand() * v.streets.length)]!)
  }
  const staff = (['planner', 'regulator', 'enterprise'] as const)[clientIndex % 3]!
  const layers = ['risk_points', 'hidden_dangers', 'protective_targets']
  let watermark: string | null = null
  let registerNext: string | null = null
  let n = 0
  const rpc = (kind: string, fn: string, token: string | null, body: unknown, onAnswer?: Call['onAnswer']): Call => ({
    kind,
    method: 'POST',
    path: `/rest/v1/rpc/${fn}`,
    token,
    body,
    onAnswer,
  })

  // 57 slots, shuffled per client so that clients do not march in step
  const slots: string[] = [
    ...Array(10).fill('public_map_points'),
    ...Array(8).fill('public_layer_counts'),
    ...Array(3).fill('public_area_risk_summary'),
    ...Array(8).fill('map_points'),
    ...Array(6).fill('layer_counts'),
    ...Array(5).fill('wall_summary'),
    ...Array(5).fill('wall_changes'),
    ...Array(5).fill('wall_alarms'),
    ...Array(2).fill('vehicle_alerts'),
    ...Array(4).fill('dangers_list'),
    writes ? 'write' : 'dangers_list',
  ]
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[slots[i], slots[j]] = [slots[j]!, slots[i]!]
  }

  return (): Call => {
    const slot = slots[n++ % slots.length]!
    switch (slot) {
      case 'public_map_points': {
        const view = pickView()
        return rpc(slot, slot, null, { ...view })
      }
      case 'public_layer_counts': {
        const { zoom: _z, ...box } = pickView()
        return rpc(slot, slot, null, box)
      }
      case 'public_area_risk_summary':
        return rpc(slot, slot, null, { level: rand() < 0.7 ? 'district' : 'street' })
      case 'map_points':
        return rpc(slot, slot, session.tokens[staff], { layer: layers[Math.floor(rand() * layers.length)], ...pickView() })
      case 'layer_counts': {
        const { zoom: _z, ...box } = pickView()
        return rpc(slot, slot, session.tokens[staff], box)
      }
      case 'wall_summary':
        return rpc(slot, slot, session.tokens.command, {}, (status, body) => {
          if (status === 200 && !watermark) watermark = JSON.parse(body).watermark
        })
      case 'wall_changes':
        if (!watermark) {
          return rpc('wall_summary', 'wall_summary', session.tokens.command, {}, (status, body) => {
            if (status === 200) watermark = JSON.parse(body).watermark
          })
        }
        return rpc(slot, slot, session.tokens.command, { since: sharedSince(watermark) }, (status, body) => {
          if (status === 200) watermark = JSON.parse(body).watermark
        })
      case 'wall_alarms':
        return rpc(slot, slot, session.tokens.command, { max_items: 60 })
      case 'vehicle_alerts':
        return {
          kind: slot,
          method: 'GET',
          token: session.tokens.command,
          path: `/rest/v1/vehicle_alerts?select=${VEHICLE_ALERT_COLUMNS}&order=created_at.desc&limit=6`,
        }
      case 'dangers_list':
        return {
          kind: slot,
          method: 'GET',
          token: session.tokens.regulator,
          path: `/rest/v1/hidden_danger_list?select=${LIST_COLUMNS}&status=in.(reported,registered,rectifying)&order=deadline.asc.nullslast,id.asc`,
          headers: { Prefer: 'count=exact', Range: rand() < 0.8 ? '0-49' : '0-19', 'Range-Unit': 'items' },
        }
      default: {
        // the write: every other one registers the danger the previous one reported
        if (registerNext) {
          const id = registerNext
          registerNext = null
          return rpc('write', 'transition_hidden_danger', session.tokens.regulator, { id, to_status: 'registered', details: { severity: 'general' } })
        }
        const [lon, lat] = session.sites[Math.floor(rand() * session.sites.length)] ?? [113.1, 22.6]
        return {
          kind: 'write',
          method: 'POST',
          path: '/rest/v1/hidden_dangers?select=id',
          token: session.tokens.regulator,
          body: { title: `压测 bench:load 现场检查 ${clientIndex}-${n}`, source: 'inspection', location: `SRID=4326;POINT(${lon} ${lat})` },
          headers: { Prefer: 'return=representation' },
          onAnswer: (status, body) => {
            if (status === 201) registerNext = (JSON.parse(body) as Array<{ id: string }>)[0]?.id ?? null
          },
        }
      }
    }
  }
}
