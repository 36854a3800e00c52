/**
 * Django's date format characters (`{{ value | date("D d M Y") }}`), in a given time zone (default
 * UTC), in English or, through {@link setDateLocaleResolver} (which `tango/i18n` installs), in
 * another language. Follows `django.utils.dateformat`.
 *
 * @module
 */

/** The named formats Django's `date` and `time` filters accept, with Django's English defaults. */
export const NAMED_FORMATS: Readonly<Record<string, string>> = Object.freeze({
  DATE_FORMAT: 'N j, Y',
  DATETIME_FORMAT: 'N j, Y, P',
  SHORT_DATE_FORMAT: 'm/d/Y',
  SHORT_DATETIME_FORMAT: 'm/d/Y P',
  TIME_FORMAT: 'P',
  YEAR_MONTH_FORMAT: 'F Y',
  MONTH_DAY_FORMAT: 'F j',
})

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
// Associated Press style, as Django's MONTHS_AP.
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** The words and named formats of one language for {@link formatDate} (Django's `dates.py` and format modules). */
export interface DateLocale {
  /** `F`: month names, January first. */
  readonly months: readonly string[]
  /** `M` (and `b`, lower-cased): abbreviated month names. */
  readonly monthsShort: readonly string[]
  /** `E`: month names as used after a day number (genitive in Slavic languages). */
  readonly monthsGenitive: readonly string[]
  /** `N`: Associated Press style abbreviations. */
  readonly monthsAp: readonly string[]
  /** `l`: weekday names, Sunday first. */
  readonly days: readonly string[]
  /** `D`: abbreviated weekday names, Sunday first. */
  readonly daysShort: readonly string[]
  /** Named formats that differ from English (`DATE_FORMAT: 'j E Y г.'`). */
  readonly formats: Readonly<Record<string, string>>
}

const ENGLISH: DateLocale = Object.freeze({
  months: MONTHS,
  monthsShort: MONTHS.map((m) => m.slice(0, 3)),
  monthsGenitive: MONTHS,
  monthsAp: MONTHS_AP,
  days: DAYS,
  daysShort: DAYS.map((d) => d.slice(0, 3)),
  formats: NAMED_FORMATS,
})

let localeResolver: ((language: string) => DateLocale | null) | null = null

/**
 * Installs the lookup of a language's {@link DateLocale} (`tango/i18n` does, from `Intl` and
 * Django's format modules). `null` for a language means English.
 */
export function setDateLocaleResolver(resolver: ((language: string) => DateLocale | null) | null): void {
  localeResolver = resolver
}

function dateLocale(language: string | undefined): DateLocale {
  if (language === undefined || language === 'en' || language.startsWith('en-') || localeResolver === null) return ENGLISH
  return localeResolver(language) ?? ENGLISH
}

/** A moment broken down in one time zone. */
interface Parts {
  readonly year: number
  /** 1-12 */
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
  /** 0 = Sunday */
  readonly weekday: number
  /** Minutes east of UTC. */
  readonly offset: number
  readonly zoneAbbr: string
  readonly zoneName: string
  readonly dst: boolean
  readonly epochMs: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Minutes east of UTC for `ms` in `timeZone`, plus the zone's short name. */
function zoneAt(ms: number, timeZone: string): { offset: number; abbr: string; fields: Record<string, number> } {
  const fields: Record<string, number> = {}
  let abbr = timeZone
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'timeZoneName') abbr = part.value
    else if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const asUtc = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0)
  const offset = Math.round((asUtc - (ms - (ms % 1000 + 1000) % 1000)) / 60000)
  return { offset, abbr, fields }
}

/**
 * Minutes east of UTC that `timeZone` is at the instant `ms` (Django's `utcoffset()` of an aware
 * date-time), through `Intl`: e.g. `60` for Europe/Paris in winter, `-600` for Pacific/Honolulu.
 * @param ms - the instant, in milliseconds since the epoch.
 * @param timeZone - an IANA zone name.
 * @throws RangeError for a zone `Intl` does not know.
 */
export function zoneOffset(ms: number, timeZone: string): number {
  return timeZone === 'UTC' ? 0 : zoneAt(ms, timeZone).offset
}

function partsOf(date: Date, timeZone: string): Parts {
  const ms = date.getTime()
  const millisecond = ((ms % 1000) + 1000) % 1000
  if (timeZone === 'UTC') {
    return {
      year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(),
      minute: date.getUTCMinutes(), second: date.getUTCSeconds(), millisecond, weekday: date.getUTCDay(), offset: 0,
      zoneAbbr: 'UTC', zoneName: 'UTC', dst: false, epochMs: ms,
    }
  }
  const { offset, abbr, fields } = zoneAt(ms, timeZone)
  const local = new Date(ms + offset * 60000)
  const year = local.getUTCFullYear()
  // DST: the offset is larger than the zone's smaller offset of January and July.
  const standard = Math.min(zoneAt(Date.UTC(year, 0, 1), timeZone).offset, zoneAt(Date.UTC(year, 6, 1), timeZone).offset)
  return {
    year, month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: fields.hour ?? 0, minute: fields.minute ?? 0,
    second: fields.second ?? 0, millisecond, weekday: local.getUTCDay(), offset, zoneAbbr: abbr, zoneName: timeZone,
    dst: offset > standard, epochMs: ms,
  }
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0')

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function dayOfYear(p: Parts): number {
  return (Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000 + 1
}

/** ISO 8601 week number and week-numbering year. */
function isoWeek(p: Parts): { week: number; year: number } {
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day))
  const dayNumber = (p.weekday + 6) % 7 // Monday = 0
  date.setUTCDate(date.getUTCDate() - dayNumber + 3) // the Thursday of this week decides the year
  const weekYear = date.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4))
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3)
  return { week: 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000)), year: weekYear }
}

