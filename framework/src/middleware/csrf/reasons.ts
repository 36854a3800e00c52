/**
 * Why a request failed the CSRF checks: Django's `REASON_*` messages, word for word, so logs and
 * searches match Django's.
 *
 * @module
 */

/** The request named an `Origin` that is neither this site nor in `CSRF_TRUSTED_ORIGINS`. */
export const REASON_BAD_ORIGIN = (origin: string): string => `Origin checking failed - ${origin} does not match any trusted origins.`
/** An HTTPS request without `Origin` had no `Referer` either. */
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.'
/** An HTTPS request's `Referer` is another site. */
export const REASON_BAD_REFERER = (referer: string): string => `Referer checking failed - ${referer} does not match any trusted origins.`
/** The `Referer` is not a URL with scheme and host. */
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.'
/** The site is on HTTPS but the `Referer` is `http:`. */
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.'
/** The client holds no secret (no CSRF cookie, or none in the session). */
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.'
/** Neither the `csrfmiddlewaretoken` field nor the `CSRF_HEADER_NAME` header was sent. */
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.'
/** The token sent does not unmask to the client's secret. */
export const REASON_CSRF_TOKEN_INCORRECT = 'CSRF token incorrect.'
