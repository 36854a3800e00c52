/**
 * Turning errors into responses, as Django's `convert_exception_to_response` and
 * `response_for_exception`: every layer of the middleware chain is wrapped so nothing a view or a
 * middleware throws ever escapes the handler.
 *
 * @module
 */
import type { Logger } from '../core/logging.ts'
import { settings } from '../core/settings.ts'
import { gotRequestException } from '../core/signals.ts'
import { DisallowedHost, HttpError } from '../http/errors.ts'
import type { Request } from '../http/request.ts'
import { BaseResponse, HttpResponse } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import { technical404Page, technical500Page } from './debug-page.ts'
import { plainErrorPage } from './html.ts'
import { Resolver404 } from '../urls/index.ts'
import type { ErrorView, GetResponse, UrlResolverLike } from './types.ts'

/**
 * The 404 the handler raises when no URL pattern matches the path (Django's `Resolver404`). It
 * keeps the resolver so the DEBUG page can list the patterns and `CommonMiddleware` can try the
 * path with a slash appended.
 * @internal
 */
export class UnresolvedPath extends Resolver404 {
  /** The resolver that was asked. */
  readonly resolver: UrlResolverLike

  constructor(path: string, resolver: UrlResolverLike) {
    super(path, resolver.patterns())
    this.resolver = resolver
  }
}

// Responses made for an UnresolvedPath, with the resolver that failed. A WeakMap rather than a
// property so ordinary responses keep one shape; it is only written on the 404 path.
const unresolvedResponses = new WeakMap<Response, UrlResolverLike>()

/**
 * The resolver that found no route, when `response` is the 404 for an unmatched path; else `undefined`.
 * `CommonMiddleware` uses it for `APPEND_SLASH`.
 */
export function unresolvedResolver(response: Response): UrlResolverLike | undefined {
  return unresolvedResponses.get(response)
}

/** Whether `value` is a Tango response (in memory or streaming). */
export function isResponse(value: unknown): value is Response {
  return value instanceof BaseResponse
}

/** What error conversion needs to know, fixed when the handler is built. @internal */
export interface ErrorContext {
  /** `null` reads `settings.DEBUG` when an error happens. */
  readonly debug: boolean | null
  readonly handler404: ErrorView | null
  readonly handler500: ErrorView | null
  readonly logger: Logger
}

/**
 * Wraps one layer of the chain so anything it throws becomes a response (Django's
 * `convert_exception_to_response`). Built once per layer; the per-request cost is one async frame.
 * @internal
 */
export function convertExceptionToResponse(getResponse: GetResponse, context: ErrorContext): (request: Request) => Promise<Response> {
  return async function converted(request: Request): Promise<Response> {
    try {
      return await getResponse(request)
    } catch (error) {
      return responseForException(request, error, context)
    }
  }
}

/**
 * The response for an error (Django's `response_for_exception`): an {@link HttpError} gives its
 * status, headers and a small page (in DEBUG a 404 gets the technical page; else the urlconf's
 * `handler404` when there is one); anything else gives a 500 (logged with its stack, sent to
 * `gotRequestException`; the technical page in DEBUG, else `handler500` or a plain page).
 * Never throws.
 */
export async function responseForException(request: Request, error: unknown, context: ErrorContext): Promise<Response> {
  if (!(error instanceof HttpError)) return serverError(request, error, context)
  const debug = context.debug ?? settings.DEBUG
  let response: Response
  if (error.status === 404) {
    if (debug) {
      const patterns = error instanceof Resolver404 ? error.tried : null
      response = new HttpResponse(technical404Page({ request, message: error.message, patterns }), { status: 404 })
    } else if (context.handler404 !== null) {
      try {
        const custom: unknown = await context.handler404(request, { exception: error })
        if (!isResponse(custom)) throw new TypeError(`handler404 returned ${describe(custom)} instead of a response.`)
        response = custom
      } catch (handlerError) {
        return serverError(request, handlerError, context)
      }
    } else {
      response = errorResponse(error)
    }
    if (error instanceof UnresolvedPath) unresolvedResponses.set(response, error.resolver)
    return response
  }
  if (error instanceof DisallowedHost) context.logger.warn({ path: request.path }, error.message)
  return errorResponse(error)
}

/** The plain response for an HttpError: its status, its headers and an escaped message. */
function errorResponse(error: HttpError): Response {
  return new HttpResponse(plainErrorPage(error.status, error.message), { status: error.status, headers: error.headers })
}

async function serverError(request: Request, error: unknown, context: ErrorContext): Promise<Response> {
  context.logger.error({ err: error, method: request.method, path: request.path }, `Internal Server Error: ${request.path}`)
  if (gotRequestException.hasReceivers) {
    for (const result of await gotRequestException.sendRobust({ request, error })) {
      if (!result.ok) context.logger.error({ err: result.error }, 'A gotRequestException receiver failed.')
    }
  }
  if (context.debug ?? settings.DEBUG) {
    return new HttpResponse(technical500Page({ error, request, settings }), { status: 500 })
  }
  if (context.handler500 !== null) {
    try {
      const custom: unknown = await context.handler500(request, { exception: error })
      if (isResponse(custom)) return custom
      context.logger.error(`handler500 returned ${describe(custom)} instead of a response.`)
    } catch (handlerError) {
      context.logger.error({ err: handlerError }, 'handler500 failed.')
    }
  }
  return new HttpResponse(plainErrorPage(500, ''), { status: 500 })
}

/** A short description of a non-response value, for error messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`
  return `a ${typeof value}`
}
