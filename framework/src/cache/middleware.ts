/**
 * The per-site cache (Django's `UpdateCacheMiddleware`, `FetchFromCacheMiddleware` and
 * `CacheMiddleware`) and the per-view one (`cachePage`, Django's `@cache_page`).
 *
 * Put `UpdateCacheMiddleware` first in `MIDDLEWARE` and `FetchFromCacheMiddleware` last:
 * ```ts
 * MIDDLEWARE: [UpdateCacheMiddleware, SecurityMiddleware, SessionMiddleware, ..., FetchFromCacheMiddleware]
 * ```
 * Only GET and HEAD requests are answered from the cache, and only 200 responses that are not
 * streaming, not `Cache-Control: private / no-store / no-cache`, not `max-age=0` and not `Vary: *`
 * are stored. A response that sets a cookie in answer to a request without cookies, while varying on
 * `Cookie`, is not stored either (Django's rule: it is somebody's new session).
 *
 * These are plain middleware factories (the shape `tango/handler`'s `Middleware` describes), kept
 * here because the cache is below the middleware layer.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import type { Request } from '../http/request.ts'
import { HttpResponse } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import type { SetCookie } from '../http/cookies.ts'
import type { BaseCache } from './base.ts'
import { caches } from './handler.ts'
import { getCacheKey, learnCacheKey } from './page-keys.ts'
import { getMaxAge, hasCacheControl, hasVaryHeader, patchResponseHeaders } from './response-headers.ts'

/** The rest of the chain, as `tango/handler`'s `GetResponse`. */
export type GetResponse = (request: Request) => Response | Promise<Response>

/** A middleware factory; assignable to `tango/handler`'s `Middleware`. */
export type CacheMiddlewareFactory = (getResponse: GetResponse) => (request: Request) => Promise<Response>

/** Options of {@link cacheMiddleware} and {@link cachePage}. */
export interface CacheMiddlewareOptions {
  /** The `CACHES` alias; default `CACHE_MIDDLEWARE_ALIAS`. */
  readonly cache?: string
  /** Prefix of the page keys; default `CACHE_MIDDLEWARE_KEY_PREFIX`. */
  readonly keyPrefix?: string
  /**
   * Seconds to keep pages, overriding the response's `max-age` (Django's `page_timeout`, what
   * `cache_page(seconds)` sets). Without it, a response's `max-age` is used, else `cacheTimeout`.
   */
  readonly pageTimeout?: number
  /** Seconds when neither `pageTimeout` nor `max-age` say; default `CACHE_MIDDLEWARE_SECONDS`. */
  readonly cacheTimeout?: number
}

/** A response as stored: plain data the safe serializer takes. */
interface StoredResponse {
  readonly status: number
  readonly reason: string
  readonly headers: [string, string][]
  readonly cookies: SetCookie[]
  readonly content: string | Uint8Array
}

function store(response: HttpResponse): StoredResponse {
  return { status: response.status, reason: response.reason, headers: [...response.headers], cookies: [...response.cookies.values()], content: response.content }
}

function restore(value: unknown): HttpResponse | null {
  if (typeof value !== 'object' || value === null) return null
  const stored = value as Partial<StoredResponse>
  if (typeof stored.status !== 'number' || !Array.isArray(stored.headers) || (typeof stored.content !== 'string' && !(stored.content instanceof Uint8Array))) return null
  const response = new HttpResponse(stored.content, { status: stored.status, ...(stored.reason === undefined ? {} : { reason: stored.reason }) })
  response.headers.delete('content-type')
  for (const [name, v] of stored.headers) response.headers.set(name, v)
  for (const cookie of stored.cookies ?? []) response.cookies.set(cookie.name, cookie)
  return response
}

/** Whether the fetch phase asked the update phase to store the response (Django's `request._cache_update_cache`). */
const updateCache = new WeakMap<Request, boolean>()

interface Config {
  readonly cache: () => BaseCache
  readonly keyPrefix: string
  readonly pageTimeout: number | null
  readonly cacheTimeout: number
}

function config(options: CacheMiddlewareOptions): Config {
  const alias = options.cache ?? settings.CACHE_MIDDLEWARE_ALIAS
  return {
    cache: () => caches.get(alias),
    keyPrefix: options.keyPrefix ?? settings.CACHE_MIDDLEWARE_KEY_PREFIX,
    pageTimeout: options.pageTimeout ?? null,
    cacheTimeout: options.cacheTimeout ?? settings.CACHE_MIDDLEWARE_SECONDS,
  }
}

