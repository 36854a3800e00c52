/**
 * Middleware types: Django's middleware shape in TypeScript. A middleware is a factory called once
 * with the next handler; it returns the handler that wraps it.
 *
 * @module
 */
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'
import type { ResolverMatch, ViewFunction } from '../urls/types.ts'

/** The rest of the chain: pass the request on, get the response back. */
export type GetResponse = (request: Request) => Response | Promise<Response>

/**
 * What a middleware factory returns: a {@link GetResponse} that may carry Django's optional hooks.
 * - `processView` runs after URL resolution, before the view; a response it returns short-circuits the view.
 * - `processException` runs when the view throws; a response it returns replaces the error.
 */
export interface MiddlewareHandler extends GetResponse {
  processView?: (request: Request, view: ViewFunction, params: Readonly<Record<string, unknown>>) => Response | null | undefined | Promise<Response | null | undefined>
  processException?: (request: Request, error: unknown) => Response | null | undefined | Promise<Response | null | undefined>
}

/**
 * A middleware (as Django's): `(getResponse) => handler`. Listed in `settings.MIDDLEWARE` outermost first.
 * @example
 * ```ts
 * export const TimingMiddleware: Middleware = (getResponse) => async (request) => {
 *   const started = performance.now()
 *   const response = await getResponse(request)
 *   response.headers.set('server-timing', `app;dur=${performance.now() - started}`)
 *   return response
 * }
 * ```
 */
export type Middleware = (getResponse: GetResponse) => MiddlewareHandler

/**
 * The slice of `tango/urls`' `URLResolver` the handler uses: resolve a path, list the patterns (for
 * the DEBUG 404 page). Any object of this shape can route requests, which keeps the handler
 * independent of how URLs are matched.
 */
export interface UrlResolverLike {
  /** The match for a decoded path (leading `/` included), or `null` when nothing matches. */
  resolve(path: string): ResolverMatch | null
  /** Every pattern, in the order they are tried, for the DEBUG 404 page. */
  patterns(): string[]
}

/**
 * A view used for error responses (as Django's `handler404` / `handler500`): called with the
 * request and `{ exception }` (the `Http404` for `handler404`, the error for `handler500`).
 */
export type ErrorView = (request: Request, params: { readonly exception: unknown }) => Response | Promise<Response>
