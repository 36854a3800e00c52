/**
 * `caches` and `cache` (Django's `django.core.cache.caches` and `cache`): the caches of `CACHES`,
 * by alias, created on first use in each process, and rebuilt when `configure()` changes `CACHES`.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import { getLogger } from '../core/logging.ts'
import { settings } from '../core/settings.ts'
import type { CacheSetting } from '../core/settings.ts'
import type { BaseCache, CacheParams } from './base.ts'
import { DatabaseCache } from './backends/database.ts'
import { DummyCache } from './backends/dummy.ts'
import { FileBasedCache } from './backends/file.ts'
import { LocMemCache } from './backends/locmem.ts'
import { RedisCache } from './backends/redis.ts'

/** Django's `DEFAULT_CACHE_ALIAS`. */
export const DEFAULT_CACHE_ALIAS = 'default'

const BACKENDS: Readonly<Record<CacheSetting['BACKEND'], new (params: CacheParams) => BaseCache>> = {
  locmem: LocMemCache,
  database: DatabaseCache,
  file: FileBasedCache,
  redis: RedisCache,
  dummy: DummyCache,
}

/**
 * The caches of this process by alias (Django's `CacheHandler`). Read `settings.CACHES` on use, so
 * `configure()` may come later; when it changes `CACHES`, the caches built before are closed and
 * built anew (locmem entries survive: they are kept by `LOCATION`).
 */
export class CacheHandler {
  readonly #open = new Map<string, BaseCache>()
  #settingsSeen: unknown = null
  #cachesSeen = ''

  #sync(): void {
    if (this.#settingsSeen === settings) return
    this.#settingsSeen = settings
    const json = JSON.stringify(settings.CACHES)
    if (json === this.#cachesSeen) return
    this.#cachesSeen = json
    const old = [...this.#open.values()]
    this.#open.clear()
    for (const c of old) c.close().catch((error: unknown) => getLogger('tango.cache').warn({ err: error }, 'closing a replaced cache failed'))
  }

  /**
   * The cache of `alias` (Django's `caches[alias]`), built on first use.
   * @param alias - a `CACHES` key; default `'default'`.
   * @throws ImproperlyConfigured when `CACHES` has no such alias or names an unknown `BACKEND`
   *   (Django's `InvalidCacheBackendError`).
   */
  get(alias: string = DEFAULT_CACHE_ALIAS): BaseCache {
    this.#sync()
    const open = this.#open.get(alias)
    if (open !== undefined) return open
    const setting = Object.hasOwn(settings.CACHES, alias) ? settings.CACHES[alias] : undefined
    if (setting === undefined) {
      throw new ImproperlyConfigured(`The cache '${alias}' doesn't exist: CACHES defines ${Object.keys(settings.CACHES).map((a) => `'${a}'`).join(', ') || 'nothing'}.`)
    }
    const Backend = Object.hasOwn(BACKENDS, setting.BACKEND) ? BACKENDS[setting.BACKEND] : undefined
    if (Backend === undefined) {
      throw new ImproperlyConfigured(`CACHES['${alias}'].BACKEND '${String(setting.BACKEND)}' is not one of ${Object.keys(BACKENDS).join(', ')}.`)
    }
    const cache = new Backend({ alias, setting })
    this.#open.set(alias, cache)
    return cache
  }

  /** The default cache (Django's `caches['default']`). */
  get default(): BaseCache {
    return this.get(DEFAULT_CACHE_ALIAS)
  }

  /** Whether `CACHES` defines `alias`. */
  has(alias: string): boolean {
    return Object.hasOwn(settings.CACHES, alias)
  }

  /** The caches built so far (Django's `caches.all(initialized_only=True)`). */
  all(): BaseCache[] {
    this.#sync()
    return [...this.#open.values()]
  }

  /** Closes every cache built so far (Redis connections end); the next `get()` builds anew. */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()]
    this.#open.clear()
    await Promise.all(open.map((c) => c.close()))
  }
}

/** The caches of this process (Django's `caches`). */
export const caches = new CacheHandler()

/**
 * The default cache (Django's `cache`): every call goes to `caches.get('default')` of the moment, so
 * it follows `configure()`.
 * @example `await cache.set('greeting', 'hello', 60); await cache.get('greeting')`
 */
export const cache: BaseCache = new Proxy({} as BaseCache, {
  get(_target, property) {
    const target = caches.default
    const value: unknown = Reflect.get(target, property, target)
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
  },
})

/**
 * Closes every cache's connections (Django closes caches at the end of each request; Tango keeps
 * them open and closes here). Call it in test teardown and at server shutdown.
 */
export async function closeCaches(): Promise<void> {
  await caches.closeAll()
}
