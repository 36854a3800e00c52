/**
 * The `cache` session engine: sessions live only in the cache of `SESSION_CACHE_ALIAS` (Django's
 * `django.contrib.sessions.backends.cache`). Fast, and nothing touches the database; but a session
 * lasts only as long as the cache keeps it: with `locmem` each server process has its own sessions
 * and a restart logs everyone out, and any cache may evict sessions when full. Use a shared,
 * persistent cache (Redis, `database`) or the `cachedDb` engine.
 *
 * @module
 */
import { TangoError, getLogger } from 'tango/core'
import { CreateError, SessionBase, UpdateError } from './base.ts'
import type { SessionData } from './base.ts'
import { isSessionData, isStorableKey, sessionCache } from './cache-keys.ts'

/** The prefix of session keys in the cache (Django's `KEY_PREFIX` of the cache engine). */
export const CACHE_SESSION_KEY_PREFIX = 'tango.contrib.sessions.cache'

/** Sessions kept in a cache (as Django's `cache.SessionStore`). Data is stored as is, not signed: the cache is server-side. */
export class CacheSessionStore extends SessionBase {
  /** The cache key of a session key. */
  protected cacheKey(sessionKey: string): string {
    return CACHE_SESSION_KEY_PREFIX + sessionKey
  }

  protected async loadData(): Promise<SessionData> {
    const key = this.sessionKey
    let data: unknown
    if (key !== null && isStorableKey(key)) {
      try {
        data = await sessionCache().get(this.cacheKey(key))
      } catch (error) {
        // As Django: a cache that is down is an empty session, not a failed request.
        getLogger('tango.contrib.sessions').warn({ err: error }, 'Could not read the session from the cache')
      }
    }
    if (isSessionData(data)) return data
    this.setSessionKey(null)
    return {}
  }

  async exists(sessionKey: string): Promise<boolean> {
    return isStorableKey(sessionKey) && sessionCache().has(this.cacheKey(sessionKey))
  }

  /** @throws TangoError `E_SESSION_CREATE` when no new key could be stored (the cache is probably down), as Django's RuntimeError. */
  async create(): Promise<void> {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      this.setSessionKey(await this.newSessionKey())
      try {
        await this.save(true)
      } catch (error) {
        if (error instanceof CreateError) continue
        throw error
      }
      this.modified = true
      return
    }
    throw new TangoError('E_SESSION_CREATE', 'Unable to create a new session key. It is likely that the cache is unavailable.')
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create()
    const data = await this.data(mustCreate)
    // Loading may have found the key unknown: then this is a new session.
    const key = this.sessionKey
    if (key === null) return this.create()
    const cache = sessionCache()
    const age = await this.getExpiryAge()
    if (mustCreate) {
      if (!(await cache.add(this.cacheKey(key), data, age))) throw new CreateError('Session key taken.')
      return
    }
    if (!(await cache.has(this.cacheKey(key)))) throw new UpdateError('The session no longer exists.')
    await cache.set(this.cacheKey(key), data, age)
  }

  async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    if (sessionKey === null || !isStorableKey(sessionKey)) return
    await sessionCache().delete(this.cacheKey(sessionKey))
  }

  /** Nothing to do: the cache expires sessions itself (Django's `clear_expired` is a no-op here too). */
  static async clearExpired(): Promise<number> {
    return 0
  }

  /** @throws TangoError `E_SESSION_NOT_SUPPORTED`: a cache cannot be searched by user; use `db` or `cachedDb`. */
  static async listForUser(_userId: string | number): Promise<never> {
    throw new TangoError('E_SESSION_NOT_SUPPORTED', "The cache session engine cannot list a user's sessions; use SESSION_ENGINE 'db' or 'cachedDb'.")
  }

  /** @throws TangoError `E_SESSION_NOT_SUPPORTED`: a cache cannot be searched by user; use `db` or `cachedDb`. */
  static async endOthers(_userId: string | number, _currentKey: string | null): Promise<never> {
    throw new TangoError('E_SESSION_NOT_SUPPORTED', "The cache session engine cannot end a user's other sessions; use SESSION_ENGINE 'db' or 'cachedDb'.")
  }
}
