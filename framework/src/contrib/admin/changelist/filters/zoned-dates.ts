/**
 * Calendar days in a time zone, for the date filters' "Today", "This month" ... (Django's
 * `timezone.localtime(timezone.now())` and aware midnights): the local date of an instant, the
 * instant a local day starts, and Django's `str()` of an aware date-time. Zone offsets come from
 * `zoneOffset` of `tango/templates` (`Intl`), the same code that formats dates in templates.
 *
 * @module
 * @internal
 */
import { zoneOffset } from 'tango/templates'

/** A calendar date: `month` 1–12, `day` 1–31. */
export interface CalendarDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** The date the wall clocks of `timeZone` show at `instant`. */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const wall = new Date(instant.getTime() + zoneOffset(instant.getTime(), timeZone) * 60_000)
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() }
}

/** `date` moved by `days` (negative: back), month and year lengths handled by `Date.UTC`. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/**
 * The instant `date` starts in `timeZone` (its local midnight), as Python's aware
 * `datetime(y, m, d, tzinfo=zone)`: where midnight happens twice (clocks set back at midnight) the
 * first; where it is skipped (clocks set forward at midnight) the first instant after the gap.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day)
  // The offsets in force a day either side cover both sides of any change near this midnight.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => zoneOffset(wall + d, timeZone)))
  const candidates = [...offsets].map((o) => ({ ms: wall - o * 60_000, offset: o }))
  const valid = candidates.filter((c) => zoneOffset(c.ms, timeZone) === c.offset).map((c) => c.ms)
  return new Date(valid.length ? Math.min(...valid) : Math.max(...candidates.map((c) => c.ms)))
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `YYYY-MM-DD`. */
export function formatDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`
}

/**
 * `instant` as Django's `str()` of an aware date-time in `timeZone`: `2024-05-01 00:00:00+14:00`
 * (local wall time and its offset; `Date` parses it back to the same instant).
 */
export function formatAware(instant: Date, timeZone: string): string {
  const offset = zoneOffset(instant.getTime(), timeZone)
  const wall = new Date(instant.getTime() + offset * 60_000)
  const abs = Math.abs(offset)
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  const date = formatDate({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() })
  return `${date} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${zone}`
}
