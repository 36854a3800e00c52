/**
 * Login throttling (beyond Django): after `limit` failed logins for one username, or from one client
 * address, within `windowSeconds`, further attempts are refused until enough counted failures leave
 * the window.
 *
 * Counts live in a cache (`tango/cache`; the default cache unless `cache` names another alias), so
 * the server processes share them when the cache is shared (`database`, `redis`, `file`); with the
 * default `locmem` cache each process counts its own, and a restart forgets them.
 *
 * The window slides in steps: it is cut into about 15 buckets (a minute each for the default 15
 * minutes), each an atomic `incr` counter that expires by itself, so concurrent failures from many
 * processes are all counted. A failure therefore stops counting between `windowSeconds - step` and
 * `windowSeconds` after it happened.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import { settings } from 'tango/core'
import { CacheMiss, caches } from 'tango/cache'
import type { BaseCache } from 'tango/cache'

/** Failed logins allowed per key within the window when neither options nor settings say (5). */
export const LOGIN_THROTTLE_LIMIT = 5
/** The window, in seconds, when neither options nor settings say (15 minutes). */
export const LOGIN_THROTTLE_WINDOW = 15 * 60
/** About how many buckets a window is cut into. */
const BUCKETS = 15

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures allowed per key within the window; default `settings.LOGIN_THROTTLE_LIMIT`, read at each check. */
  readonly limit?: number
  /** Window length in seconds; default `settings.LOGIN_THROTTLE_WINDOW`, read at each check. */
  readonly windowSeconds?: number
  /** Clock in milliseconds (tests move it); default `Date.now`. */
  readonly now?: () => number
  /** The `CACHES` alias the counts live in; default `default`. */
  readonly cache?: string
  /** Prefix of the throttle's cache keys; default `login-throttle` (give each throttle its own). */
  readonly keyPrefix?: string
}

/**
 * Counts failed logins per key (`user:<username>`, `addr:<client address>`; see {@link throttleKeys})
 * in a sliding window, in a cache. Every method is async: the cache may be Redis or a table.
 */
export class LoginThrottle {
  readonly #limit: number | undefined
  readonly #windowSeconds: number | undefined
  readonly #now: () => number
  readonly #cacheAlias: string
  readonly #keyPrefix: string

  constructor(options: LoginThrottleOptions = {}) {
    this.#limit = options.limit
    this.#windowSeconds = options.windowSeconds
    this.#now = options.now ?? Date.now
    this.#cacheAlias = options.cache ?? 'default'
    this.#keyPrefix = options.keyPrefix ?? 'login-throttle'
  }

  /** Failures allowed per key within the window (the option, else the setting, else 5). */
  get limit(): number {
    return this.#limit ?? settings.LOGIN_THROTTLE_LIMIT ?? LOGIN_THROTTLE_LIMIT
  }

  /** The window in seconds (the option, else the setting, else 900). */
  get windowSeconds(): number {
    return this.#windowSeconds ?? settings.LOGIN_THROTTLE_WINDOW ?? LOGIN_THROTTLE_WINDOW
  }

  get #cache(): BaseCache {
    return caches.get(this.#cacheAlias)
  }

  /** Bucket length in seconds, and how many buckets make the window. */
  #geometry(): { readonly step: number; readonly count: number } {
    const window = Math.max(1, this.windowSeconds)
    const step = Math.max(1, Math.ceil(window / BUCKETS))
    return { step, count: Math.ceil(window / step) }
  }

  /**
   * The generation of the counts: {@link clear} starts a new one, which orphans every old key (they
   * expire on their own). Keys never hold the raw username or address: they are hashed, so any
   * input makes a valid cache key.
   */
  async #generation(): Promise<string> {
    const key = `${this.#keyPrefix}:generation`
    return String(await this.#cache.getOrSet(key, () => randomBytes(4).toString('hex'), null))
  }

  #bucketKey(generation: string, key: string, bucket: number): string {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 32)
    return `${this.#keyPrefix}:${generation}:${hash}:${bucket}`
  }

  /** The counted buckets of a key, oldest first: `[bucket index, failures]`. */
  async #buckets(generation: string, key: string): Promise<[number, number][]> {
    const { step, count } = this.#geometry()
    const current = Math.floor(this.#now() / 1000 / step)
    const indexes = Array.from({ length: count }, (_, i) => current - count + 1 + i)
    const found = await this.#cache.getMany<number>(indexes.map((b) => this.#bucketKey(generation, key, b)))
    return indexes.map((b) => [b, Number(found.get(this.#bucketKey(generation, key, b)) ?? 0)])
  }

  /**
   * Seconds until an attempt for any of `keys` is allowed again (at least 1), or `null` when none is
   * blocked now.
   */
  async retryAfter(keys: readonly string[]): Promise<number | null> {
    const generation = await this.#generation()
    const { step, count } = this.#geometry()
    let wait = 0
    for (const key of keys) {
      const buckets = await this.#buckets(generation, key)
      let total = buckets.reduce((sum, [, n]) => sum + n, 0)
      if (total < this.limit) continue
      // Allowed again once enough of the oldest buckets have left the window.
      for (const [bucket, n] of buckets) {
        total -= n
        if (total < this.limit) {
          const freeAt = (bucket + count) * step * 1000
          wait = Math.max(wait, Math.ceil((freeAt - this.#now()) / 1000))
          break
        }
      }
    }
    return wait > 0 ? wait : null
  }

  /** Records one failed login for each of `keys` (an atomic increment: concurrent failures all count). */
  async fail(keys: readonly string[]): Promise<void> {
    const generation = await this.#generation()
    const { step, count } = this.#geometry()
    const bucket = Math.floor(this.#now() / 1000 / step)
    const cache = this.#cache
    // A bucket must outlive the window it counts in, whatever the clock says.
    const ttl = (count + 1) * step
    for (const key of keys) {
      const bucketKey = this.#bucketKey(generation, key, bucket)
      await cache.add(bucketKey, 0, ttl)
      try {
        await cache.incr(bucketKey)
      } catch (error) {
        // Evicted between add and incr: start it again.
        if (!(error instanceof CacheMiss)) throw error
        await cache.set(bucketKey, 1, ttl)
      }
    }
  }

  /** Forgets the failures of `key` (a successful login resets its username's count). */
  async reset(key: string): Promise<void> {
    const generation = await this.#generation()
    const { step, count } = this.#geometry()
    const current = Math.floor(this.#now() / 1000 / step)
    await this.#cache.deleteMany(Array.from({ length: count + 1 }, (_, i) => this.#bucketKey(generation, key, current - count + i)))
  }

  /** Forgets every count of this throttle (tests): starts a new generation of keys. */
  async clear(): Promise<void> {
    await this.#cache.set(`${this.#keyPrefix}:generation`, randomBytes(4).toString('hex'), null)
  }
}

/** The keys of a login attempt: the username (case-folded) and the client address. */
export function throttleKeys(username: string, clientAddress: string): { readonly user: string; readonly address: string } {
  return { user: `user:${username.toLowerCase()}`, address: `addr:${clientAddress}` }
}

/** The throttle the login view uses unless given another (counts in the default cache). */
export const defaultLoginThrottle = new LoginThrottle()
