/**
 * `BaseCache`: the API every cache backend offers (Django's `django.core.cache.backends.base.BaseCache`).
 * Backends implement a few primitives on full keys and serialized text; this class does the rest:
 * key making and validation, timeouts, serialization, `getOrSet` with its stampede guard, the
 * `*Many` helpers and versions.
 *
 * @module
 */
import type { CacheSetting } from '../core/settings.ts'
import { CacheMiss, CacheValueError } from './errors.ts'
import { defaultKeyFunc, validateKey } from './keys.ts'
import { dumps, loads } from './serialize.ts'

/** Django's default `TIMEOUT`: 300 seconds. */
export const DEFAULT_TIMEOUT = 300
/** Django's default `OPTIONS.MAX_ENTRIES`. */
export const DEFAULT_MAX_ENTRIES = 300
/** Django's default `OPTIONS.CULL_FREQUENCY`: a third of the entries go when the cache is full. */
export const DEFAULT_CULL_FREQUENCY = 3

/** What a backend is built from: its `CACHES` entry and alias. */
export interface CacheParams {
  /** The `CACHES` alias, e.g. `default`. */
  readonly alias: string
  /** The `CACHES` entry. */
  readonly setting: CacheSetting
}

/**
 * A timeout: seconds (`0` or less: do not store), `null` (keep until evicted), or `undefined` (the
 * cache's `TIMEOUT`, default 300).
 */
export type Timeout = number | null | undefined

/** A value or a function computing it (possibly async), as `getOrSet` takes. */
export type ValueOrFactory<T> = T | (() => T | Promise<T>)

/** Epoch milliseconds `seconds` from now, or `null` for forever. */
function expiresAt(seconds: number | null): number | null {
  return seconds === null ? null : Date.now() + seconds * 1000
}

/**
 * A cache (Django's `BaseCache`). Every method is async: shared backends do IO, and code written for
 * `locmem` must run unchanged on Redis.
 *
 * Timeouts are in seconds: `undefined` means the cache's `TIMEOUT` (default 300), `null` forever,
 * `0` or less "do not store" (as Django: `set` with 0 removes the key). Keys are strings, made into
 * `KEY_PREFIX:VERSION:key` and checked ({@link validateKey}). Values go through the safe JSON
 * serializer ({@link dumps}): what you get back is a copy.
 */
export abstract class BaseCache {
  /** The alias in `CACHES`. */
  readonly alias: string
  /** Seconds entries live when no timeout is given; `null` forever. */
  readonly defaultTimeout: number | null
  /** `KEY_PREFIX`. */
  readonly keyPrefix: string
  /** `VERSION`, the default version of keys. */
  readonly version: number
  /** `OPTIONS.MAX_ENTRIES` (locmem, database, file): entries kept before culling. */
  readonly maxEntries: number
  /** `OPTIONS.CULL_FREQUENCY`: when full, 1/CULL_FREQUENCY of the entries go; `0` clears everything. */
  readonly cullFrequency: number

  readonly #inflight = new Map<string, Promise<unknown>>()

  constructor(params: CacheParams) {
    const s = params.setting
    const options = s.OPTIONS ?? {}
    this.alias = params.alias
    this.defaultTimeout = s.TIMEOUT === undefined ? DEFAULT_TIMEOUT : s.TIMEOUT
    this.keyPrefix = s.KEY_PREFIX ?? ''
    this.version = s.VERSION ?? 1
    this.maxEntries = positiveInt(options.MAX_ENTRIES, DEFAULT_MAX_ENTRIES)
    this.cullFrequency = positiveInt(options.CULL_FREQUENCY, DEFAULT_CULL_FREQUENCY, true)
  }

  // ---- primitives, on full keys and serialized text -----------------------------------------------

  /** The stored text of a live entry, or `null`. */
  protected abstract rawGet(key: string): Promise<string | null>
  /** Stores `text` until `expires` (epoch ms; `null` forever). */
  protected abstract rawSet(key: string, text: string, expires: number | null): Promise<void>
  /** Stores only when no live entry exists; `true` when stored. */
  protected abstract rawAdd(key: string, text: string, expires: number | null): Promise<boolean>
  /** Removes an entry; `true` when there was one. */
  protected abstract rawDelete(key: string): Promise<boolean>
  /** Sets a live entry's expiry; `true` when there was one. */
  protected abstract rawTouch(key: string, expires: number | null): Promise<boolean>
  /** Whether a live entry exists. */
  protected abstract rawHas(key: string): Promise<boolean>
  /**
   * Adds `delta` to a live integer entry, keeping its expiry; returns the new value.
   * @throws {@link CacheMiss} when there is none, {@link CacheValueError} when it is not an integer.
   */
  protected abstract rawIncr(key: string, delta: number): Promise<number>

