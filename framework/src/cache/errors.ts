/**
 * The cache framework's errors. Each is a `TangoError` with a stable code (see docs/cache.md).
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/**
 * A key the cache refuses (code `E_CACHE_KEY`): longer than 250 characters once prefixed and
 * versioned, or holding a space or a control character. Django only warns (`CacheKeyWarning`),
 * because memcached would fail on such keys; Tango throws for every backend, so code that works on
 * `locmem` in development cannot break on another backend in production.
 */
export class InvalidCacheKey extends TangoError {
  constructor(message: string) {
    super('E_CACHE_KEY', message)
  }
}

/**
 * A value the cache cannot store or operate on (code `E_CACHE_VALUE`): something the safe serializer
 * does not know (a function, a symbol, a class instance), or `incr`/`decr` on a value that is not an
 * integer.
 */
export class CacheValueError extends TangoError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_CACHE_VALUE', message, options)
  }
}

/** `incr`/`decr` on a key the cache does not hold (code `E_CACHE_MISS`; Django raises `ValueError`). */
export class CacheMiss extends TangoError {
  constructor(key: string) {
    super('E_CACHE_MISS', `Key '${key}' not found`)
  }
}
