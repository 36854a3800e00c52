/**
 * The `cachedDb` session engine: sessions are written to the database AND the cache of
 * `SESSION_CACHE_ALIAS`, and read from the cache when it has them (Django's
 * `django.contrib.sessions.backends.cached_db`). Reads cost no query once cached; nothing is lost
 * when the cache is cleared or evicts; listing and ending a user's sessions work as with `db`.
 *
 * @module
 */
import { getLogger } from 'tango/core'
import { Session } from '../models.ts'
import type { SessionData } from './base.ts'
import { isSessionData, isStorableKey, sessionCache } from './cache-keys.ts'
import { DbSessionStore } from './db.ts'

/** The prefix of session keys in the cache (Django's `KEY_PREFIX` of the cached_db engine). */
export const CACHED_DB_SESSION_KEY_PREFIX = 'tango.contrib.sessions.cachedDb'

const log = (): ReturnType<typeof getLogger> => getLogger('tango.contrib.sessions')

function cacheKey(sessionKey: string): string {
  return CACHED_DB_SESSION_KEY_PREFIX + sessionKey
}

/** Sessions in the database with a write-through cache in front (as Django's `cached_db.SessionStore`). */
export class CachedDbSessionStore extends DbSessionStore {
  protected override async loadData(): Promise<SessionData> {
    const key = this.sessionKey
    if (key === null || !isStorableKey(key)) {
      this.setSessionKey(null)
      return {}
    }
    try {
      const cached = await sessionCache().get(cacheKey(key))
      if (isSessionData(cached)) return cached
    } catch (error) {
      log().warn({ err: error }, 'Could not read the session from the cache')
    }
    const row = await Session.objects.filter({ sessionKey: key, expireDate__gt: new Date() }).first()
    if (row === null) {
      this.setSessionKey(null)
      return {}
    }
    const data = this.decode(row.sessionData)
    try {
      await sessionCache().set(cacheKey(key), data, await this.getExpiryAge({ expiry: row.expireDate }))
    } catch (error) {
      log().warn({ err: error }, 'Could not write the session to the cache')
    }
    return data
  }

  override async exists(sessionKey: string): Promise<boolean> {
    if (isStorableKey(sessionKey) && (await sessionCache().has(cacheKey(sessionKey)).catch(() => false))) return true
    return super.exists(sessionKey)
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate)
    const key = this.sessionKey
    if (key === null) return
    try {
      await sessionCache().set(cacheKey(key), await this.data(), await this.getExpiryAge())
    } catch (error) {
      // As Django: the database has the session; a cache failure only costs the next read a query.
      log().error({ err: error }, 'Error saving the session to the cache')
    }
  }

  override async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    await super.deleteSession(sessionKey)
    if (sessionKey !== null && isStorableKey(sessionKey)) await sessionCache().delete(cacheKey(sessionKey))
  }

  /** Ends a user's sessions except `currentKey`, in the database and the cache; returns how many. */
  static override async endOthers(userId: string | number, currentKey: string | null): Promise<number> {
    let sessions = Session.objects.filter({ userId: String(userId) })
    if (currentKey !== null) sessions = sessions.exclude({ sessionKey: currentKey })
    const rows = await sessions
    await sessionCache().deleteMany(rows.filter((row) => isStorableKey(row.sessionKey)).map((row) => cacheKey(row.sessionKey)))
    return super.endOthers(userId, currentKey)
  }
}
