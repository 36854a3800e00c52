/**
 * Keys of cached pages (Django's `learn_cache_key` / `get_cache_key`): a page is stored under its
 * method, its absolute URL and the values of the request headers its response `Vary`s on. The
 * header names are learned from the first response and kept under a key of their own.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { settings } from '../core/settings.ts'
import { getCurrentTimeZone, getLanguage } from '../core/translation.ts'
import type { Request } from '../http/request.ts'
import type { BaseResponse } from '../http/response.ts'
import type { BaseCache } from './base.ts'
import type { Timeout } from './base.ts'
import { caches } from './handler.ts'

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex')
}

function urlHash(request: Request): string {
  return md5(request.buildAbsoluteUri())
}

/**
 * Django's `_i18n_cache_key_suffix`: the active language (with `USE_I18N`) and time zone (with
 * `USE_TZ`), so a page rendered in Russian is never served to an English request for the same URL.
 */
function i18nSuffix(key: string): string {
  let out = key
  if (settings.USE_I18N) out += `.${getLanguage()}`
  if (settings.USE_TZ) out += `.${getCurrentTimeZone()}`
  return out
}

/** Django's `_generate_cache_header_key`: where the header names of a URL are kept. */
function headerKey(keyPrefix: string, request: Request): string {
  return i18nSuffix(`views.decorators.cache.cache_header.${keyPrefix}.${urlHash(request)}`)
}

/** Django's `_generate_cache_key`: the page's key, from the values of the `Vary` headers. */
function pageKey(request: Request, method: string, headerList: readonly string[], keyPrefix: string): string {
  const ctx = createHash('md5')
  for (const header of headerList) {
    const value = request.header(header)
    // Unlike Django, a separator between values: ("ab", "") and ("a", "b") must not share a key.
    if (value !== undefined) ctx.update(`${header}\u0000${value}\u0000`)
  }
  return i18nSuffix(`views.decorators.cache.cache_page.${keyPrefix}.${method}.${urlHash(request)}.${ctx.digest('hex')}`)
}

/** Options of {@link getCacheKey} and {@link learnCacheKey}. */
export interface PageKeyOptions {
  /** Default `CACHE_MIDDLEWARE_KEY_PREFIX`. */
  readonly keyPrefix?: string
  /** Default `caches.get(CACHE_MIDDLEWARE_ALIAS)`. */
  readonly cache?: BaseCache
}

/**
 * The key a cached page for this request would be under, or `null` when no response for the URL
 * was learned yet (Django's `get_cache_key`).
 * @param method - `GET` (default) or `HEAD`.
 */
export async function getCacheKey(request: Request, options: PageKeyOptions & { readonly method?: string } = {}): Promise<string | null> {
  const keyPrefix = options.keyPrefix ?? settings.CACHE_MIDDLEWARE_KEY_PREFIX
  const cache = options.cache ?? caches.get(settings.CACHE_MIDDLEWARE_ALIAS)
  const headerList = await cache.get<string[]>(headerKey(keyPrefix, request))
  return Array.isArray(headerList) ? pageKey(request, options.method ?? 'GET', headerList, keyPrefix) : null
}

/**
 * Records which request headers the response varies on (its `Vary` header) for the URL, and returns
 * the key to store the page under (Django's `learn_cache_key`).
 * @param cacheTimeout - how long to keep the header list, in seconds; default `CACHE_MIDDLEWARE_SECONDS`.
 */
export async function learnCacheKey(request: Request, response: BaseResponse, cacheTimeout?: Timeout, options: PageKeyOptions = {}): Promise<string> {
  const keyPrefix = options.keyPrefix ?? settings.CACHE_MIDDLEWARE_KEY_PREFIX
  const cache = options.cache ?? caches.get(settings.CACHE_MIDDLEWARE_ALIAS)
  const timeout = cacheTimeout === undefined ? settings.CACHE_MIDDLEWARE_SECONDS : cacheTimeout
  const vary = response.headers.get('vary')
  const headerList = vary === undefined ? [] : [...new Set(vary.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))].sort()
  await cache.set(headerKey(keyPrefix, request), headerList, timeout)
  return pageKey(request, request.method, headerList, keyPrefix)
}
