/**
 * The URLconf vocabulary: {@link path}, {@link rePath} and {@link include} (Django's `path`,
 * `re_path` and `include`). Each returns a plain, frozen entry; the resolver compiles a list of
 * them into its lookup structure.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import type { Pattern } from './route.ts'
import { parseRegex, parseRoute } from './route.ts'
import type { RegexParams, RouteParams } from './route-params.ts'
import type { ViewFunction } from './types.ts'

/** A view as the resolver stores it: params are whatever the route captured. */
export type AnyView = ViewFunction<Record<string, unknown>>

/** A route to a view (Django's `URLPattern`). */
export interface URLPattern {
  readonly kind: 'URLPattern'
  readonly pattern: Pattern
  readonly view: AnyView
  /** The name `reverse()` finds it by, or `null`. */
  readonly name: string | null
}

/** A prefix in front of another list of entries (Django's `URLResolver` made by `include()`). */
export interface URLInclude {
  readonly kind: 'URLInclude'
  readonly pattern: Pattern
  readonly urlpatterns: readonly URLEntry[]
  /** The application namespace (Django's `app_name`), or `null`. */
  readonly appName: string | null
  /** The instance namespace, or `null` when the included names join the parent's. */
  readonly namespace: string | null
}

/** One item of `urlpatterns`. */
export type URLEntry = URLPattern | URLInclude

/** What {@link include} returns and `path()` / `rePath()` take in place of a view. */
export interface IncludeTarget {
  readonly kind: 'IncludeTarget'
  readonly urlpatterns: readonly URLEntry[]
  readonly appName: string | null
  readonly namespace: string | null
}

/** A URL module, as {@link include} takes it: `import * as newsUrls from './news/urls.ts'`. */
export interface UrlModule {
  readonly urlpatterns: readonly URLEntry[]
  /** The application namespace, as Django's module-level `app_name`. */
  readonly appName?: string | undefined
}

/** Options of {@link path} and {@link rePath}. */
export interface PathOptions {
  /** The name for `reverse()` and the `url` template tag. */
  readonly name?: string
}

function entryFor(pattern: Pattern, target: AnyView | IncludeTarget, options: PathOptions | undefined): URLEntry {
  if (typeof target === 'function') {
    const name = options?.name ?? null
    if (name !== null && (typeof name !== 'string' || name === '' || name.includes(':'))) {
      throw new ImproperlyConfigured(`URL pattern ${JSON.stringify(pattern.source)} has name ${JSON.stringify(name)}; a name is a non-empty string without ':' (':' separates namespaces).`)
    }
    return Object.freeze({ kind: 'URLPattern', pattern, view: target, name })
  }
  if (target === null || typeof target !== 'object' || target.kind !== 'IncludeTarget') {
    throw new ImproperlyConfigured(`URL pattern ${JSON.stringify(pattern.source)} needs a view function or include(...), got ${String(target)}.`)
  }
  if (options?.name !== undefined) throw new ImproperlyConfigured(`URL pattern ${JSON.stringify(pattern.source)} names an include(); name the routes inside it instead.`)
  return Object.freeze({ kind: 'URLInclude', pattern, urlpatterns: target.urlpatterns, appName: target.appName, namespace: target.namespace })
}

/**
 * A route (Django's `path()`): `<converter:name>` parts capture params, converted by the converter
 * (`str` when omitted). Routes have no leading slash. With a literal route, `view`'s params type is
 * checked against the route's: `<int:year>` must be a `number`.
 *
 * @param route - e.g. `articles/<int:year>/<slug:slug>/`.
 * @param view - the view, or {@link include}(...) to mount more routes under this prefix.
 * @param options - `{ name }` for `reverse()`.
 * @returns a frozen entry for `urlpatterns`.
 * @throws {@link ImproperlyConfigured} naming the route for an unknown converter, bad `<...>`
 *   syntax, a repeated param name, a leading `/`, or a name on an include.
 * @example
 * ```ts
 * export const urlpatterns = [
 *   path('', index, { name: 'index' }),
 *   path('articles/<int:year>/<slug:slug>/', detail, { name: 'detail' }),
 *   path('news/', include(newsUrls)),
 * ]
 * ```
 */
