/**
 * HTTP errors: throw one from a view or middleware and the handler turns it into a response with its
 * status (as Django's `Http404`, `PermissionDenied`, `BadRequest`, `SuspiciousOperation`).
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { gettext } from '../core/translation.ts'

/** An error that becomes an HTTP response with {@link HttpError.status}. */
export class HttpError extends TangoError {
  /** The response status, 4xx. */
  readonly status: number
  /** Extra headers for the response (e.g. `Allow` for 405, `Retry-After` for 429). */
  readonly headers: Readonly<Record<string, string>>

  /**
   * @param status - the HTTP status code.
   * @param code - the stable error code, e.g. `E_NOT_FOUND`.
   * @param message - shown to the client: say what was wrong, never a secret.
   * @param headers - extra response headers.
   */
  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}, options?: ErrorOptions) {
    super(code, message, options)
    this.status = status
    this.headers = headers
  }
}

// Default messages reach the error page, so they are translated when the error is made (in the
// request's language).

/** 404 Not Found (as Django's `Http404`). */
export class Http404 extends HttpError {
  constructor(message = gettext('Not Found'), options?: ErrorOptions) {
    super(404, 'E_NOT_FOUND', message, {}, options)
  }
}

/** 403 Forbidden (as Django's `PermissionDenied`). */
export class PermissionDenied extends HttpError {
  constructor(message = gettext('Forbidden'), options?: ErrorOptions) {
    super(403, 'E_PERMISSION_DENIED', message, {}, options)
  }
}

/** 400 Bad Request (as Django's `BadRequest`): malformed input the client should fix. */
export class BadRequest extends HttpError {
  constructor(message = gettext('Bad Request'), code = 'E_BAD_REQUEST', options?: ErrorOptions) {
    super(400, code, message, {}, options)
  }
}

/** 400 for a Host header not in `ALLOWED_HOSTS` (as Django's `DisallowedHost`). */
export class DisallowedHost extends BadRequest {
  constructor(message: string) {
    super(message, 'E_DISALLOWED_HOST')
  }
}

/** 405 Method Not Allowed, with the `Allow` header RFC 9110 §15.5.6 requires. */
export class MethodNotAllowed extends HttpError {
  /** @param allowed - the methods the resource supports, e.g. `['GET', 'HEAD']`. */
  constructor(allowed: readonly string[], message = gettext('Method Not Allowed')) {
    super(405, 'E_METHOD_NOT_ALLOWED', message, { allow: allowed.join(', ') })
  }
}

/** 413 Content Too Large (RFC 9110 §15.5.14): the body passed `DATA_UPLOAD_MAX_MEMORY_SIZE`. */
export class RequestDataTooBig extends HttpError {
  constructor(message = gettext('Request body exceeded DATA_UPLOAD_MAX_MEMORY_SIZE.')) {
    super(413, 'E_REQUEST_TOO_BIG', message)
  }
}

/** 400 when a form or query string has more than `DATA_UPLOAD_MAX_NUMBER_FIELDS` fields (as Django's `TooManyFieldsSent`). */
export class TooManyFieldsSent extends BadRequest {
  constructor(message = gettext('The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS.')) {
    super(message, 'E_TOO_MANY_FIELDS')
  }
}

/** 400 when a multipart body has more than `DATA_UPLOAD_MAX_NUMBER_FILES` files (as Django's `TooManyFilesSent`). */
export class TooManyFilesSent extends BadRequest {
  constructor(message = gettext('The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES.')) {
    super(message, 'E_TOO_MANY_FILES')
  }
}