  /** Several entries' texts, in order (backends with a bulk read override it). */
  protected async rawGetMany(keys: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(keys.map((k) => this.rawGet(k)))
  }

  /** Several entries at once (backends with a bulk write override it). */
  protected async rawSetMany(entries: readonly (readonly [string, string])[], expires: number | null): Promise<void> {
    for (const [key, text] of entries) await this.rawSet(key, text, expires)
  }

  /** Removes several entries. */
  protected async rawDeleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.rawDelete(key)
  }

  /** Removes every entry of this cache (only this cache's: never the whole Redis database). */
  abstract clear(): Promise<void>

  /** Releases connections (Django's `close`); the cache reconnects on next use. Default: nothing. */
  async close(): Promise<void> {}

  // ---- keys and timeouts --------------------------------------------------------------------------

  /** The full key: `KEY_PREFIX:version:key` (Django's `make_key`). */
  makeKey(key: string, version?: number): string {
    return defaultKeyFunc(key, this.keyPrefix, version ?? this.version)
  }

  /**
   * {@link makeKey}, then {@link validateKey} (Django's `make_and_validate_key`).
   * @throws InvalidCacheKey (`E_CACHE_KEY`) for keys over 250 characters or with spaces/control characters.
   */
  makeAndValidateKey(key: string, version?: number): string {
    const made = this.makeKey(key, version)
    validateKey(made)
    return made
  }

  /** Seconds for a timeout argument: the default for `undefined` (Django's `get_backend_timeout`, in seconds). */
  protected timeoutSeconds(timeout: Timeout): number | null {
    return timeout === undefined ? this.defaultTimeout : timeout
  }

  // ---- the API ------------------------------------------------------------------------------------

  /**
   * The value of `key`, or `defaultValue` (default `undefined`) when absent or expired.
   * @param version - the key's version; default `VERSION`.
   * @example `const n = await cache.get<number>('hits', 0)`
   */
  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const text = await this.rawGet(this.makeAndValidateKey(key, version))
    return text === null ? defaultValue : (decodeEntry(text, defaultValue) as T)
  }

  /**
   * Stores `value` under `key` (Django's `set`).
   * @param timeout - seconds; `null` forever; `0` or less removes the key instead; default `TIMEOUT`.
   * @throws CacheValueError (`E_CACHE_VALUE`) for a value the serializer does not take.
   */
  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    const made = this.makeAndValidateKey(key, version)
    const text = dumps(value)
    const seconds = this.timeoutSeconds(timeout)
    if (seconds !== null && seconds <= 0) {
      await this.rawDelete(made)
      return
    }
    await this.rawSet(made, text, expiresAt(seconds))
  }

  /**
   * Stores `value` only when `key` is absent (Django's `add`).
   * @returns `true` when stored. With a timeout of 0 nothing is stored; the result says whether it would have been.
   */
  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    const made = this.makeAndValidateKey(key, version)
    const text = dumps(value)
    const seconds = this.timeoutSeconds(timeout)
    if (seconds !== null && seconds <= 0) return !(await this.rawHas(made))
    return this.rawAdd(made, text, expiresAt(seconds))
  }

  /** Removes `key`; `true` when it was there (Django's `delete`). */
  async delete(key: string, version?: number): Promise<boolean> {
    return this.rawDelete(this.makeAndValidateKey(key, version))
  }

  /**
   * The value of `key`; when absent, `valueOrFn` (called if a function, awaited) is added and returned
   * (Django's `get_or_set`). Concurrent calls for the same key in this process share one computation
   * (a stampede guard): the function runs once and every caller gets its result.
   * @example `const html = await cache.getOrSet('sidebar', () => renderSidebar(), 60)`
   */
  async getOrSet<T>(key: string, valueOrFn: ValueOrFactory<T>, timeout?: Timeout, version?: number): Promise<T> {
    const made = this.makeAndValidateKey(key, version)
    const pending = this.#inflight.get(made)
    if (pending !== undefined) return pending as Promise<T>
    const work = (async (): Promise<T> => {
      const text = await this.rawGet(made)
      if (text !== null) {
        const found = decodeEntry(text, MISSING)
        if (found !== MISSING) return found as T
      }
      const value = typeof valueOrFn === 'function' ? await (valueOrFn as () => T | Promise<T>)() : valueOrFn
      await this.add(key, value, timeout, version)
      // Another process may have added first: theirs wins, as in Django.
      return (await this.get<T>(key, value, version)) as T
    })()
    this.#inflight.set(made, work)
    try {
      return await work
    } finally {
      this.#inflight.delete(made)
    }
  }

  /** Whether `key` holds a live entry (Django's `has_key` / `key in cache`). */
  async has(key: string, version?: number): Promise<boolean> {
    return this.rawHas(this.makeAndValidateKey(key, version))
  }

  /**
   * The values of the keys that are present, by key (Django's `get_many`; absent keys are left out).
   * @example `const found = await cache.getMany(['a', 'b']); found.get('a')`
   */
  async getMany<T = unknown>(keys: readonly string[], version?: number): Promise<Map<string, T>> {
    const made = keys.map((k) => this.makeAndValidateKey(k, version))
    const texts = await this.rawGetMany(made)
    const out = new Map<string, T>()
    texts.forEach((text, i) => {
      if (text === null) return
      const value = decodeEntry(text, MISSING)
      if (value !== MISSING) out.set(keys[i] as string, value as T)
    })
    return out
  }

  /**
   * Stores several values with one timeout (Django's `set_many`).
   * @returns the keys that failed to store (always empty for Tango's backends, as in Django's).
   */
  async setMany(data: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>, timeout?: Timeout, version?: number): Promise<string[]> {
    const pairs = data instanceof Map ? [...(data as ReadonlyMap<string, unknown>)] : Object.entries(data)
    const entries = pairs.map(([k, v]) => [this.makeAndValidateKey(k, version), dumps(v)] as const)
    const seconds = this.timeoutSeconds(timeout)
    if (seconds !== null && seconds <= 0) await this.rawDeleteMany(entries.map(([k]) => k))
    else await this.rawSetMany(entries, expiresAt(seconds))
    return []
  }

  /** Removes several keys (Django's `delete_many`). */
  async deleteMany(keys: readonly string[], version?: number): Promise<void> {
    await this.rawDeleteMany(keys.map((k) => this.makeAndValidateKey(k, version)))
  }

  /**
   * Adds `delta` to an integer value and returns the result, keeping the entry's expiry (Django's
   * `incr`). Atomic on Redis and the database; on locmem within the process.
   * @throws CacheMiss (`E_CACHE_MISS`) when the key is absent; CacheValueError (`E_CACHE_VALUE`) when
   *   the value or `delta` is not an integer.
   */
  async incr(key: string, delta = 1, version?: number): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new CacheValueError(`incr/decr take an integer delta, not ${String(delta)}.`)
    return this.rawIncr(this.makeAndValidateKey(key, version), delta)
  }

  /** Subtracts `delta` (Django's `decr`); see {@link incr}. */
  async decr(key: string, delta = 1, version?: number): Promise<number> {
    return this.incr(key, -delta, version)
  }

  /**
   * Gives `key` a new timeout (Django's `touch`): seconds from now, `null` forever, default `TIMEOUT`.
   * @returns `true` when the key was there.
   */
  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    const made = this.makeAndValidateKey(key, version)
    const seconds = this.timeoutSeconds(timeout)
    if (seconds !== null && seconds <= 0) return this.rawDelete(made)
    return this.rawTouch(made, expiresAt(seconds))
  }

  /**
   * Moves `key` to version `version + delta` and returns the new version (Django's `incr_version`).
   * @throws CacheMiss when the key is absent.
   */
  async incrVersion(key: string, delta = 1, version?: number): Promise<number> {
    const from = version ?? this.version
    const text = await this.rawGet(this.makeAndValidateKey(key, from))
    if (text === null) throw new CacheMiss(key)
    await this.set(key, decodeEntry(text, undefined), undefined, from + delta)
    await this.delete(key, from)
    return from + delta
  }

  /** Moves `key` down `delta` versions (Django's `decr_version`); see {@link incrVersion}. */
  async decrVersion(key: string, delta = 1, version?: number): Promise<number> {
    return this.incrVersion(key, -delta, version)
  }
}

const MISSING: unique symbol = Symbol('missing')

/** Decodes stored text; an entry that does not decode (corrupted, or from another program) is a miss. */
function decodeEntry<D>(text: string, fallback: D): unknown {
  try {
    return loads(text)
  } catch {
    return fallback
  }
}

function positiveInt(value: unknown, fallback: number, allowZero = false): number {
  if (value === undefined || value === null) return fallback
  const n = Number(value)
  return Number.isInteger(n) && (n > 0 || (allowZero && n === 0)) ? n : fallback
}

/**
 * Parses stored text as an integer for `incr`, or throws {@link CacheValueError}. @internal
 */
export function integerValue(text: string, key: string): number {
  let value: unknown
  try {
    value = loads(text)
  } catch {
    value = undefined
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CacheValueError(`The value of '${key}' is not an integer; incr/decr need one.`)
  return value
}
