/**
 * Locale-aware formatting (Django's `django.utils.formats` and `django.utils.timezone`'s
 * `localtime`): numbers, currencies and dates through `Intl` in the active language and time
 * zone, and the month and day names the `date` template filter uses in other languages.
 *
 * @module
 */
import { getCurrentTimeZone, getLanguage } from '../core/translation.ts'
import { zoneOffset } from '../templates/filters/date-format.ts'
import type { DateLocale } from '../templates/filters/date-format.ts'

/**
 * Django's named date formats for the languages Tango ships (its `conf/locale/<lang>/formats.py`);
 * other languages use English's.
 */
export const LOCALE_FORMATS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  ru: Object.freeze({
    DATE_FORMAT: 'j E Y г.', TIME_FORMAT: 'G:i', DATETIME_FORMAT: 'j E Y г. G:i', YEAR_MONTH_FORMAT: 'F Y г.',
    MONTH_DAY_FORMAT: 'j F', SHORT_DATE_FORMAT: 'd.m.Y', SHORT_DATETIME_FORMAT: 'd.m.Y H:i',
  }),
  de: Object.freeze({
    DATE_FORMAT: 'j. F Y', TIME_FORMAT: 'H:i', DATETIME_FORMAT: 'j. F Y H:i', YEAR_MONTH_FORMAT: 'F Y',
    MONTH_DAY_FORMAT: 'j. F', SHORT_DATE_FORMAT: 'd.m.Y', SHORT_DATETIME_FORMAT: 'd.m.Y H:i',
  }),
  fr: Object.freeze({
    DATE_FORMAT: 'j F Y', TIME_FORMAT: 'H:i', DATETIME_FORMAT: 'j F Y H:i', YEAR_MONTH_FORMAT: 'F Y',
    MONTH_DAY_FORMAT: 'j F', SHORT_DATE_FORMAT: 'd/m/Y', SHORT_DATETIME_FORMAT: 'd/m/Y H:i',
  }),
})

const capitalize = (text: string): string => (text === '' ? text : (text[0] as string).toLocaleUpperCase() + text.slice(1))

const dateLocales = new Map<string, DateLocale | null>()

/**
 * The {@link DateLocale} of a language, built from `Intl` (month and day names, nominative and
 * genitive) and {@link LOCALE_FORMATS}; `null` when `Intl` does not know the language.
 */
export function dateLocaleFor(language: string): DateLocale | null {
  const cached = dateLocales.get(language)
  if (cached !== undefined) return cached
  let made: DateLocale | null = null
  if (Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0) {
    const at = (month: number, day = 15): Date => new Date(Date.UTC(2021, month, day, 12))
    const part = (options: Intl.DateTimeFormatOptions, date: Date, type: Intl.DateTimeFormatPartTypes): string =>
      new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).formatToParts(date).find((p) => p.type === type)?.value ?? ''
    const months = Array.from({ length: 12 }, (_, m) => capitalize(part({ month: 'long' }, at(m), 'month')))
    const monthsShort = Array.from({ length: 12 }, (_, m) => capitalize(part({ month: 'short' }, at(m), 'month').replace(/\.$/, '')))
    // A month next to a day number takes the genitive where the language has one (января, stycznia).
    const monthsGenitive = Array.from({ length: 12 }, (_, m) => part({ month: 'long', day: 'numeric' }, at(m), 'month'))
    // 2021-08-01 was a Sunday.
    const days = Array.from({ length: 7 }, (_, d) => capitalize(part({ weekday: 'long' }, new Date(Date.UTC(2021, 7, 1 + d, 12)), 'weekday')))
    const daysShort = Array.from({ length: 7 }, (_, d) => capitalize(part({ weekday: 'short' }, new Date(Date.UTC(2021, 7, 1 + d, 12)), 'weekday')))
    const base = language.split('-')[0] ?? language
    made = Object.freeze({ months, monthsShort, monthsGenitive, monthsAp: monthsShort, days, daysShort, formats: LOCALE_FORMATS[language] ?? LOCALE_FORMATS[base] ?? {} })
  }
  dateLocales.set(language, made)
  return made
}

/** Options of {@link formatDate}. */
export interface FormatDateOptions extends Intl.DateTimeFormatOptions {
  /** The language; default the active one. */
  readonly language?: string
}

/**
 * Formats a date with `Intl` in the active language and time zone (Django's `date_format` with the
 * locale's style).
 * @param date - the moment.
 * @param options - `Intl.DateTimeFormat` options (default `{ dateStyle: 'long' }`); `timeZone`
 *   defaults to the current time zone, `language` to the active language.
 * @example `override('ru', () => formatDate(new Date('2024-03-08T10:00:00Z')))` → `'8 марта 2024 г.'`
 */
export function formatDate(date: Date, options: FormatDateOptions = {}): string {
  const { language, ...rest } = options
  const intl: Intl.DateTimeFormatOptions = Object.keys(rest).some((k) => k !== 'timeZone') ? rest : { ...rest, dateStyle: 'long' }
  return new Intl.DateTimeFormat(language ?? getLanguage(), { timeZone: getCurrentTimeZone(), ...intl }).format(date)
}

/** Options of {@link formatNumber}. */
export interface FormatNumberOptions extends Intl.NumberFormatOptions {
  /** The language; default the active one. */
  readonly language?: string
}

/**
 * Formats a number with the active language's separators (Django's `number_format` with
 * `USE_THOUSAND_SEPARATOR`): `1234.5` is `1,234.5` in English, `1 234,5` in Russian.
 * @param options - `Intl.NumberFormat` options and `language`.
 */
export function formatNumber(value: number | bigint, options: FormatNumberOptions = {}): string {
  const { language, ...rest } = options
  return new Intl.NumberFormat(language ?? getLanguage(), rest).format(value)
}

/**
 * Formats an amount of money in the active language: `formatCurrency(1234.5, 'EUR')` is `€1,234.50`
 * in English, `1 234,50 €` in Russian.
 * @param currency - an ISO 4217 code.
 * @throws {@link RangeError} for a malformed currency code.
 */
export function formatCurrency(value: number | bigint, currency: string, options: FormatNumberOptions = {}): string {
  return formatNumber(value, { ...options, style: 'currency', currency })
}

/** A moment as read on a wall clock in one time zone (what {@link localtime} returns). */
export interface LocalDateTime {
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
  readonly timeZone: string
  /** ISO 8601 with the offset, e.g. `2024-03-08T13:00:00+03:00`. */
  readonly iso: string
}

/**
 * Converts a moment to the wall-clock time of a time zone (Django's `timezone.localtime`).
 * @param date - default now.
 * @param timeZone - default the current time zone (`activateTimeZone()`, else `TIME_ZONE`).
 * @throws {@link RangeError} for an unknown zone.
 */
export function localtime(date: Date = new Date(), timeZone: string = getCurrentTimeZone()): LocalDateTime {
  // The zone's offset from the templates' cached Intl formatter; the wall clock is then plain UTC arithmetic.
  const ms = date.getTime()
  const offset = zoneOffset(ms, timeZone)
  const wall = new Date(ms + offset * 60_000)
  const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0')
  const sign = offset < 0 ? '-' : '+'
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()]
  const [hour, minute, second] = [wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()]
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  return Object.freeze({
    year, month, day, hour, minute, second, millisecond: wall.getUTCMilliseconds(), weekday: wall.getUTCDay(), offset, timeZone, iso,
  })
}
