/**
 * The safe serializer every shared backend stores values with: JSON, with tagged objects for the
 * types JSON lacks (`Date`, `Buffer`, `Uint8Array`, `BigInt`, `Map`, `Set`, `undefined`, `NaN`,
 * `±Infinity`). Reading never evaluates anything: `JSON.parse`, then a walk that rebuilds the tagged
 * types. Django pickles, which runs code on load; a cache shared with other processes (Redis, a
 * table, a folder) must never be a way to run code, so Tango does not.
 *
 * A plain object whose own key is `$t` is itself wrapped, so stored data can never forge a tag; a
 * `__proto__` key stays an own property and never changes a prototype.
 *
 * @module
 */
import { CacheValueError } from './errors.ts'

const TAG = '$t'

/** Sets an own property, even `__proto__` (plain assignment would change the prototype instead). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function encode(value: unknown, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : { [TAG]: 'num', v: String(value) }
    case 'bigint':
      return { [TAG]: 'big', v: value.toString() }
    case 'undefined':
      return { [TAG]: 'undef' }
    case 'object':
      break
    default:
      throw new CacheValueError(`A ${typeof value} cannot be cached: only JSON values, Date, Buffer, Uint8Array, BigInt, Map and Set are.`)
  }
  if (value === null) return null
  if (seen.has(value)) throw new CacheValueError('A value with a reference cycle cannot be cached.')
  seen.add(value)
  try {
    if (value instanceof Date) return { [TAG]: 'date', v: Number.isNaN(value.getTime()) ? null : value.toISOString() }
    if (Buffer.isBuffer(value)) return { [TAG]: 'buf', v: value.toString('base64') }
    if (value instanceof Uint8Array) return { [TAG]: 'u8', v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
    if (Array.isArray(value)) return value.map((item) => encode(item, seen))
    if (value instanceof Map) return { [TAG]: 'map', v: [...value].map(([k, v]) => [encode(k, seen), encode(v, seen)]) }
    if (value instanceof Set) return { [TAG]: 'set', v: [...value].map((item) => encode(item, seen)) }
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object'
      throw new CacheValueError(`A ${name} instance cannot be cached: store plain data (e.g. its fields) instead.`)
    }
    const out: Record<string, Json> = {}
    for (const [k, v] of Object.entries(value)) setOwn(out, k, encode(v, seen))
    return Object.hasOwn(out, TAG) ? { [TAG]: 'obj', v: out } : out
  } finally {
    seen.delete(value)
  }
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(decode)
  const record = value as Record<string, unknown>
  if (!Object.hasOwn(record, TAG)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(record)) setOwn(out, k, decode(v))
    return out
  }
  const v = record.v
  switch (record[TAG]) {
    case 'num':
      return Number(v)
    case 'big':
      return BigInt(String(v))
    case 'undef':
      return undefined
    case 'date':
      return new Date(v === null ? Number.NaN : String(v))
    case 'buf':
      return Buffer.from(String(v), 'base64')
    case 'u8':
      return new Uint8Array(Buffer.from(String(v), 'base64'))
    case 'map':
      return new Map((v as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]))
    case 'set':
      return new Set((v as unknown[]).map(decode))
    case 'obj': {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, decode(x))
      return out
    }
    default:
      throw new CacheValueError(`Unknown tag ${JSON.stringify(record[TAG])} in a cached value.`)
  }
}

/**
 * Serializes a value for storage. Integers serialize to their decimal digits (so Redis `INCRBY`
 * works on them).
 * @param value - JSON data, `Date`, `Buffer`, `Uint8Array`, `BigInt`, `Map`, `Set`, `undefined`, nested freely.
 * @returns the JSON text.
 * @throws {@link CacheValueError} (`E_CACHE_VALUE`) for functions, symbols, class instances and cycles.
 */
export function dumps(value: unknown): string {
  return JSON.stringify(encode(value, new Set()))
}

/**
 * Rebuilds a value from {@link dumps}' text. Never evaluates code: a stored string stays a string.
 * @throws SyntaxError for text that is not JSON; {@link CacheValueError} for an unknown tag.
 */
export function loads(text: string): unknown {
  return decode(JSON.parse(text))
}
