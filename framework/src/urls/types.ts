/**
 * The types shared by URL routing and everything that calls views.
 *
 * @module
 */
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'

/**
 * A function view (as Django's): the request and the parameters captured from the URL, in; a
 * response out. `P` is inferred from the route pattern where `path()` can see it.
 */
export type ViewFunction<P = Record<string, unknown>> = (request: Request, params: P) => Response | Promise<Response>

/** What the resolver returns for a matched path. */
export interface ResolverMatch {
  /** The view to call. */
  readonly view: ViewFunction<Record<string, unknown>>
  /** Captured parameters, converted (`<int:year>` gives a number). */
  readonly params: Readonly<Record<string, unknown>>
  /** The full matched pattern, e.g. `news/articles/<int:year>/`. */
  readonly route: string
  /** `namespace:name`, or `null` for an unnamed route. */
  readonly viewName: string | null
  /** The route's name without namespaces. */
  readonly urlName: string | null
  /** Namespaces from outermost to innermost. */
  readonly namespaces: readonly string[]
  /** Application namespaces (Django's `app_names`), outermost first; an include's instance
   * namespace defaults to its application namespace, so they often equal `namespaces`. */
  readonly appNames: readonly string[]
}
