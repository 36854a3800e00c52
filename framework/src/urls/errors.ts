/**
 * Routing errors: {@link NoReverseMatch} (a programmer error) and {@link Resolver404} (a request
 * error that becomes a 404).
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { Http404 } from '../http/errors.ts'

/**
 * `reverse()` found no route for a name and params (Django's `NoReverseMatch`), code
 * `E_NO_REVERSE_MATCH`. The message names the route and the params expected versus given.
 */
export class NoReverseMatch extends TangoError {
  /** @param message - names the route, the params given and the patterns tried. */
  constructor(message: string) {
    super('E_NO_REVERSE_MATCH', message)
  }
}

/**
 * No route matched a request's path (Django's `Resolver404`): a 404. `tried` lists every pattern in
 * declaration order, for the DEBUG 404 page; never show it with DEBUG off.
 */
export class Resolver404 extends Http404 {
  /** The request path that matched nothing, e.g. `/nope/`. */
  readonly path: string
  /** Every full pattern tried, in order, e.g. `news/articles/<int:year>/`. */
  readonly tried: readonly string[]

  /**
   * @param path - the request path.
   * @param tried - the patterns tried, from `URLResolver.patterns()`.
   */
  constructor(path: string, tried: readonly string[]) {
    super(`No URL pattern matches ${JSON.stringify(path)}.`)
    this.path = path
    this.tried = tried
  }
}
