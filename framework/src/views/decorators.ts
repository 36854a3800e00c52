/**
 * View decorators for HTTP methods, as Django's `django.views.decorators.http`: wrap a view so that
 * other methods get 405 Method Not Allowed with an `Allow` header (RFC 9110 §15.5.6).
 *
 * @module
 */
import { MethodNotAllowed } from '../http/errors.ts'
import type { ViewFunction } from '../urls/types.ts'

/** Wraps a view; keeps its parameter type. */
export type ViewDecorator = <P>(view: ViewFunction<P>) => ViewFunction<P>

/**
 * Only lets the listed methods through (as Django's `require_http_methods`).
 *
 * @param methods - allowed methods, any case, e.g. `['GET', 'POST']`.
 * @returns a decorator; the wrapped view throws {@link MethodNotAllowed} (405, `Allow: GET, POST`) for others.
 * @example
 * ```ts
 * export const vote = requireHttpMethods(['POST'])(async (request, { id }) => { ... })
 * ```
 */
export function requireHttpMethods(methods: readonly string[]): ViewDecorator {
  const allowed = Object.freeze(methods.map((m) => m.toUpperCase()))
  return <P>(view: ViewFunction<P>): ViewFunction<P> => {
    const wrapped: ViewFunction<P> = (request, params) => {
      if (!allowed.includes(request.method)) throw new MethodNotAllowed(allowed)
      return view(request, params)
    }
    Object.defineProperty(wrapped, 'name', { value: view.name })
    return wrapped
  }
}

/**
 * Only GET (as Django's `require_GET`; note that, as in Django, HEAD is refused: use {@link requireSafe}
 * for GET and HEAD).
 */
export const requireGET: ViewDecorator = requireHttpMethods(['GET'])

/** Only POST (as Django's `require_POST`). */
export const requirePOST: ViewDecorator = requireHttpMethods(['POST'])

/** Only GET and HEAD, the methods that must not change state (as Django's `require_safe`). */
export const requireSafe: ViewDecorator = requireHttpMethods(['GET', 'HEAD'])
