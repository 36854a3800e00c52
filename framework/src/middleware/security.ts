/**
 * `SecurityMiddleware` (as Django's `django.middleware.security.SecurityMiddleware`), with the
 * `ALLOWED_HOSTS` check Django does in `CommonMiddleware` moved here so it runs first.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import type { Request } from '../http/request.ts'
import { HttpResponsePermanentRedirect } from '../http/response.ts'
import type { Middleware } from '../handler/types.ts'

/**
 * Guards every request and hardens every response. Settings are read once, when the chain is built.
 *
 * Request side:
 * - checks the host against `ALLOWED_HOSTS` (`request.getHost()`); a bad host is a 400 (`DisallowedHost`);
 * - with `SECURE_SSL_REDIRECT`, answers plain-HTTP requests with a 301 to `https://` (host
 *   `SECURE_SSL_HOST` or the request's), unless the path (without its leading `/`) matches a regex
 *   in `SECURE_REDIRECT_EXEMPT`.
 *
 * Response side, never overwriting a header the view set:
 * - `Strict-Transport-Security: max-age=N[; includeSubDomains][; preload]` on HTTPS responses when
 *   `SECURE_HSTS_SECONDS` > 0 (RFC 6797: never sent over plain HTTP);
 * - `X-Content-Type-Options: nosniff` (`SECURE_CONTENT_TYPE_NOSNIFF`);
 * - `Referrer-Policy` (`SECURE_REFERRER_POLICY`, comma-separated fallbacks allowed);
 * - `Cross-Origin-Opener-Policy` (`SECURE_CROSS_ORIGIN_OPENER_POLICY`).
 */
export const SecurityMiddleware: Middleware = (getResponse) => {
  const hstsSeconds = settings.SECURE_HSTS_SECONDS
  let hsts: string | null = null
  if (hstsSeconds > 0) {
    hsts = `max-age=${Math.floor(hstsSeconds)}`
    if (settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) hsts += '; includeSubDomains'
    if (settings.SECURE_HSTS_PRELOAD) hsts += '; preload'
  }
  const sslRedirect = settings.SECURE_SSL_REDIRECT
  const sslHost = settings.SECURE_SSL_HOST
  const exempt = settings.SECURE_REDIRECT_EXEMPT.map((pattern) => new RegExp(pattern))
  const nosniff = settings.SECURE_CONTENT_TYPE_NOSNIFF
  const referrerPolicy = settings.SECURE_REFERRER_POLICY === null ? null : settings.SECURE_REFERRER_POLICY.split(',').map((v) => v.trim()).join(',')
  const coop = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY

  function sslRedirectFor(request: Request, host: string): HttpResponsePermanentRedirect | null {
    if (request.isSecure()) return null
    const path = request.path.replace(/^\/+/, '')
    if (exempt.some((re) => re.test(path))) return null
    const query = request.queryString ? `?${request.queryString}` : ''
    return new HttpResponsePermanentRedirect(`https://${sslHost ?? host}${request.rawPath}${query}`)
  }

  return async function securityMiddleware(request) {
    const host = request.getHost()
    // As Django's process_request/process_response pair: the redirect gets the headers below too.
    const response = (sslRedirect && sslRedirectFor(request, host)) || (await getResponse(request))
    const headers = response.headers
    if (hsts !== null && !headers.has('strict-transport-security') && request.isSecure()) headers.set('strict-transport-security', hsts)
    if (nosniff) headers.setDefault('x-content-type-options', 'nosniff')
    if (referrerPolicy !== null) headers.setDefault('referrer-policy', referrerPolicy)
    if (coop !== null) headers.setDefault('cross-origin-opener-policy', coop)
    return response
  }
}
