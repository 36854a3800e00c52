/**
 * Value helpers shared by the backends' `DatabaseOperations`: decimal text without floats, UTC
 * date-time text in Django's SQLite format, UUIDs, durations. All pure functions.
 *
 * @module
 * @internal
 */
import type { FieldSpec } from '../../spec.ts'

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/

/**
 * Normalizes a decimal given as string, number or bigint to text with exactly `decimalPlaces` digits
 * after the point (Django's `DecimalField.get_db_prep_save` quantizes the same way), by string
 * arithmetic only. Extra digits are rounded half-up (Django: ROUND_HALF_EVEN on context; close enough
 * for storage, and validation rejects too many places before save).
 * @throws TypeError when the value is not a finite decimal number.
 */
export function normalizeDecimal(field: FieldSpec, value: unknown): string {
  let text: string
  if (typeof value === 'string') text = value.trim()
  else if (typeof value === 'bigint') text = value.toString()
  else if (typeof value === 'number' && Number.isFinite(value)) text = numberToPlain(value)
  else throw new TypeError(`Field '${field.name}' expects a decimal (string or number), got ${String(value)}.`)
  const m = DECIMAL.exec(text)
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) throw new TypeError(`Field '${field.name}' expects a decimal, got '${text}'.`)
  const sign = m[1] === '-' ? '-' : ''
  let intPart = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  let frac = m[3] ?? ''
  const places = field.decimalPlaces
  if (places !== null) {
    if (frac.length > places) {
      const roundUp = (frac.charCodeAt(places) - 48) >= 5
      frac = frac.slice(0, places)
      if (roundUp) {
        const digits = incrementDigits(intPart + frac)
        intPart = digits.slice(0, digits.length - places) || '0'
        frac = digits.slice(digits.length - places)
      }
    } else frac = frac.padEnd(places, '0')
  }
  const out = frac.length > 0 ? `${intPart}.${frac}` : intPart
  return /^[0.]+$/.test(out) ? out : sign + out
}

function incrementDigits(digits: string): string {
  const arr = digits.split('')
  for (let i = arr.length - 1; i >= 0; i--) {
    if (arr[i] === '9') arr[i] = '0'
    else {
      arr[i] = String(Number(arr[i]) + 1)
      return arr.join('')
    }
  }
  return '1' + arr.join('')
}

