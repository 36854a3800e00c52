/**
 * {@link URLResolver}: a compiled URLconf that maps request paths to views and names back to paths.
 *
 * @module
 */
import { Resolver404 } from './errors.ts'
import type { FlatRoute, Scope } from './flatten.ts'
import { flatten } from './flatten.ts'
import { compileRoute } from './matcher.ts'
import type { URLEntry } from './patterns.ts'
import type { LocalePrefixPattern } from './route.ts'
import type { ReverseOptions, ReverseParams } from './reverse-core.ts'
import { reverseInScope } from './reverse-core.ts'
import { RouteTrie } from './trie.ts'
import type { ResolverMatch } from './types.ts'

/**
 * A URLconf compiled once for fast lookups (Django's root `URLResolver`).
 *
 * Lookups walk a segment trie, not a list of regexes: a path costs about one `Map` lookup per
 * segment plus the parameter segments that could match, however many routes there are. The result
 * is still Django's: the first route in declaration order that matches wins, includes flattened
 * depth first. Differences from Django, all at the edges: an include's prefix and its routes match
 * as one pattern (Django matches the prefix first and does not backtrack into it), which only
 * matters for a prefix ending in a `<path:...>` parameter or without a trailing `/`; and `rePath()`
 * routes (and `<path:...>` tails) are scanned in order at the deepest static prefix they share.
 *
 * @example
 * ```ts
 * const resolver = new URLResolver(urlpatterns)
 * resolver.resolve('/articles/2024/hello/')  // { view, params: { year: 2024, slug: 'hello' }, ... }
 * resolver.reverse('news:detail', { year: 2024, slug: 'hello' })  // '/news/articles/2024/hello/'
 * ```
 */
export class URLResolver {
  /** The entries it was built from. */
  readonly urlpatterns: readonly URLEntry[]
  #routes: readonly FlatRoute[]
  #scope: Scope
  #trie = new RouteTrie()
  #patterns: readonly string[]

  /**
   * Compiles a URLconf.
   * @param urlpatterns - entries from `path()`, `rePath()` and `include()`.
   */
  constructor(urlpatterns: readonly URLEntry[]) {
    this.urlpatterns = urlpatterns
    const { routes, root } = flatten(urlpatterns)
    this.#routes = routes
    this.#scope = root
    for (const route of routes) this.#trie.add(route, compileRoute(route.pieces))
    this.#trie.finish()
    this.#patterns = Object.freeze(routes.map((r) => r.route))
  }

  /**
   * Finds the view for a request path (Django's `resolve()`).
   *
   * @param path - the decoded request path, starting with `/` (`request.path`).
   * @returns the match (view, converted params, route, names, namespaces), or `null` when no route
   *   matches or `path` does not start with `/`.
   */
  resolve(path: string): ResolverMatch | null {
    const found = this.#trie.search(path)
    if (found === null) return null
    const route = found.route
    return {
      view: route.view,
      params: found.params,
      route: route.route,
      viewName: route.viewName,
      urlName: route.name,
      namespaces: route.namespaces,
      appNames: route.appNames,
    }
  }

  /**
   * As {@link URLResolver.resolve}, but throws when nothing matches.
   * @throws {@link Resolver404} carrying `tried`, the full list of patterns.
   */
  resolveOrThrow(path: string): ResolverMatch {
    const match = this.resolve(path)
    if (match === null) throw new Resolver404(path, this.#patterns)
    return match
  }

  /**
   * Every full pattern, include prefixes joined, in the order they are tried, e.g.
   * `['', 'news/', 'news/articles/<int:year>/']`: the list the DEBUG 404 page shows.
   */
  patterns(): string[] {
    return [...this.#patterns]
  }

  /**
   * Every route with its name, in order: `{ pattern, name }` where `name` is `ns:name` or `null`.
   * Handy for the DEBUG 404 page and for listing URLs.
   */
  entries(): { readonly pattern: string; readonly name: string | null }[] {
    return this.#routes.map((r) => ({ pattern: r.route, name: r.viewName }))
  }

  /**
   * The language-prefix pattern of the URLconf's first `i18nPatterns()` group, or `null` when it
   * has none (Django's `is_language_prefix_patterns_used`). `LocaleMiddleware` reads it.
   */
  localePrefix(): LocalePrefixPattern | null {
    for (const entry of this.urlpatterns) if (entry.pattern.kind === 'locale') return entry.pattern
    return null
  }

  /**
   * Builds the path for a route name in this URLconf; see the module-level `reverse()` for the rules.
   * @throws {@link NoReverseMatch} naming the route and the params expected versus given.
   */
  reverse(viewname: string, params: ReverseParams = {}, options: ReverseOptions = {}): string {
    return reverseInScope(this.#scope, viewname, params, options)
  }
}
