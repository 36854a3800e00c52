/**
 * `tango/contrib/sessions`: per-visitor data kept across requests (Django's
 * `django.contrib.sessions`). Install the app and the middleware:
 *
 * @module
 * @example
 * ```ts
 * import sessions, { SessionMiddleware } from 'tango/contrib/sessions'
 * export default defineSettings({ INSTALLED_APPS: [sessions, ...], MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, ...] })
 * // in a view
 * await request.session.set('cart', [42])
 * ```
 */
export { default, default as sessionsApp } from './app.ts'
export { SessionMiddleware } from './middleware.ts'
export { SessionBase, SESSION_EXPIRY_KEY, AUTH_USER_ID_KEY } from './backends/base.ts'
export type { SessionData, ExpiryOptions } from './backends/base.ts'
export { DbSessionStore } from './backends/db.ts'
export type { ActiveSession } from './backends/db.ts'
export { SignedCookieSessionStore } from './backends/signed-cookies.ts'
export { CacheSessionStore, CACHE_SESSION_KEY_PREFIX } from './backends/cache.ts'
export { CachedDbSessionStore, CACHED_DB_SESSION_KEY_PREFIX } from './backends/cached-db.ts'
export { getSessionStore } from './backends/index.ts'
export type { SessionStoreClass } from './backends/index.ts'
export { SessionInterrupted } from './errors.ts'
export { Session } from './models.ts'
export { clearsessions } from './commands/clearsessions.ts'
