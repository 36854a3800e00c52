/**
 * Value filters, as Django's: `default`, `default_if_none`, `yesno`, `pluralize`, `length`, `join`.
 *
 * @module
 */
import { gettext } from '../../core/translation.ts'
import { conditionalEscape, isSafe, markSafe, toText } from '../safe.ts'
import type { SafeString } from '../safe.ts'

/**
 * Python's truthiness, which Django's filters test: `null`, `undefined`, `false`, `0`, `NaN`, `''`,
 * empty arrays, empty Maps/Sets and empty plain objects are false.
 */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '' || Number.isNaN(value)) return false
  if (isSafe(value)) return value.toString() !== ''
  if (Array.isArray(value)) return value.length > 0
  if (value instanceof Map || value instanceof Set) return value.size > 0
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length > 0
  return true
}

/** `default(arg)`: `arg` when the value is false in Python's sense (see {@link isTruthy}), else the value. */
export function defaultFilter(value: unknown, arg: unknown): unknown {
  return isTruthy(value) ? value : arg
}

/** `default_if_none(arg)`: `arg` only when the value is `null` or `undefined`. */
export function defaultIfNone(value: unknown, arg: unknown): unknown {
  return value === null || value === undefined ? arg : value
}

/**
 * `yesno("yes,no,maybe")`: the first word for true, the second for false, the third (or the second)
 * for `null`/`undefined`. An argument with fewer than two words returns the value (Django's `yesno`).
 */
export function yesno(value: unknown, arg?: unknown): unknown {
  // The default words in the active language, as Django's gettext('yes,no,maybe').
  const bits = (arg === undefined || arg === null ? gettext('yes,no,maybe') : toText(arg)).split(',')
  if (bits.length < 2) return value
  const [yes, no] = bits as [string, string]
  const maybe = bits.length === 3 ? (bits[2] as string) : no
  if (value === null || value === undefined) return maybe
  return isTruthy(value) ? yes : no
}

/**
 * `pluralize(suffix = "s")`: `''` for a count of 1, the suffix otherwise; `"y,ies"` gives a singular
 * and a plural suffix. Counts may be numbers, numeric strings or anything with a length (Django's `pluralize`).
 */
export function pluralize(value: unknown, arg: unknown = 's'): string {
  let spec = toText(arg)
  if (!spec.includes(',')) spec = `,${spec}`
  const bits = spec.split(',')
  if (bits.length > 2) return ''
  const [singular, plural] = bits as [string, string]
  if (typeof value === 'number') return value === 1 ? singular : plural
  if (typeof value === 'string' || isSafe(value)) {
    const text = toText(value).trim()
    const n = Number(text)
    return text !== '' && Number.isFinite(n) ? (n === 1 ? singular : plural) : ''
  }
  const size = sizeOf(value)
  return size === null ? '' : size === 1 ? singular : plural
}

function sizeOf(value: unknown): number | null {
  if (value instanceof Map || value instanceof Set) return value.size
  if (typeof value === 'object' && value !== null && 'length' in value && typeof value.length === 'number') return value.length
  return null
}

/** `length`: characters of a string (code points), items of an array, size of a Map/Set; `0` otherwise. */
export function length(value: unknown): number {
  if (typeof value === 'string' || isSafe(value)) return Array.from(toText(value)).length
  return sizeOf(value) ?? 0
}

/**
 * `join(separator, attribute?)`: the items joined, each item and the separator escaped unless safe;
 * the result is safe (Django's `join` under autoescaping). `attribute` joins that property of each
 * item instead (nunjucks' built-in `join(arr, del, attr)`, which this filter replaces, so templates
 * written for nunjucks keep working). Strings join their characters; a non-iterable value is
 * returned unchanged.
 */
export function join(value: unknown, separator: unknown = '', attribute?: unknown): unknown {
  const pick = typeof attribute === 'string' || typeof attribute === 'number'
    ? (v: unknown): unknown => (typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[attribute] : undefined)
    : (v: unknown): unknown => v
  let items: string[]
  if (typeof value === 'string') items = Array.from(value, (c) => conditionalEscape(c))
  else if (typeof value === 'object' && value !== null && Symbol.iterator in value) items = Array.from(value as Iterable<unknown>, (v) => conditionalEscape(pick(v)))
  else return value
  return markSafe(items.join(conditionalEscape(separator))) satisfies SafeString
}
