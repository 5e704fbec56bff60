// Single-client latency of the signed-in reads of bench:load, per role: one request at a time
// through the gateway with the response cache bypassed (Cache-Control: no-store), so each figure
// is what one cache miss costs. Less noisy than the 200-client run on a shared machine.
//   node --import tsx test/bench/load/single.ts --url http://127.0.0.1:25102 --anon <key> --service <key> [--n 20]
// (url and keys as printed by test/bench/load/serve.ts). Prints median / p90 ms per call and role.
import { parseArgs } from 'node:util'
import { prepare } from './mix.ts'

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    anon: { type: 'string' },
    service: { type: 'string' },
    n: { type: 'string', default: '20' },
  },
})
if (!values.url || !values.anon || !values.service) throw new Error('--url, --anon and --service are required (see serve.ts output)')
const n = Number(values.n)
const session = await prepare(values.url, values.anon, values.service)
const [w, s, e, no] = session.bbox
const cx = (w + e) / 2,
  cy = (s + no) / 2
const r5 = (v: number): number => +v.toFixed(5)
const views = {
  city: { west: w, south: s, east: e, north: no, zoom: 9 },
  tile: { west: r5(w + (e - w) / 3), south: s, east: r5(w + (2 * (e - w)) / 3), north: r5(s + (no - s) / 2), zoom: 10.5 },
  street: { west: r5(cx - 0.13), south: r5(cy - 0.07), east: r5(cx - 0.07), north: r5(cy - 0.03), zoom: 13 },
}

async function time(token: string, fn: string, body: unknown): Promise<number> {
  const t0 = performance.now()
  const r = await fetch(`${session.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: session.anonKey, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  })
  await r.arrayBuffer()
  if (r.status !== 200) throw new Error(`${fn}: ${r.status}`)
  return performance.now() - t0
}

const rows: string[] = []
for (const role of ['planner', 'regulator', 'enterprise', 'command'] as const) {
  const token = session.tokens[role]
  const cells: string[] = []
  const calls: Array<[string, string, unknown]> = []
  for (const [name, v] of Object.entries(views)) {
    const { zoom: _z, ...box } = v
    calls.push([`layer_counts ${name}`, 'layer_counts', box])
  }
  for (const layer of ['risk_points', 'hidden_dangers', 'protective_targets']) {
    for (const [name, v] of Object.entries(views)) calls.push([`map_points ${layer} ${name}`, 'map_points', { layer, ...v }])
  }
  for (const [label, fn, body] of calls) {
    await time(token, fn, body) // warm: plans, caches
    const ts: number[] = []
    for (let i = 0; i < n; i++) ts.push(await time(token, fn, body))
    ts.sort((a, b) => a - b)
    cells.push(`${label}: ${ts[Math.floor(n / 2)]!.toFixed(1)} / ${ts[Math.floor(n * 0.9)]!.toFixed(1)}`)
  }
  rows.push(`${role}\n  ${cells.join('\n  ')}`)
}
console.log(`single client, cache bypassed, median / p90 ms of ${n} calls\n${rows.join('\n')}`)