/** Django's `FetchFromCacheMiddleware.process_request`: the cached page, or `null`. */
async function fetchFromCache(request: Request, c: Config): Promise<Response | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    updateCache.set(request, false)
    return null
  }
  const cache = c.cache()
  const keyOptions = { keyPrefix: c.keyPrefix, cache }
  const key = await getCacheKey(request, { ...keyOptions, method: 'GET' })
  if (key === null) {
    updateCache.set(request, true)
    return null
  }
  let response = restore(await cache.get(key))
  if (response === null && request.method === 'HEAD') {
    const headKey = await getCacheKey(request, { ...keyOptions, method: 'HEAD' })
    if (headKey !== null) response = restore(await cache.get(headKey))
  }
  if (response === null) {
    updateCache.set(request, true)
    return null
  }
  // The age estimate: how much of max-age has passed since the page was stored (Django's Age header).
  const maxAge = getMaxAge(response)
  const expires = Date.parse(response.headers.get('expires') ?? '')
  if (maxAge !== null && !Number.isNaN(expires)) {
    const remaining = Math.floor((expires - Date.now()) / 1000)
    response.headers.set('age', String(Math.max(0, maxAge - remaining)))
  }
  updateCache.set(request, false)
  return response
}

/** Django's `UpdateCacheMiddleware.process_response`: store the response when allowed; returns it. */
async function updateCacheWith(request: Request, response: Response, c: Config): Promise<Response> {
  if (updateCache.get(request) !== true) return response
  if (response.streaming || (response.status !== 200 && response.status !== 304)) return response
  if (Object.keys(request.cookies).length === 0 && response.cookies.size > 0 && hasVaryHeader(response, 'Cookie')) return response
  if (hasCacheControl(response, 'private') || hasCacheControl(response, 'no-store') || hasCacheControl(response, 'no-cache')) return response
  if (hasVaryHeader(response, '*')) return response
  let timeout = c.pageTimeout
  if (timeout === null) {
    const maxAge = getMaxAge(response)
    if (maxAge === 0) return response
    timeout = maxAge ?? c.cacheTimeout
  }
  patchResponseHeaders(response, timeout)
  if (timeout > 0 && response.status === 200) {
    const cache = c.cache()
    const key = await learnCacheKey(request, response, timeout, { keyPrefix: c.keyPrefix, cache })
    await cache.set(key, store(response), timeout)
  }
  return response
}

/**
 * The response phase of the per-site cache (Django's `UpdateCacheMiddleware`): stores responses of
 * requests `FetchFromCacheMiddleware` found no page for. Put it FIRST in `MIDDLEWARE`, so it sees
 * the response after every other middleware (`Vary: Cookie` from sessions, and so on).
 */
export const UpdateCacheMiddleware: CacheMiddlewareFactory = (getResponse) => {
  const c = config({})
  return async function updateCacheMiddleware(request) {
    return updateCacheWith(request, await getResponse(request), c)
  }
}

/**
 * The request phase of the per-site cache (Django's `FetchFromCacheMiddleware`): answers GET and
 * HEAD from the cache. Put it LAST in `MIDDLEWARE`.
 */
export const FetchFromCacheMiddleware: CacheMiddlewareFactory = (getResponse) => {
  const c = config({})
  return async function fetchFromCacheMiddleware(request) {
    return (await fetchFromCache(request, c)) ?? getResponse(request)
  }
}

/**
 * Both phases in one middleware, with options (Django's `CacheMiddleware`). For a whole site prefer
 * the pair, which lets the other middleware run inside; this suits one sub-tree or a single view.
 * @example `MIDDLEWARE: [..., cacheMiddleware({ pageTimeout: 60, keyPrefix: 'site' })]`
 */
export function cacheMiddleware(options: CacheMiddlewareOptions = {}): CacheMiddlewareFactory {
  return (getResponse) => {
    const c = config(options)
    return async function cacheMiddlewareHandler(request) {
      const cached = await fetchFromCache(request, c)
      if (cached !== null) return cached
      return updateCacheWith(request, await getResponse(request), c)
    }
  }
}

/** `CacheMiddleware` with the `CACHE_MIDDLEWARE_*` settings (Django's `CacheMiddleware` without arguments). */
export const CacheMiddleware: CacheMiddlewareFactory = (getResponse) => cacheMiddleware()(getResponse)

/**
 * Caches a view's responses for `seconds` (Django's `@cache_page`): the first GET renders, the next
 * ones within `seconds` are served from the cache (per URL and per value of the `Vary` headers).
 * The timeout overrides the response's own `max-age`, and the response gets `Expires` and
 * `Cache-Control: max-age=<seconds>`.
 * @param seconds - how long pages are kept.
 * @param options - `cache` (alias) and `keyPrefix`.
 * @example `path('news/', cachePage(60 * 15)(newsView))`
 */
export function cachePage(seconds: number, options: Omit<CacheMiddlewareOptions, 'pageTimeout' | 'cacheTimeout'> = {}) {
  return function decorate<P>(view: (request: Request, params: P) => Response | Promise<Response>): (request: Request, params: P) => Promise<Response> {
    let c: Config | null = null
    return async function cachedPage(request, params) {
      c ??= config({ ...options, pageTimeout: seconds, cacheTimeout: seconds })
      const cached = await fetchFromCache(request, c)
      if (cached !== null) return cached
      return updateCacheWith(request, await view(request, params), c)
    }
  }
}
