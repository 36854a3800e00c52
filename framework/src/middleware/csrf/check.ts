/**
 * The CSRF checks proper (Django's `CsrfViewMiddleware.process_request/process_view/process_response`),
 * shared by the middleware and the `csrfProtect` family of view wrappers.
 *
 * @module
 * @internal
 */
import { getLogger } from '../../core/logging.ts'
import { settings } from '../../core/settings.ts'
import type { Request } from '../../http/request.ts'
import type { Response } from '../../http/response.ts'
import type { ViewFunction } from '../../urls/types.ts'
import { CSRF_FIELD_NAME } from './context.ts'
import { csrfFailure } from './failure.ts'
import { originVerified, parseTrustedOrigins, refererProblem } from './origins.ts'
import type { TrustedOrigins } from './origins.ts'
import { REASON_BAD_ORIGIN, REASON_CSRF_TOKEN_INCORRECT, REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE } from './reasons.ts'
import { checkTokenFormat, csrfChecksDisabled, doesTokenMatch, InvalidTokenFormat, loadCsrfState, loadSecret, saveSecret, stateFor } from './token.ts'

/** RFC 9110 §9.2.1 safe methods: they must not change state, so they are never checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

// Views wrapped by csrfExempt. A WeakSet, not a property, so view functions keep their shape.
const exemptViews = new WeakSet<ViewFunction<never>>()

/** Marks a view as exempt. @internal */
export function markExempt(view: ViewFunction<never>): void {
  exemptViews.add(view)
}

/** The three hooks of the CSRF checks, bound to the settings read when they were built. */
export interface CsrfCheck {
  processRequest(request: Request): Promise<void>
  processView(request: Request, view: ViewFunction<never>): Promise<Response | null>
  processResponse(request: Request, response: Response): Promise<Response>
}

/**
 * Builds the checks from the active settings.
 * @param enforce - `true` for the middleware and `csrfProtect` (a failed check answers with the 403
 *   page); `false` for `ensureCsrfCookie`/`requiresCsrfToken` (a failure is ignored, as Django's
 *   `_reject` returning `None` there).
 */
export function createCsrfCheck(enforce: boolean): CsrfCheck {
  const trusted: TrustedOrigins = parseTrustedOrigins(settings.CSRF_TRUSTED_ORIGINS)
  const cookieDomain = settings.CSRF_USE_SESSIONS ? settings.SESSION_COOKIE_DOMAIN : settings.CSRF_COOKIE_DOMAIN
  const headerName = settings.CSRF_HEADER_NAME.toLowerCase()
  const logger = getLogger('tango.security.csrf')

  function reject(request: Request, reason: string): Response | null {
    if (!enforce) return null
    logger.warn({ status: 403, path: request.path, reason }, `Forbidden (${reason}): ${request.path}`)
    return csrfFailure(request, reason)
  }

  function accept(request: Request): null {
    stateFor(request, false).processingDone = true
    return null
  }

  async function tokenProblem(request: Request): Promise<string | null> {
    let secret: string | null
    try {
      secret = await loadSecret(request)
    } catch (error) {
      if (error instanceof InvalidTokenFormat) return `CSRF cookie ${error.reason}.`
      throw error
    }
    if (secret === null) return REASON_NO_CSRF_COOKIE
    let token = ''
    let source = 'POST'
    // Only form bodies are parsed: a JSON or upload view's body is left for the view to read.
    if (request.method === 'POST' && FORM_TYPES.has(request.contentType)) token = (await request.form()).get(CSRF_FIELD_NAME) ?? ''
    if (token === '') {
      const header = request.header(headerName)
      if (header === undefined) return REASON_CSRF_TOKEN_MISSING
      token = header.trim()
      source = `the '${settings.CSRF_HEADER_NAME}' HTTP header`
    }
    try {
      checkTokenFormat(token)
    } catch (error) {
      if (error instanceof InvalidTokenFormat) return `CSRF token from ${source} ${error.reason}.`
      throw error
    }
    return doesTokenMatch(token, secret) ? null : REASON_CSRF_TOKEN_INCORRECT
  }

  return {
    async processRequest(request) {
      await loadCsrfState(request)
    },

    async processView(request, view) {
      if (stateFor(request, false).processingDone) return null
      if (exemptViews.has(view)) return null
      if (SAFE_METHODS.has(request.method)) return accept(request)
      if (csrfChecksDisabled(request)) return accept(request)
      const origin = request.header('origin')
      if (origin !== undefined) {
        if (!originVerified(request, origin, trusted)) return reject(request, REASON_BAD_ORIGIN(origin))
      } else if (request.isSecure()) {
        // Without Origin, an HTTPS request must prove its origin by Referer: a man in the middle
        // of plain HTTP could otherwise set a cookie and post a matching token (Django's reasoning).
        const problem = refererProblem(request, trusted, cookieDomain)
        if (problem !== null) return reject(request, problem)
      }
      const problem = await tokenProblem(request)
      if (problem !== null) return reject(request, problem)
      return accept(request)
    },

    async processResponse(request, response) {
      await saveSecret(request, response)
      return response
    },
  }
}
