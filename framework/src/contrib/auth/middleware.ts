/**
 * `AuthenticationMiddleware`: gives every request a lazy `request.user` (Django's middleware of the
 * same name).
 *
 * @module
 */
import { ImproperlyConfigured } from 'tango/core'
import type { Middleware } from 'tango/middleware'
import { getUser } from './api.ts'
import type { AuthUser } from './types.ts'

declare module 'tango/http' {
  interface Request {
    /**
     * The request's user, as a promise: `const user = await request.user`. Set by
     * `AuthenticationMiddleware`; nothing is loaded until it is first read, then the result is
     * shared for the rest of the request (as Django's `SimpleLazyObject`). A user cannot be read
     * synchronously: loading it needs the session and the database.
     */
    readonly user: Promise<AuthUser>
  }
}

/**
 * Django's `AuthenticationMiddleware`: defines `request.user` (a lazy promise, see {@link getUser}).
 * List it after `SessionMiddleware` (and after `CsrfViewMiddleware`, as Django's default list).
 * @throws ImproperlyConfigured - a request arrives without `request.session`.
 */
export const AuthenticationMiddleware: Middleware = (getResponse) => (request) => {
  if (!('session' in request)) {
    throw new ImproperlyConfigured('AuthenticationMiddleware needs SessionMiddleware: list it before AuthenticationMiddleware in MIDDLEWARE.')
  }
  Object.defineProperty(request, 'user', { configurable: true, enumerable: false, get: () => getUser(request) })
  return getResponse(request)
}