export function path<R extends string>(route: R, view: ViewFunction<RouteParams<R>>, options?: PathOptions): URLPattern
export function path(route: string, target: IncludeTarget): URLInclude
export function path(route: string, target: AnyView | IncludeTarget | ViewFunction<never>, options?: PathOptions): URLEntry {
  // A view typed for its route's params is stored as taking any params: safe, because the resolver
  // only ever calls it with what this same route captured and converted.
  return entryFor(parseRoute(route), target as AnyView | IncludeTarget, options)
}

/**
 * A regular-expression route (Django's `re_path()`). Named groups become string params; unnamed
 * groups are ignored. As in Django the regex is searched in the rest of the path, so anchor it with
 * `^` (and `$` for a view); Python's `(?P<name>...)` and `\Z` are accepted. Routes made with
 * `rePath` are tried by a scan, not the segment trie: prefer {@link path}.
 *
 * @param regex - e.g. `^archive/(?<year>[0-9]{4})/$`.
 * @param view - the view, or {@link include}(...).
 * @param options - `{ name }`.
 * @throws {@link ImproperlyConfigured} naming the regex when it does not compile.
 */
export function rePath<R extends string>(regex: R, view: ViewFunction<RegexParams<R>>, options?: PathOptions): URLPattern
export function rePath(regex: string, target: IncludeTarget): URLInclude
export function rePath(regex: string, target: AnyView | IncludeTarget | ViewFunction<never>, options?: PathOptions): URLEntry {
  return entryFor(parseRegex(regex), target as AnyView | IncludeTarget, options)
}

/**
 * Mounts a list of routes under a prefix (Django's `include()`), optionally in a namespace.
 *
 * Namespaces follow Django: the application namespace comes from `{ urlpatterns, appName }` (a URL
 * module's `appName` export); the instance namespace is `options.namespace`, defaulting to the
 * application namespace. Names inside a namespaced include are reversed as `namespace:name`;
 * an include with no namespace adds its names to the parent's.
 *
 * @param urlconf - a list of entries, or a module / object `{ urlpatterns, appName? }`.
 * @param options - `{ namespace }`: the instance namespace.
 * @throws {@link ImproperlyConfigured} for a namespace without an application namespace (as Django),
 *   a namespace containing ':', or an argument that is not a list of entries.
 * @example
 * ```ts
 * path('news/', include(newsUrls))                          // newsUrls.appName = 'news' → 'news:detail'
 * path('blog/', include(newsUrls, { namespace: 'blog' }))   // second instance → 'blog:detail'
 * ```
 */
export function include(urlconf: readonly URLEntry[] | UrlModule | IncludeTarget, options: { readonly namespace?: string } = {}): IncludeTarget {
  // An include target already (Django's 3-tuple, e.g. `admin.site.urls`): keep its application and
  // instance namespaces, unless a namespace is given here.
  if (!Array.isArray(urlconf) && (urlconf as { kind?: unknown }).kind === 'IncludeTarget') {
    const target = urlconf as IncludeTarget
    return options.namespace === undefined ? target : include({ urlpatterns: target.urlpatterns, appName: target.appName ?? undefined }, options)
  }
  const urlpatterns = Array.isArray(urlconf) ? urlconf : (urlconf as UrlModule | null)?.urlpatterns
  if (!Array.isArray(urlpatterns)) throw new ImproperlyConfigured('include() takes a list of URL entries or a module/object with `urlpatterns`.')
  for (const entry of urlpatterns as readonly unknown[]) {
    const kind = (entry as { kind?: unknown } | null)?.kind
    if (kind !== 'URLPattern' && kind !== 'URLInclude') throw new ImproperlyConfigured(`include() got an item that is not made by path() or rePath(): ${String(entry)}.`)
  }
  const appName = Array.isArray(urlconf) ? null : ((urlconf as UrlModule).appName ?? null)
  const namespace = options.namespace ?? appName
  if (options.namespace !== undefined && appName === null) {
    throw new ImproperlyConfigured(`include() was given namespace ${JSON.stringify(options.namespace)} without an application namespace. Pass { urlpatterns, appName } or a module that exports appName.`)
  }
  for (const ns of [appName, namespace]) {
    if (ns !== null && (typeof ns !== 'string' || ns === '' || ns.includes(':'))) throw new ImproperlyConfigured(`Namespace ${JSON.stringify(ns)} must be a non-empty string without ':'.`)
  }
  return Object.freeze({ kind: 'IncludeTarget', urlpatterns: Object.freeze([...urlpatterns]), appName, namespace })
}