function hour12(p: Parts): number {
  return p.hour % 12 === 0 ? 12 : p.hour % 12
}

/** Django's `f`: 12-hour time, minutes left off when zero. */
function fTime(p: Parts): string {
  return p.minute === 0 ? String(hour12(p)) : `${hour12(p)}:${pad(p.minute)}`
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th'
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th'
}

type Char = (p: Parts, l: DateLocale) => string
const dayName: Char = (p, l) => l.days[p.weekday] ?? ''
const monthName: Char = (p, l) => l.months[p.month - 1] ?? ''

const CHARS: Readonly<Record<string, Char>> = {
  a: (p) => (p.hour < 12 ? 'a.m.' : 'p.m.'),
  A: (p) => (p.hour < 12 ? 'AM' : 'PM'),
  b: (p, l) => (l.monthsShort[p.month - 1] ?? '').toLowerCase(),
  c: (p) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.millisecond ? `.${pad(p.millisecond * 1000, 6)}` : ''}${offsetText(p.offset, true)}`,
  d: (p) => pad(p.day),
  D: (p, l) => l.daysShort[p.weekday] ?? '',
  e: (p) => p.zoneName,
  E: (p, l) => l.monthsGenitive[p.month - 1] ?? '',
  f: fTime,
  F: monthName,
  g: (p) => String(hour12(p)),
  G: (p) => String(p.hour),
  h: (p) => pad(hour12(p)),
  H: (p) => pad(p.hour),
  i: (p) => pad(p.minute),
  I: (p) => (p.dst ? '1' : '0'),
  j: (p) => String(p.day),
  l: dayName,
  L: (p) => (isLeap(p.year) ? 'True' : 'False'),
  m: (p) => pad(p.month),
  M: (p, l) => l.monthsShort[p.month - 1] ?? '',
  n: (p) => String(p.month),
  N: (p, l) => l.monthsAp[p.month - 1] ?? '',
  o: (p) => String(isoWeek(p).year),
  O: (p) => offsetText(p.offset, false),
  P: (p) => (p.minute === 0 && p.hour === 0 ? 'midnight' : p.minute === 0 && p.hour === 12 ? 'noon' : `${fTime(p)} ${p.hour < 12 ? 'a.m.' : 'p.m.'}`),
  // RFC 5322: always English.
  r: (p) => `${DAYS[p.weekday]?.slice(0, 3)}, ${pad(p.day)} ${MONTHS[p.month - 1]?.slice(0, 3)} ${pad(p.year, 4)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${offsetText(p.offset, false)}`,
  s: (p) => pad(p.second),
  S: (p) => ordinal(p.day),
  t: (p) => String(new Date(Date.UTC(p.year, p.month, 0)).getUTCDate()),
  T: (p) => p.zoneAbbr,
  u: (p) => pad(p.millisecond * 1000, 6),
  U: (p) => String(Math.floor(p.epochMs / 1000)),
  w: (p) => String(p.weekday),
  W: (p) => String(isoWeek(p).week),
  y: (p) => pad(p.year % 100),
  Y: (p) => pad(p.year, 4),
  z: (p) => String(dayOfYear(p)),
  Z: (p) => String(p.offset * 60),
}

/** The format characters {@link formatDate} understands. */
export const DATE_FORMAT_CHARACTERS: readonly string[] = Object.freeze(Object.keys(CHARS))

/**
 * Formats a date with Django's format characters (`d j D l N m n M F b E y Y L o H G h g i s u A a P f
 * U c r T O e Z S t w z W I`); other characters are copied, `\` escapes the next one. A named format
 * (`DATE_FORMAT`, `SHORT_DATE_FORMAT`, ...) is expanded first.
 *
 * @param date - the moment to format.
 * @param format - e.g. `D d M Y` → `Wed 09 Jan 2008`.
 * @param timeZone - an IANA zone name; default `UTC`.
 * @param language - a language code for the names and named formats (`ru`: `9 января 2008 г.`);
 *   English when omitted, English-like, or unknown to the installed {@link setDateLocaleResolver}.
 */
export function formatDate(date: Date, format: string, timeZone = 'UTC', language?: string): string {
  const locale = dateLocale(language)
  const pattern = locale.formats[format] ?? NAMED_FORMATS[format] ?? format
  const parts = partsOf(date, timeZone)
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string
    if (ch === '\\') {
      out += pattern[++i] ?? ''
      continue
    }
    const fn = CHARS[ch]
    out += fn === undefined ? ch : fn(parts, locale)
  }
  return out
}

/**
 * Reads a template value as a date: a `Date`, an ISO 8601 string or epoch milliseconds. `null` when it
 * is none of those or invalid (the filters then output `''`, as Django's).
 */
export function toDate(value: unknown): Date | null {
  let date: Date | null = null
  if (value instanceof Date) date = value
  else if (typeof value === 'number') date = new Date(value)
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) date = new Date(value)
  return date !== null && !Number.isNaN(date.getTime()) ? date : null
}
