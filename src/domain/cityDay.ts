// The city's calendar day. Chinese cities keep Beijing time (UTC+8, no daylight saving); a date
// typed or shown in the product is a Beijing date, whatever the browser's or the server's zone.
// The database's counterpart is app.today() (20270110000100_city_today.sql).

const OFFSET_MS = 8 * 3_600_000

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function cityDate(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** Today in the city (YYYY-MM-DD). */
export function cityToday(now: Date = new Date()): string {
  return cityDate(now)
}

/** The Beijing wall-clock time (HH:MM) of an instant. */
export function cityClock(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(11, 16)
}
