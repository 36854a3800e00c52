/**
 * Picks the session store class for `SESSION_ENGINE`.
 *
 * @module
 */
import { ImproperlyConfigured, settings } from 'tango/core'
import type { Settings } from 'tango/core'
import type { SessionBase } from './base.ts'
import type { ActiveSession } from './db.ts'
import { CacheSessionStore } from './cache.ts'
import { CachedDbSessionStore } from './cached-db.ts'
import { DbSessionStore } from './db.ts'
import { SignedCookieSessionStore } from './signed-cookies.ts'

/** A session store class: instances are sessions; statics act on all of them. */
export interface SessionStoreClass {
  /** @param sessionKey - the cookie's value, or `null` for a new session. */
  new (sessionKey?: string | null): SessionBase
  /** Deletes expired sessions; returns how many. */
  clearExpired(): Promise<number>
  /** A user's live sessions (engines that store sessions; others throw `E_SESSION_NOT_SUPPORTED`). */
  listForUser(userId: string | number): Promise<ActiveSession[]>
  /** Ends a user's sessions except `currentKey`; returns how many. */
  endOthers(userId: string | number, currentKey: string | null): Promise<number>
}

/**
 * The store class for an engine (as Django's `import_module(settings.SESSION_ENGINE).SessionStore`).
 * @param engine - default `settings.SESSION_ENGINE`.
 * @throws {@link ImproperlyConfigured} for an unknown engine.
 */
export function getSessionStore(engine: Settings['SESSION_ENGINE'] = settings.SESSION_ENGINE): SessionStoreClass {
  switch (engine) {
    case 'db':
      return DbSessionStore
    case 'signedCookies':
      return SignedCookieSessionStore
    case 'cache':
      return CacheSessionStore
    case 'cachedDb':
      return CachedDbSessionStore
    default:
      throw new ImproperlyConfigured(`SESSION_ENGINE '${String(engine)}' is not one of 'db', 'signedCookies', 'cache', 'cachedDb'.`)
  }
}
