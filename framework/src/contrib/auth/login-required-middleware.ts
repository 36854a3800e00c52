/**
 * `LoginRequiredMiddleware` (Django 5.1's): every view needs a logged-in user unless wrapped in
 * {@link loginNotRequired}. The auth URLs' login and password-reset views are exempt.
 *
 * @module
 */
import { ImproperlyConfigured } from 'tango/core'
import type { Request } from 'tango/http'
import type { Middleware } from 'tango/middleware'
import type { ViewFunction } from 'tango/urls'
import { getUser } from './api.ts'
import { REDIRECT_FIELD_NAME, redirectToLogin } from './decorators.ts'
import { isAuthenticated } from './permissions.ts'

const exempt = new WeakSet<object>()

/**
 * Marks `view` as open to anonymous users under {@link LoginRequiredMiddleware} (Django's
 * `login_not_required`); returns the same function.
 */
export function loginNotRequired<V extends ViewFunction<never>>(view: V): V {
  exempt.add(view)
  return view
}

/** Whether `view` was marked with {@link loginNotRequired}. */
export function isLoginNotRequired(view: object): boolean {
  return exempt.has(view)
}

/**
 * Redirects anonymous users to `settings.LOGIN_URL?next=<path>` for every view not marked
 * {@link loginNotRequired} (Django's `LoginRequiredMiddleware`). List it after
 * `AuthenticationMiddleware`; requests no view matched (404s) pass through.
 * @throws ImproperlyConfigured - a request arrives without `AuthenticationMiddleware`.
 */
export const LoginRequiredMiddleware: Middleware = (getResponse) => {
  const handler = (request: Request) => getResponse(request)
  handler.processView = async (request: Request, view: ViewFunction) => {
    if (isLoginNotRequired(view)) return null
    if (!('session' in request)) throw new ImproperlyConfigured('LoginRequiredMiddleware needs SessionMiddleware and AuthenticationMiddleware before it in MIDDLEWARE.')
    if (isAuthenticated(await getUser(request))) return null
    return redirectToLogin(request.rawPath + (request.queryString ? `?${request.queryString}` : ''), { redirectFieldName: REDIRECT_FIELD_NAME })
  }
  return handler
}
