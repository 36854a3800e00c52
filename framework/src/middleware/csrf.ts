/**
 * Cross-site request forgery protection (as Django's `django.middleware.csrf` and
 * `django.views.decorators.csrf`): {@link CsrfViewMiddleware}, the view wrappers
 * {@link csrfExempt}, {@link csrfProtect}, {@link ensureCsrfCookie}, {@link requiresCsrfToken},
 * and the token functions {@link getToken} / {@link rotateToken}. See `docs/csrf.md`.
 *
 * @module
 */
import type { Middleware, MiddlewareHandler } from '../handler/types.ts'
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'
import type { Settings } from '../core/settings.ts'
import { settings } from '../core/settings.ts'
import { registerContextProcessor } from '../templates/context-processors.ts'
import type { ViewFunction } from '../urls/types.ts'
import { createCsrfCheck, markExempt } from './csrf/check.ts'
import type { CsrfCheck } from './csrf/check.ts'
import { csrfContextProcessor } from './csrf/context.ts'
import { getToken } from './csrf/token.ts'

export { getToken, rotateToken, dontEnforceCsrfChecks, CSRF_SECRET_LENGTH, CSRF_TOKEN_LENGTH, CSRF_ALLOWED_CHARS, CSRF_SESSION_KEY } from './csrf/token.ts'
export { csrfContextProcessor, CSRF_FIELD_NAME } from './csrf/context.ts'
export { csrfFailure } from './csrf/failure.ts'
export {
  REASON_BAD_ORIGIN, REASON_NO_REFERER, REASON_BAD_REFERER, REASON_MALFORMED_REFERER, REASON_INSECURE_REFERER,
  REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING, REASON_CSRF_TOKEN_INCORRECT,
} from './csrf/reasons.ts'

/**
 * Rejects cross-site POSTs (as Django's `CsrfViewMiddleware`). Settings are read when the chain is built.
 *
 * - Safe methods (GET, HEAD, OPTIONS, TRACE) always pass; so do views wrapped with {@link csrfExempt}.
 * - Any other method must pass, in order: the `Origin` check when the header is present (this
 *   site's `scheme://host`, or `CSRF_TRUSTED_ORIGINS`, whose `https://*.example.com` entries allow
 *   subdomains); on HTTPS without `Origin`, the `Referer` check (an `https:` URL on this host, the
 *   CSRF cookie domain, or a trusted origin's host; none at all fails); then the token: the
 *   `csrfmiddlewaretoken` field of a POSTed form, else the `CSRF_HEADER_NAME` header
 *   (`X-CSRFToken`), must unmask to the secret in the `CSRF_COOKIE_NAME` cookie (or the session
 *   with `CSRF_USE_SESSIONS`), compared in constant time.
 * - A failure answers 403 from {@link csrfFailure} (the reason shown only with `DEBUG`) and logs a
 *   warning on `tango.security.csrf`; the view never runs.
 * - On the way out, when the token was used (rendered, {@link getToken}) or rotated, the secret is
 *   sent back: a cookie with the `CSRF_COOKIE_*` settings and `Vary: Cookie`, or the session key.
 *
 * Place it after `SessionMiddleware` (needed with `CSRF_USE_SESSIONS`) and before any middleware
 * that assumes CSRF attacks have been dealt with (Django's order). Building it also registers
 * {@link csrfContextProcessor}, so templates get `csrf_token` and `csrf_input()`.
 *
 * @throws ImproperlyConfigured (per request, as a 500) with `CSRF_USE_SESSIONS` and no `request.session`.
 */
export const CsrfViewMiddleware: Middleware = (getResponse) => {
  registerContextProcessor(csrfContextProcessor)
  const check = createCsrfCheck(true)
  const handler: MiddlewareHandler = async function csrfViewMiddleware(request) {
    await check.processRequest(request)
    const response = await getResponse(request)
    return check.processResponse(request, response)
  }
  handler.processView = (request, view) => check.processView(request, view)
  return handler
}

/**
 * Marks a view as exempt from {@link CsrfViewMiddleware} (as Django's `@csrf_exempt`): for webhooks
 * and APIs authenticated by other means. The mark is on the returned function, so apply it
 * outermost: `csrfExempt(requirePOST(view))`.
 * @example `path('hooks/stripe/', csrfExempt(stripeWebhook))`
 */
export function csrfExempt<P>(view: ViewFunction<P>): ViewFunction<P> {
  const exempt: ViewFunction<P> = function csrfExemptView(request, params) {
    return view(request, params)
  }
  markExempt(exempt)
  return exempt
}

// The wrappers build their checks from the settings active when they first run, and again after
// configure() installs new settings (the object identity changes), as the middleware would when rebuilt.
function lazyCheck(enforce: boolean): () => CsrfCheck {
  let builtFrom: Settings | null = null
  let check: CsrfCheck | null = null
  return () => {
    if (check === null || builtFrom !== settings) {
      check = createCsrfCheck(enforce)
      builtFrom = settings
    }
    return check
  }
}

function wrap<P>(view: ViewFunction<P>, enforce: boolean, before: ((request: Request) => void) | null): ViewFunction<P> {
  registerContextProcessor(csrfContextProcessor)
  const current = lazyCheck(enforce)
  return async function csrfCheckedView(request, params): Promise<Response> {
    const check = current()
    await check.processRequest(request)
    const early = await check.processView(request, view)
    if (early !== null) return early
    before?.(request)
    return check.processResponse(request, await view(request, params))
  }
}

/**
 * Applies the {@link CsrfViewMiddleware} checks to one view (as Django's `@csrf_protect`), for
 * projects that do not install the middleware. A request the middleware already accepted is not
 * checked twice.
 * @example `path('contact/', csrfProtect(contact))`
 */
export function csrfProtect<P>(view: ViewFunction<P>): ViewFunction<P> {
  return wrap(view, true, null)
}

/**
 * Makes the view's response send the CSRF cookie even when its template does not render a token
 * (as Django's `@ensure_csrf_cookie`): for pages whose forms are built by JavaScript, which reads
 * the cookie for `X-CSRFToken`. Never rejects a request itself.
 */
export function ensureCsrfCookie<P>(view: ViewFunction<P>): ViewFunction<P> {
  return wrap(view, false, (request) => void getToken(request))
}

/**
 * Makes `csrf_token` work in the view's templates without enforcing the checks (as Django's
 * `@requires_csrf_token`), e.g. for a custom 403 page. Never rejects a request itself.
 */
export function requiresCsrfToken<P>(view: ViewFunction<P>): ViewFunction<P> {
  return wrap(view, false, null)
}
