/**
 * Tango's built-in template filters: Django's most used ones, under Django's names. In nunjucks the
 * argument goes in parentheses: Django's `{{ value|date:"D d M Y" }}` is `{{ value | date("D d M Y") }}`.
 *
 * @module
 */
import { settings } from '../../core/settings.ts'
import { getCurrentTimeZone, getLanguage } from '../../core/translation.ts'
import { formatDate, toDate } from './date-format.ts'
import { defaultFilter, defaultIfNone, join, length, pluralize, yesno } from './logic.ts'
import { filesizeformat, floatformat, intcomma } from './numbers.ts'
import { capfirst, jsonScript, linebreaks, linebreaksbr, slugify, title, truncatechars, truncatewords, urlencode } from './text.ts'

/** A template filter: the value, then the filter's arguments. */
export type FilterFunction = (value: unknown, ...args: unknown[]) => unknown

/**
 * The zone a filter formats in: an engine given a zone other than UTC keeps it; otherwise, with
 * `USE_TZ`, the current time zone (`activateTimeZone()`, default `TIME_ZONE`), as Django's
 * `template_localtime`.
 */
function displayZone(timeZone: string): string {
  return timeZone === 'UTC' && settings.USE_TZ ? getCurrentTimeZone() : timeZone
}

/** The language for month and day names: the active one with `USE_I18N`, else English. */
function displayLanguage(): string | undefined {
  return settings.USE_I18N ? getLanguage() : undefined
}

/**
 * `date(format = "DATE_FORMAT")` for a given time zone: Django's format characters (see
 * `formatDate`), with the active language's names and named formats under `USE_I18N` and the
 * current time zone under `USE_TZ` (when the engine's zone is the default UTC). Values that are
 * not dates give `''`.
 */
export function dateFilter(timeZone: string): FilterFunction {
  return (value, format) => {
    const date = toDate(value)
    return date === null ? '' : formatDate(date, format === undefined || format === null || format === '' ? 'DATE_FORMAT' : String(format), displayZone(timeZone), displayLanguage())
  }
}

/** `time(format = "TIME_FORMAT")`: as `date`, for the time-of-day characters. */
export function timeFilter(timeZone: string): FilterFunction {
  return (value, format) => {
    const date = toDate(value)
    return date === null ? '' : formatDate(date, format === undefined || format === null || format === '' ? 'TIME_FORMAT' : String(format), displayZone(timeZone), displayLanguage())
  }
}

/**
 * Every built-in filter by its Django name. `date` and `time` format in `timeZone` (an IANA name).
 * Filters that replace a nunjucks built-in of the same name (`default`, `title`, `length`, `join`,
 * `urlencode`) follow Django's semantics.
 */
export function builtinFilters(timeZone = 'UTC'): Readonly<Record<string, FilterFunction>> {
  return {
    date: dateFilter(timeZone),
    time: timeFilter(timeZone),
    default: defaultFilter,
    default_if_none: defaultIfNone,
    pluralize,
    truncatewords,
    truncatechars,
    linebreaks,
    linebreaksbr,
    slugify,
    filesizeformat,
    json_script: jsonScript,
    yesno,
    urlencode,
    title,
    capfirst,
    floatformat,
    intcomma,
    length,
    join,
  }
}

export { formatDate, toDate, zoneOffset, NAMED_FORMATS, DATE_FORMAT_CHARACTERS, setDateLocaleResolver } from './date-format.ts'
export type { DateLocale } from './date-format.ts'
export { isTruthy } from './logic.ts'
