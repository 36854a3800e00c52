/**
 * The project's root resolver: built once from `settings.ROOT_URLCONF` and cached, as Django's
 * `get_resolver()`.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import type { UrlConf } from '../core/settings.ts'
import { settings } from '../core/settings.ts'
import type { URLEntry } from './patterns.ts'
import { URLResolver } from './resolver.ts'

/** The loader the cached resolver came from, so a new `ROOT_URLCONF` is noticed (Django caches by name too). */
let loaded: { readonly loader: () => Promise<UrlConf>; readonly resolver: URLResolver } | null = null
let pending: { readonly loader: () => Promise<UrlConf>; readonly promise: Promise<URLResolver> } | null = null
let override: URLResolver | null = null

function toResolver(conf: UrlConf): URLResolver {
  if (conf === null || typeof conf !== 'object' || !Array.isArray(conf.urlpatterns)) {
    throw new ImproperlyConfigured('Setting ROOT_URLCONF must load a module that exports `urlpatterns` (a list made with path()/include()).')
  }
  // urlpatterns is typed `unknown[]` in core (which cannot import urls); include() validates the items.
  return new URLResolver(conf.urlpatterns as readonly URLEntry[])
}

/**
 * The root resolver: loads `settings.ROOT_URLCONF` on first use and caches it. Concurrent callers
 * share one load; a failed load is not cached, so the next call retries.
 *
 * @returns the resolver (or the one given to {@link setRootUrlconf}).
 * @throws {@link ImproperlyConfigured} when `ROOT_URLCONF` is not set or its module has no
 *   `urlpatterns`, and whatever the URL module itself throws (e.g. a bad route).
 */
export async function getResolver(): Promise<URLResolver> {
  if (override !== null) return override
  const loader = settings.ROOT_URLCONF
  if (loader === null) throw new ImproperlyConfigured('Setting ROOT_URLCONF is not set: give it `() => import(\'./urls.ts\')`.')
  if (loaded !== null && loaded.loader === loader) return loaded.resolver
  if (pending !== null && pending.loader === loader) return pending.promise
  const promise = loader().then(
    (conf) => {
      const resolver = toResolver(conf)
      if (pending?.promise === promise) pending = null
      loaded = { loader, resolver }
      return resolver
    },
    (error: unknown) => {
      if (pending?.promise === promise) pending = null
      throw error
    },
  )
  pending = { loader, promise }
  return promise
}

/**
 * The root resolver, if already loaded by {@link getResolver} (or set by {@link setRootUrlconf}).
 * `reverse()` uses this, so it can stay synchronous.
 *
 * @throws {@link ImproperlyConfigured} when the URLconf has not been loaded yet for the current
 *   `ROOT_URLCONF`: call `await getResolver()` at start-up first (the handler does).
 */
export function getResolverSync(): URLResolver {
  if (override !== null) return override
  if (loaded !== null && loaded.loader === settings.ROOT_URLCONF) return loaded.resolver
  throw new ImproperlyConfigured('The root URLconf is not loaded yet: await getResolver() (createHandler() does) before reverse().')
}

/**
 * Uses these routes as the root URLconf, whatever `ROOT_URLCONF` says, until
 * {@link resetUrlCaches}. For tests and for programs that build routes in code.
 *
 * @param urlpatterns - entries, or a resolver already built.
 * @returns the resolver now in use.
 */
export function setRootUrlconf(urlpatterns: readonly URLEntry[] | URLResolver): URLResolver {
  override = urlpatterns instanceof URLResolver ? urlpatterns : new URLResolver(urlpatterns)
  return override
}

/** Forgets the cached root resolver and any {@link setRootUrlconf} override (Django's `clear_url_caches`). */
export function resetUrlCaches(): void {
  loaded = null
  pending = null
  override = null
}
