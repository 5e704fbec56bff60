// The wall's vehicle alerts (issue 19): the newest dangerous-goods vehicle alerts the caller may
// read, polled every 5 s so an alert shows within 10 s of its fix (the database raises it while
// ingesting the fix). A small panel over the map's upper right corner; hidden while there is none.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { recentVehicleAlerts, type VehicleAlert } from '../../data/vehicles.ts'
import { hazardClassRgb, isAlarmKind } from '../../domain/vehicles.ts'
import './VehicleAlerts.css'

export const VEHICLE_ALERTS_POLL_MS = 5_000

const MESSAGES = {
  'vehicles.alerts': { zh: '危险货物运输车辆报警', en: 'Dangerous-goods vehicle alerts' },
  'kind.restricted_zone': { zh: '驶入禁行区', en: 'Entered a restricted zone' },
  'kind.stopped_near_sensitive': { zh: '敏感目标旁停车超 10 分钟', en: 'Stopped > 10 min near a sensitive target' },
  'kind.signal_lost': { zh: '定位信号中断', en: 'Signal lost' },
  'kind.signal_restored': { zh: '定位信号恢复', en: 'Signal restored' },
}

function detailText(a: VehicleAlert): string | null {
  const d = a.detail ?? {}
  if (typeof d.zone === 'string') return d.zone
  if (typeof d.target === 'string') return typeof d.distance_m === 'number' ? `${d.target} · ${Math.round(d.distance_m)} m` : d.target
  return null
}

export function VehicleAlerts() {
  const { m, lang } = useMessages(MESSAGES)
  const [alerts, setAlerts] = useState<VehicleAlert[]>([])
  useEffect(() => {
    let live = true
    const ctl = new AbortController()
    const poll = async () => {
      try {
        const rows = await recentVehicleAlerts(6, ctl.signal)
        if (live) setAlerts(rows)
      } catch (e) {
        if (live) console.warn('[wall] vehicle alerts:', (e as Error)?.message ?? e)
      }
    }
    void poll()
    const t = setInterval(() => void poll(), VEHICLE_ALERTS_POLL_MS)
    return () => {
      live = false
      clearInterval(t)
      ctl.abort()
    }
  }, [])
  if (!alerts.length) return null
  // the wall's own time, as its clock, ticker and alarm list print it (the machine's zone: China time on a command centre's wall)
  const time = (s: string) => new Date(s).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false })
  return (
    <section class="wall-vehicle-alerts" data-testid="wall-vehicle-alerts" aria-live="polite">
      <h2>{m('vehicles.alerts')}</h2>
      <ul>
        {alerts.map((a) => {
          const cls = a.vehicle?.hazard_class ?? '9'
          const [r, g, b] = hazardClassRgb(cls)
          const dark = r * 0.299 + g * 0.587 + b * 0.114 > 150
          return (
            <li key={a.id} class={isAlarmKind(a.kind) ? 'alarm' : 'ok'} data-testid="wall-vehicle-alert" data-kind={a.kind}>
              <span class="wva-time">{time(a.at)}</span>
              <span class="wva-plate">{a.vehicle?.plate ?? '—'}</span>
              <span class="wva-class" style={{ background: `rgb(${r},${g},${b})`, color: dark ? '#000' : '#fff' }}>
                {cls}
              </span>
              <span class="wva-kind">{m(`kind.${a.kind}`)}</span>
              {detailText(a) && <span class="wva-detail">{detailText(a)}</span>}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
