/**
 * `reverse()`: a route name and params to a path, against the root URLconf or a given one.
 *
 * @module
 */
import type { URLEntry } from './patterns.ts'
import { URLResolver } from './resolver.ts'
import type { ReverseOptions, ReverseParams } from './reverse-core.ts'
import { getResolverSync } from './root.ts'

/** Options of {@link reverse}: {@link ReverseOptions} plus the URLconf to use. */
export interface ReverseCallOptions extends ReverseOptions {
  /** Reverse in this URLconf instead of the root one (Django's `urlconf` argument). */
  readonly urlconf?: URLResolver | readonly URLEntry[]
}

const adHoc = new WeakMap<readonly URLEntry[], URLResolver>()

/**
 * Builds the path of a named route (Django's `reverse()`), synchronously.
 *
 * Names with namespaces (`news:detail`) follow Django: an application namespace picks the instance
 * named `currentApp` if given, else the instance named like the app, else the last one deployed.
 * When several routes share a name, the last declared whose params fit wins, as in Django. Each
 * value goes through its converter's `toUrl()` and must match the converter's regex; the path is
 * percent-encoded (`/ : @` and sub-delimiters stay) and `query` is appended.
 *
 * @param viewname - `name` or `namespace:name` (nested: `a:b:name`).
 * @param params - a value for every param of the route, e.g. `{ year: 2024, slug: 'hello' }`.
 * @param options - `query`, `fragment`, `currentApp`, `urlconf`.
 * @returns an absolute path such as `/news/articles/2024/hello/?page=2`.
 * @throws {@link NoReverseMatch} (code `E_NO_REVERSE_MATCH`) naming the route, the params it expects
 *   and those given; {@link ImproperlyConfigured} when no `urlconf` is given and the root URLconf is
 *   not loaded yet (`await getResolver()` first; the request handler does).
 * @example
 * ```ts
 * reverse('news:detail', { year: 2024, slug: 'hello' }, { query: { page: 2 } })
 * // '/news/articles/2024/hello/?page=2'
 * ```
 */
export function reverse(viewname: string, params: ReverseParams = {}, options: ReverseCallOptions = {}): string {
  let resolver: URLResolver
  if (options.urlconf === undefined) resolver = getResolverSync()
  else if (options.urlconf instanceof URLResolver) resolver = options.urlconf
  else {
    resolver = adHoc.get(options.urlconf) ?? new URLResolver(options.urlconf)
    adHoc.set(options.urlconf, resolver)
  }
  return resolver.reverse(viewname, params, options)
}
