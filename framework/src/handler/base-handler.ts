/**
 * The base handler (as Django's `BaseHandler`): builds the middleware onion once, then turns each
 * request into a response: middleware in settings order, URL resolution, `processView` hooks, the
 * view, `processException` hooks, and back out through the middleware in reverse.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { getLogger } from '../core/logging.ts'
import { settings } from '../core/settings.ts'
import { requestFinished, requestStarted } from '../core/signals.ts'
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'
import type { RequestHandler } from '../http/types.ts'
import { getResolver } from '../urls/index.ts'
import { convertExceptionToResponse, describe, isResponse, UnresolvedPath } from './exception.ts'
import type { ErrorContext } from './exception.ts'
import type { ErrorView, GetResponse, Middleware, MiddlewareHandler, UrlResolverLike } from './types.ts'

/** What {@link createHandler} takes; everything defaults to the active settings. */
export interface HandlerOptions {
  /** Middleware, outermost first. Default `settings.MIDDLEWARE`. */
  readonly middleware?: readonly Middleware[]
  /** Routes requests. Default: `tango/urls`' root resolver for `settings.ROOT_URLCONF`. */
  readonly resolver?: UrlResolverLike
  /** Show DEBUG pages. Default: `settings.DEBUG`, read when an error happens. */
  readonly debug?: boolean
  /** Custom 404 view. Default: the root urlconf's `handler404` export (only when `resolver` is not given). */
  readonly handler404?: ErrorView | null
  /** Custom 500 view. Default: the root urlconf's `handler500` export (only when `resolver` is not given). */
  readonly handler500?: ErrorView | null
}

type ProcessView = NonNullable<MiddlewareHandler['processView']>
type ProcessException = NonNullable<MiddlewareHandler['processException']>

/**
 * Builds the application: a {@link RequestHandler} that never rejects.
 *
 * The chain is built once, as Django's `load_middleware`: the inner handler (resolve, view hooks,
 * view) is wrapped by each middleware from the innermost out, and every layer, the inner handler
 * included, passes through error conversion, so an `HttpError` thrown anywhere becomes its response
 * and anything else a 500 (logged, sent to `gotRequestException`, a DEBUG page when `DEBUG`).
 *
 * @param options - middleware, resolver, debug and error views; defaults come from settings.
 * @returns the handler for the node adapter, `TestClient` or `toFetchHandler`.
 * @throws what loading the root urlconf throws (e.g. `ImproperlyConfigured` when `ROOT_URLCONF` is unset
 *   and no `resolver` is given): a start-up error, never a per-request one.
 * @example
 * ```ts
 * const handler = await createHandler({ middleware: DEFAULT_MIDDLEWARE })
 * const response = await handler(new Request({ method: 'GET', url: '/', headers: { host: 'localhost' } }))
 * ```
 */
export async function createHandler(options: HandlerOptions = {}): Promise<RequestHandler> {
  // settings.MIDDLEWARE holds factories typed loosely (core cannot name the handler's types);
  // defineSettings checked each is a function, and that is the whole Middleware contract.
  const middleware = options.middleware ?? (settings.MIDDLEWARE as readonly Middleware[])
  let resolver = options.resolver
  let handler404 = options.handler404 ?? null
  let handler500 = options.handler500 ?? null
  if (resolver === undefined) {
    resolver = await getResolver()
    const conf = settings.ROOT_URLCONF === null ? null : await settings.ROOT_URLCONF()
    if (options.handler404 === undefined && typeof conf?.handler404 === 'function') handler404 = conf.handler404 as ErrorView
    if (options.handler500 === undefined && typeof conf?.handler500 === 'function') handler500 = conf.handler500 as ErrorView
  }
  const context: ErrorContext = { debug: options.debug ?? null, handler404, handler500, logger: getLogger('tango.request') }

  const viewHooks: { readonly owner: MiddlewareHandler; readonly hook: ProcessView }[] = []
  const exceptionHooks: { readonly owner: MiddlewareHandler; readonly hook: ProcessException }[] = []
  const routes: UrlResolverLike = resolver

  async function processException(request: Request, error: unknown): Promise<Response | null> {
    for (const { owner, hook } of exceptionHooks) {
      const response = await hook.call(owner, request, error)
      if (response) return response
    }
    return null
  }

  // Django's `_get_response`: resolve, view middleware, the view, exception middleware.
  async function getResponse(request: Request): Promise<Response> {
    const match = routes.resolve(request.path)
    if (match === null) throw new UnresolvedPath(request.path, routes)
    request.resolverMatch = match
    let response: unknown = null
    for (let i = 0; i < viewHooks.length; i++) {
      const { owner, hook } = viewHooks[i] as (typeof viewHooks)[number]
      response = await hook.call(owner, request, match.view, match.params)
      if (response) break
    }
    if (!response) {
      try {
        response = await match.view(request, match.params)
      } catch (error) {
        response = exceptionHooks.length === 0 ? null : await processException(request, error)
        if (!response) throw error
      }
    }
    if (!isResponse(response)) {
      const name = match.viewName ?? (match.view.name || `the view for '${match.route}'`)
      throw new TangoError('E_VIEW_RETURNED_NON_RESPONSE', `The view ${name} didn't return a response. It returned ${describe(response)} instead.`)
    }
    return response
  }

  let chain: GetResponse = convertExceptionToResponse(getResponse, context)
  for (let i = middleware.length - 1; i >= 0; i--) {
    const instance = (middleware[i] as Middleware)(chain)
    if (typeof instance !== 'function') {
      throw new TangoError('E_BAD_MIDDLEWARE', `MIDDLEWARE[${i}] (${(middleware[i] as Middleware).name || 'anonymous'}) returned ${describe(instance)}; a middleware must return a function (request) => response.`)
    }
    if (instance.processView) viewHooks.unshift({ owner: instance, hook: instance.processView })
    if (instance.processException) exceptionHooks.push({ owner: instance, hook: instance.processException })
    chain = convertExceptionToResponse(instance, context)
  }
  const outer = chain as RequestHandler

  async function handleWithSignals(request: Request): Promise<Response> {
    if (requestStarted.hasReceivers) await sendLogged(requestStarted.sendRobust({ request }), context)
    const response = await outer(request)
    if (requestFinished.hasReceivers) await sendLogged(requestFinished.sendRobust({ request, response }), context)
    return response
  }

  // Signals are checked per request (receivers may connect after start-up), but cost two length
  // reads when nobody listens: the chain is returned directly, with no extra async frame.
  return function handle(request: Request): Promise<Response> {
    if (requestStarted.hasReceivers || requestFinished.hasReceivers) return handleWithSignals(request)
    return outer(request)
  }
}

async function sendLogged(results: Promise<readonly { ok: boolean; error?: unknown }[]>, context: ErrorContext): Promise<void> {
  for (const result of await results) {
    if (!result.ok) context.logger.error({ err: result.error }, 'A request signal receiver failed.')
  }
}

let cached: Promise<RequestHandler> | null = null

/**
 * The process's default handler, built from the active settings on first use and cached (servers
 * and the `TestClient` share it).
 * @throws as {@link createHandler}; a failed build is not cached.
 */
export function getHandler(): Promise<RequestHandler> {
  if (cached === null) {
    const building = createHandler()
    cached = building
    building.catch(() => {
      if (cached === building) cached = null
    })
  }
  return cached
}

/** Forgets the cached default handler, so the next {@link getHandler} rebuilds it (after `configure()` in tests, or a reload). */
export function resetHandler(): void {
  cached = null
}
