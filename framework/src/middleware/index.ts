/**
 * `tango/middleware`: the core middleware (as Django's `django.middleware`) and
 * {@link DEFAULT_MIDDLEWARE}, the stack new projects start with. A middleware is a
 * `(getResponse) => handler` factory listed in `settings.MIDDLEWARE`, outermost first; see
 * `tango/handler` for the types and `docs/middleware.md` for the default order.
 *
 * @module
 */
export { SecurityMiddleware } from './security.ts'
export { XFrameOptionsMiddleware, xframeOptionsExempt, xframeOptionsDeny, xframeOptionsSameOrigin } from './x-frame-options.ts'
export { CommonMiddleware } from './common.ts'
export { GZipMiddleware, isCompressible, GZIP_MIN_LENGTH, SYNC_COMPRESS_LIMIT } from './gzip.ts'
export { chooseEncoding } from './accept-encoding.ts'
export type { ContentCoding } from './accept-encoding.ts'
export { ConditionalGetMiddleware } from './conditional-get.ts'
export { conditionalResponse, contentEtag, parseEtags } from './etags.ts'
export { RequestLoggingMiddleware } from './request-logging.ts'
export {
  CsrfViewMiddleware, csrfExempt, csrfProtect, ensureCsrfCookie, requiresCsrfToken, getToken, rotateToken, dontEnforceCsrfChecks,
  csrfContextProcessor, csrfFailure, CSRF_FIELD_NAME, CSRF_SECRET_LENGTH, CSRF_TOKEN_LENGTH, CSRF_ALLOWED_CHARS, CSRF_SESSION_KEY,
  REASON_BAD_ORIGIN, REASON_NO_REFERER, REASON_BAD_REFERER, REASON_MALFORMED_REFERER, REASON_INSECURE_REFERER,
  REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING, REASON_CSRF_TOKEN_INCORRECT,
} from './csrf.ts'
export { DEFAULT_MIDDLEWARE } from './defaults.ts'
export type { Middleware, MiddlewareHandler, GetResponse } from '../handler/types.ts'
