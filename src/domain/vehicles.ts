// Dangerous-goods vehicles (issue 19): the pure rules the screens share with the database
// (supabase/migrations/20261213000100_vehicles.sql): the GB 6944 classes with their placard
// colours (GB 13392 标志: the class colours of the UN placards), and the alert kinds.

/** The class of a division: '2.1' → 2, '3' → 3. */
export function hazardClassOf(code: string): number {
  const n = Number(code.split('.')[0])
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`not a GB 6944 class: ${code}`)
  return n
}

/** Placard background per class or division (RGB): explosives orange, flammable red, non-flammable gas green, toxic white, oxidizers yellow, water-reactive blue, corrosive black-and-white (drawn black), miscellaneous striped (drawn grey). */
export function hazardClassRgb(code: string): [number, number, number] {
  switch (code) {
    case '2.2':
      return [46, 160, 67]
    case '2.3':
    case '6.1':
    case '6.2':
      return [236, 239, 241]
    case '4.3':
      return [30, 110, 220]
    case '5.1':
    case '5.2':
      return [250, 204, 21]
  }
  switch (hazardClassOf(code)) {
    case 1:
      return [245, 124, 0]
    case 2:
    case 3:
    case 4:
      return [220, 38, 38]
    case 7:
      return [250, 204, 21]
    case 8:
      return [33, 33, 33]
    default:
      return [158, 158, 158]
  }
}

export const VEHICLE_ALERT_KINDS = ['restricted_zone', 'stopped_near_sensitive', 'signal_lost', 'signal_restored'] as const
export type VehicleAlertKind = (typeof VEHICLE_ALERT_KINDS)[number]

/** Kinds the wall raises as alarms (signal_restored only ends a signal_lost). */
export const isAlarmKind = (k: VehicleAlertKind): boolean => k !== 'signal_restored'
