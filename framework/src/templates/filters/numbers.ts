/**
 * Number filters, as Django's: `filesizeformat`, `floatformat`, `intcomma` (English formatting; no
 * localisation yet).
 *
 * @module
 */
import { gettext, ngettext } from '../../core/translation.ts'
import { markSafe, toText } from '../safe.ts'
import type { SafeString } from '../safe.ts'

const NBSP = '\u00a0'

/**
 * `filesizeformat`: a byte count as `13 KB`, `4.1 MB`, `102 bytes` (binary multiples, one decimal,
 * a non-breaking space before the unit, as Django's). Non-numbers give `0 bytes`.
 */
export function filesizeformat(value: unknown): string {
  const n = typeof value === 'number' ? value : Number(toText(value))
  // Units translated in the active language (Django's ngettext("%(size)d byte", ...), _("%s KB")...);
  // the spaces become non-breaking afterwards, as Django does.
  const byteText = (count: number): string => ngettext('{size} byte', '{size} bytes', count).replace('{size}', String(count)).replace(/ /g, NBSP)
  if (!Number.isFinite(n)) return byteText(0)
  let bytes = Math.trunc(n)
  const negative = bytes < 0
  if (negative) bytes = -bytes
  const units: readonly [number, () => string][] = [
    [2 ** 50, () => gettext('{size} PB')], [2 ** 40, () => gettext('{size} TB')], [2 ** 30, () => gettext('{size} GB')],
    [2 ** 20, () => gettext('{size} MB')], [2 ** 10, () => gettext('{size} KB')],
  ]
  let text = byteText(bytes)
  for (const [size, unit] of units) {
    if (bytes >= size) {
      text = unit().replace('{size}', (bytes / size).toFixed(1)).replace(/ /g, NBSP)
      break
    }
  }
  return negative ? `-${text}` : text
}

interface Decimal {
  readonly negative: boolean
  /** Integer digits, no leading zeros except a lone `0`. */
  readonly whole: string
  /** Fraction digits, as written. */
  readonly fraction: string
}

/** Reads a number or numeric string exactly as written (no binary rounding), as Python's `Decimal(str(x))`. */
function parseDecimal(value: unknown): Decimal | null {
  const text = typeof value === 'number' ? String(value) : toText(value).trim()
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text)
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return null
  let digits = (m[2] ?? '') + (m[3] ?? '')
  let point = (m[2] ?? '').length + Number(m[4] ?? 0)
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length)
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0'
  return { negative: m[1] === '-', whole, fraction: digits.slice(point) }
}

/** Rounds half away from zero (Python's ROUND_HALF_UP) to `places` decimals; returns digits text. */
function roundHalfUp(d: Decimal, places: number): { whole: string; fraction: string } {
  const fraction = d.fraction.padEnd(places + 1, '0')
  const kept = d.whole + fraction.slice(0, places)
  if (Number(fraction[places]) < 5) return { whole: d.whole, fraction: fraction.slice(0, places) }
  const bumped = (BigInt(kept) + 1n).toString().padStart(kept.length, '0')
  const split = bumped.length - places
  return { whole: bumped.slice(0, split) || '0', fraction: bumped.slice(split) }
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * `floatformat(arg = -1)`: rounds to `|arg|` decimals, half away from zero. A negative `arg` drops the
 * decimals when the value is whole; `0` rounds to an integer. A `g` suffix groups thousands with
 * commas, `u` is accepted for Django compatibility. Non-numbers give `''` (Django's `floatformat`).
 * @example `floatformat(34.23234)` → `34.2`, `floatformat(34.26, 0)` → `34`, `floatformat(34, -3)` → `34`
 */
export function floatformat(value: unknown, arg: unknown = -1): string | SafeString {
  let spec = typeof arg === 'number' ? String(arg) : toText(arg)
  let grouping = false
  if (/(gu|ug)$/.test(spec)) {
    grouping = true
    spec = spec.slice(0, -2) || '-1'
  } else if (spec.endsWith('g')) {
    grouping = true
    spec = spec.slice(0, -1) || '-1'
  } else if (spec.endsWith('u')) {
    spec = spec.slice(0, -1) || '-1'
  }
  const d = parseDecimal(value)
  if (d === null) return ''
  if (!/^[+-]?\d+$/.test(spec)) return toText(value)
  const p = Number(spec)
  const hasFraction = /[1-9]/.test(d.fraction)
  const places = !hasFraction && p <= 0 ? 0 : Math.abs(p)
  const rounded = roundHalfUp(d, places)
  const zero = !/[1-9]/.test(rounded.whole + rounded.fraction)
  const whole = grouping ? group(rounded.whole) : rounded.whole
  return markSafe(`${d.negative && !zero ? '-' : ''}${whole}${places > 0 ? `.${rounded.fraction}` : ''}`)
}

/** `intcomma`: commas every three digits of the integer part: `4500000` → `4,500,000`, `4500.2` → `4,500.2`. */
export function intcomma(value: unknown): string {
  const text = toText(value)
  const m = /^(-?)(\d+)/.exec(text)
  if (m === null) return text
  return `${m[1]}${group(m[2] as string)}${text.slice(m[0].length)}`
}
