/**
 * What the cache session engines share: the cache they use and the check that a cookie's key can be
 * a cache key at all.
 *
 * @module
 * @internal
 */
import { settings } from 'tango/core'
import { caches } from 'tango/cache'
import type { BaseCache } from 'tango/cache'

/** The cache of `SESSION_CACHE_ALIAS`. @internal */
export function sessionCache(): BaseCache {
  return caches.get(settings.SESSION_CACHE_ALIAS)
}

/**
 * Whether a session key could be one Tango made (Django's key characters, bounded length). A cookie
 * is client input: anything else (spaces, control characters, 300 characters) is an unknown
 * session, never an invalid-cache-key error. @internal
 */
export function isStorableKey(key: string): boolean {
  return /^[a-z0-9]{8,64}$/.test(key)
}

/** Whether a cached value is session data (an object). @internal */
export function isSessionData(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