/** A number as plain positional text (no exponent), from its shortest round-trip form. */
function numberToPlain(n: number): string {
  const text = String(n)
  if (!/e/i.test(text)) return text
  return n.toFixed(20).replace(/\.?0+$/, '')
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** A `Date` → `YYYY-MM-DD HH:MM:SS.ffffff` in UTC (Django's SQLite storage format). */
export function formatDateTime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`
}

/** Accepts a `Date`, an ISO 8601 string or epoch milliseconds; returns a valid `Date`. */
export function toDate(field: FieldSpec, value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null
  if (date === null || Number.isNaN(date.getTime())) throw new TypeError(`Field '${field.name}' expects a Date or ISO 8601 text, got ${String(value)}.`)
  return date
}

/**
 * Parses Django's canonical SQLite date-time text, `YYYY-MM-DD HH:MM:SS` or
 * `YYYY-MM-DD HH:MM:SS.ffffff` (UTC, no offset), by character offsets: no regular expression and
 * no intermediate string, since every dateTime read on SQLite goes through it. Microseconds are
 * truncated to milliseconds (a JS `Date`'s resolution).
 * @returns the `Date`, or `null` when the text has any other shape (the caller falls back to
 *   {@link parseDateTime}); also `null` for years 0000–0099, which `Date.UTC` would read as 19xx.
 */
export function parseCanonicalDateTime(text: string): Date | null {
  const len = text.length
  if ((len !== 19 && len !== 26) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || (len === 26 && text.charCodeAt(19) !== 46)) return null
  let bad = 0
  const d = (i: number): number => {
    const v = text.charCodeAt(i) - 48
    bad |= v < 0 || v > 9 ? 1 : 0
    return v
  }
  const t = Date.UTC(
    d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), d(5) * 10 + d(6) - 1, d(8) * 10 + d(9),
    d(11) * 10 + d(12), d(14) * 10 + d(15), d(17) * 10 + d(18), len === 26 ? d(20) * 100 + d(21) * 10 + d(22) : 0,
  )
  if (len === 26) { d(23); d(24); d(25) }
  return bad !== 0 || (text.charCodeAt(0) === 48 && text.charCodeAt(1) === 48) ? null : new Date(t)
}

/**
 * Parses stored date-time text, read as UTC when it has no offset: the canonical
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` by {@link parseCanonicalDateTime}, anything else
 * (`T` separator, fewer fraction digits, `Z` / `+HH:MM` offsets, no seconds) by a general parser.
 * @returns a `Date`, invalid (`NaN` time) when the text is not a date-time at all.
 */
export function parseDateTime(text: string): Date {
  return parseCanonicalDateTime(text) ?? parseGeneralDateTime(text)
}

function parseGeneralDateTime(text: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim())
  if (m === null) return new Date(text)
  const ms = (m[3] ?? '').padEnd(3, '0').slice(0, 3)
  const clock = m[2]?.length === 5 ? `${m[2]}:00` : m[2]
  return new Date(`${m[1]}T${clock}.${ms}${m[4] ?? 'Z'}`)
}

/** A date field value → `YYYY-MM-DD` (a `Date` gives its UTC day). */
export function toDateText(field: FieldSpec, value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  throw new TypeError(`Field '${field.name}' expects a 'YYYY-MM-DD' date, got ${String(value)}.`)
}

/** A time field value → `HH:MM:SS[.ffffff]`. */
export function toTimeText(field: FieldSpec, value: unknown): string {
  if (typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value)) return value.length === 5 ? `${value}:00` : value
  throw new TypeError(`Field '${field.name}' expects an 'HH:MM:SS' time, got ${String(value)}.`)
}

/** Duration in milliseconds → integer microseconds (Django stores durations as bigint µs on SQLite). */
export function durationToMicroseconds(field: FieldSpec, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`Field '${field.name}' expects a duration in milliseconds, got ${String(value)}.`)
  return Math.round(value * 1000)
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** Any UUID spelling (with or without dashes, any case) → canonical lower-case dashed form. */
export function canonicalUuid(field: FieldSpec, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new TypeError(`Field '${field.name}' expects a UUID, got ${String(value)}.`)
  const hex = value.replace(/-/g, '').toLowerCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Binary input (`Buffer`, `Uint8Array`, `ArrayBuffer`) → `Buffer`. */
export function toBuffer(field: FieldSpec, value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  throw new TypeError(`Field '${field.name}' expects a Buffer, got ${typeof value}.`)
}

/** A driver integer (number, bigint or digit string) → `number` (ids and ordinary integer fields). */
export function toNumber(value: unknown): unknown {
  if (typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) return Number(value)
  return value
}

/** A driver integer → `bigint` (BigIntegerField). */
export function toBigInt(field: FieldSpec, value: unknown): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim())
  throw new TypeError(`Field '${field.name}' expects an integer, got ${String(value)}.`)
}

/** Integer field input check: a safe integer number (or a digit string, as forms post). */
export function toInteger(field: FieldSpec, value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : typeof value === 'bigint' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`Field '${field.name}' expects an integer, got ${String(value)}.`)
  return n
}

/** Quotes an identifier for both SQLite and PostgreSQL. */
export function quoteName(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name : `"${name.replace(/"/g, '""')}"`
}

/** A SQL string literal. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** Field types whose column holds an integer id (the FK column type follows the target). */
export const INTEGER_TYPES: ReadonlySet<string> = new Set(['AutoField', 'BigAutoField', 'IntegerField', 'SmallIntegerField', 'PositiveIntegerField'])
