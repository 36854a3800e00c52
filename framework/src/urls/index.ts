/**
 * `tango/urls`: URL routing as Django's `django.urls`.
 *
 * - {@link path}, {@link rePath} and {@link include} declare `urlpatterns`; routes use converters
 *   (`str int slug uuid path`, plus {@link registerConverter}) and, with a literal route, check the
 *   view's params type.
 * - {@link URLResolver} maps a request path to a {@link ResolverMatch} with a segment trie (first
 *   match in declaration order wins, as in Django); {@link getResolver} builds the project's from
 *   `settings.ROOT_URLCONF` once.
 * - {@link reverse} turns `namespace:name` and params back into a path; {@link NoReverseMatch} and
 *   {@link Resolver404} are its errors.
 *
 * @example
 * ```ts
 * import { path, include, reverse } from 'tango/urls'
 * export const appName = 'news'
 * export const urlpatterns = [
 *   path('articles/<int:year>/<slug:slug>/', detail, { name: 'detail' }),
 * ]
 * // elsewhere: reverse('news:detail', { year: 2024, slug: 'hello' }) === '/news/articles/2024/hello/'
 * ```
 *
 * @module
 */
export type { ViewFunction, ResolverMatch } from './types.ts'
export { path, rePath, include } from './patterns.ts'
export type { URLEntry, URLPattern, URLInclude, IncludeTarget, UrlModule, PathOptions, AnyView } from './patterns.ts'
export type { Pattern, RoutePattern, RegexPattern, LocalePrefixPattern, RouteToken, StaticToken, ParamToken } from './route.ts'
export { localePrefixPattern, localePrefixInclude } from './locale-prefix.ts'
export { registerConverter } from './converters.ts'
export type { Converter } from './converters.ts'
export type { ConverterTypes, ConverterValue, RouteParams, RegexParams } from './route-params.ts'
export { URLResolver } from './resolver.ts'
export { getResolver, getResolverSync, setRootUrlconf, resetUrlCaches } from './root.ts'
export { reverse } from './reverse.ts'
export type { ReverseCallOptions } from './reverse.ts'
export type { ReverseOptions, ReverseParams, QueryInput } from './reverse-core.ts'
export { NoReverseMatch, Resolver404 } from './errors.ts'
export { shouldAppendSlash } from './append-slash.ts'
export type { PathResolver } from './append-slash.ts'
