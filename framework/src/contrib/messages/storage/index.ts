/**
 * The message storages and the choice among them by `MESSAGE_STORAGE`.
 *
 * @module
 */
import { settings } from 'tango/core'
import type { Request } from 'tango/http'
import type { BaseStorage } from './base.ts'
import { CookieStorage } from './cookie.ts'
import { FallbackStorage } from './fallback.ts'
import { SessionStorage } from './session.ts'

export { BaseStorage } from './base.ts'
export type { StoredMessages, StoreOptions } from './base.ts'
export { CookieStorage, COOKIE_NAME, MAX_COOKIE_SIZE } from './cookie.ts'
export { SessionStorage, SESSION_KEY, sessionOf } from './session.ts'
export type { SessionLike } from './session.ts'
export { FallbackStorage } from './fallback.ts'

/** A storage class: constructed with the request. */
export type StorageClass = new (request: Request) => BaseStorage

/** The storage for a `MESSAGE_STORAGE` name: `fallback` (default), `cookie`, `session`. */
export function storageClass(name: 'fallback' | 'cookie' | 'session' = settings.MESSAGE_STORAGE): StorageClass {
  switch (name) {
    case 'cookie':
      return CookieStorage
    case 'session':
      return SessionStorage
    default:
      return FallbackStorage
  }
}

/**
 * A new storage for `request`, of the kind `MESSAGE_STORAGE` names (as Django's `default_storage`).
 * @throws `ImproperlyConfigured` for the session storage on a request without a session.
 */
export function defaultStorage(request: Request): BaseStorage {
  const Storage = storageClass()
  return new Storage(request)
}
