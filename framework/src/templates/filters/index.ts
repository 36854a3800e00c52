/**
 * Tango's built-in template filters: Django's most used ones, under Django's names. In nunjucks the
 * argument goes in parentheses: Django's `{{ value|date:"D d M Y" }}` is `{{ value | date("D d M Y") }}`.
 *
 * @module
 */
import { formatDate, toDate } from './date-format.ts'
import { defaultFilter, defaultIfNone, join, length, pluralize, yesno } from './logic.ts'
import { filesizeformat, floatformat, intcomma } from './numbers.ts'
import { capfirst, jsonScript, linebreaks, linebreaksbr, slugify, title, truncatechars, truncatewords, urlencode } from './text.ts'

/** A template filter: the value, then the filter's arguments. */
export type FilterFunction = (value: unknown, ...args: unknown[]) => unknown

/**
 * `date(format = "DATE_FORMAT")` for a given time zone: Django's format characters (see
 * `formatDate`). Values that are not dates give `''`.
 */
export function dateFilter(timeZone: string): FilterFunction {
  return (value, format) => {
    const date = toDate(value)
    return date === null ? '' : formatDate(date, format === undefined || format === null || format === '' ? 'DATE_FORMAT' : String(format), timeZone)
  }
}

/** `time(format = "TIME_FORMAT")`: as `date`, for the time-of-day characters. */
export function timeFilter(timeZone: string): FilterFunction {
  return (value, format) => {
    const date = toDate(value)
    return date === null ? '' : formatDate(date, format === undefined || format === null || format === '' ? 'TIME_FORMAT' : String(format), timeZone)
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

export { formatDate, toDate, NAMED_FORMATS, DATE_FORMAT_CHARACTERS } from './date-format.ts'
export { isTruthy } from './logic.ts'
