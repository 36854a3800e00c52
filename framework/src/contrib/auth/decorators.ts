/**
 * View wrappers that check the request's user (Django's `django.contrib.auth.decorators`):
 * `loginRequired`, `permissionRequired`, `userPassesTest`. They need `AuthenticationMiddleware`.
 *
 * @module
 */
import { settings } from 'tango/core'
import { PermissionDenied, redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import type { ViewFunction } from 'tango/urls'
import { getUser } from './api.ts'
import { hasPerms, isAuthenticated } from './permissions.ts'
import type { AuthUser } from './types.ts'

/** Django's `REDIRECT_FIELD_NAME`. */
export const REDIRECT_FIELD_NAME = 'next'

/** `settings.LOGIN_URL` (Django's default `/accounts/login/`). */
export function loginUrl(): string {
  return settings.LOGIN_URL
}

/** The request's path and query string as sent (Django's `get_full_path`). */
export function fullPath(request: Request): string {
  return request.rawPath + (request.queryString ? `?${request.queryString}` : '')
}

/**
 * A redirect to the login page carrying where to come back to (Django's `redirect_to_login`):
 * `/accounts/login/?next=/private/%3Fpage%3D2` (slashes left readable, as Django).
 */
export function redirectToLogin(next: string, options: { readonly loginUrl?: string; readonly redirectFieldName?: string } = {}): Response {
  const url = options.loginUrl ?? loginUrl()
  const field = options.redirectFieldName ?? REDIRECT_FIELD_NAME
  const value = encodeURIComponent(next).replaceAll('%2F', '/')
  return redirect(`${url}${url.includes('?') ? '&' : '?'}${field}=${value}`)
}

/** Options shared by the wrappers. */
export interface AccessOptions {
  /** Where to send users who fail the test; default `settings.LOGIN_URL` (Django's `/accounts/login/`). */
  readonly loginUrl?: string
  /** Query parameter carrying the original path; default `next`. */
  readonly redirectFieldName?: string
}

/**
 * Wraps `view` so it runs only when `test(user)` passes; otherwise redirects to the login page with
 * `?next=<this path>` (Django's `user_passes_test`). `test` may be async.
 */
export function userPassesTest<P>(test: (user: AuthUser) => boolean | Promise<boolean>, view: ViewFunction<P>, options: AccessOptions = {}): ViewFunction<P> {
  return async (request, params) => {
    if (await test(await getUser(request))) return view(request, params)
    const redirectOptions = { ...(options.loginUrl === undefined ? {} : { loginUrl: options.loginUrl }), ...(options.redirectFieldName === undefined ? {} : { redirectFieldName: options.redirectFieldName }) }
    return redirectToLogin(fullPath(request), redirectOptions)
  }
}

/**
 * Wraps `view` so anonymous users are redirected to the login page with `?next=` (Django's `login_required`).
 * @example
 * ```ts
 * path('account/', loginRequired(accountView))
 * ```
 */
export function loginRequired<P>(view: ViewFunction<P>, options: AccessOptions = {}): ViewFunction<P> {
  return userPassesTest((user) => isAuthenticated(user), view, options)
}

/**
 * Wraps `view` so it runs only for users with every permission in `perm` (Django's
 * `permission_required`); others are redirected to the login page, or get 403 `PermissionDenied`
 * with `raiseException: true` (a logged-in user is usually better served by a 403).
 */
export function permissionRequired<P>(perm: string | readonly string[], view: ViewFunction<P>, options: AccessOptions & { readonly raiseException?: boolean } = {}): ViewFunction<P> {
  const perms = typeof perm === 'string' ? [perm] : perm
  return userPassesTest(async (user) => {
    if (await hasPerms(user, perms)) return true
    if (options.raiseException === true) throw new PermissionDenied()
    return false
  }, view, options)
}
