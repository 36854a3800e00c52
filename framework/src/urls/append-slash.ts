/**
 * The `APPEND_SLASH` test `CommonMiddleware` uses (Django's `should_redirect_with_slash`).
 *
 * @module
 */

/** The part of a resolver {@link shouldAppendSlash} needs. */
export interface PathResolver {
  resolve(path: string): unknown
}

/**
 * Whether `path` should be redirected to `path + '/'`: it does not end with `/`, it matches no
 * route, and `path + '/'` does. `CommonMiddleware` redirects (301, or raises for a POST in DEBUG as
 * Django does) when this holds and `settings.APPEND_SLASH` is on.
 *
 * @param resolver - usually the root resolver.
 * @param path - the decoded request path, e.g. `/articles`.
 */
export function shouldAppendSlash(resolver: PathResolver, path: string): boolean {
  if (path.endsWith('/')) return false
  return resolver.resolve(path) === null && resolver.resolve(path + '/') !== null
}
