/**
 * Cache keys: Django's default key function (`<KEY_PREFIX>:<VERSION>:<key>`) and its validation.
 *
 * @module
 */
import { InvalidCacheKey } from './errors.ts'

/** The longest key memcached takes, and the longest Tango accepts (Django's `MEMCACHE_MAX_KEY_LENGTH`). */
export const MEMCACHE_MAX_KEY_LENGTH = 250

/**
 * Django's `default_key_func`: `${keyPrefix}:${version}:${key}`.
 * @example `makeKey('views', 'site', 1)` → `'site:1:views'`
 */
export function defaultKeyFunc(key: string, keyPrefix: string, version: number): string {
  return `${keyPrefix}:${version}:${key}`
}

/**
 * Checks a full (prefixed, versioned) key, as Django's `memcache_key_warnings`: at most 250
 * characters, no control characters or spaces (code points below 33, and 127).
 * @throws {@link InvalidCacheKey} (`E_CACHE_KEY`) where Django would warn.
 */
export function validateKey(key: string): void {
  if (key.length > MEMCACHE_MAX_KEY_LENGTH) {
    throw new InvalidCacheKey(`Cache key will cause errors if used with memcached: '${key.slice(0, 60)}…' (longer than ${MEMCACHE_MAX_KEY_LENGTH})`)
  }
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i)
    if (code < 33 || code === 127) {
      throw new InvalidCacheKey(`Cache key contains characters that will cause errors if used with memcached: ${JSON.stringify(key)}`)
    }
  }
}
