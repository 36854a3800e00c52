/**
 * HTTP caching headers (Django's `django.utils.cache` helpers and `never_cache`): patch
 * `Cache-Control`, `Vary` and `Expires` on a response.
 *
 * @module
 */
import type { BaseResponse } from '../http/response.ts'
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'
import { settings } from '../core/settings.ts'

/** Django's `cc_delim_re`: commas with optional spaces. */
const DELIMITER = /\s*,\s*/

/** A directive's value: `true` for a bare directive (`no-store`), `false` to remove it, or its argument. */
export type CacheControlValue = boolean | number | string

function splitList(value: string | undefined): string[] {
  return value === undefined || value.trim() === '' ? [] : value.trim().split(DELIMITER).filter(Boolean)
}

function parseDirective(field: string): [string, string | true] {
  const eq = field.indexOf('=')
  return eq < 0 ? [field.toLowerCase(), true] : [field.slice(0, eq).toLowerCase(), field.slice(eq + 1)]
}

/** `maxAge` / `max_age` / `max-age` → `max-age`. */
function directiveName(name: string): string {
  return name.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/**
 * Adds or changes `Cache-Control` directives, keeping the others (Django's `patch_cache_control`).
 * Names may be camelCase (`maxAge`, `noStore`), Django's snake_case or the header's own. As Django:
 * a new `max-age` never raises an existing one (the smaller wins), `private` and `public` replace
 * each other, and `no-cache` may list several field names. `false` removes a directive (Tango's addition).
 * @example `patchCacheControl(response, { public: true, maxAge: 3600 })` → `public, max-age=3600`
 */
export function patchCacheControl(response: BaseResponse, directives: Readonly<Record<string, CacheControlValue>>): void {
  const cc = new Map<string, string | true | Set<string | true>>()
  for (const field of splitList(response.headers.get('cache-control'))) {
    const [name, value] = parseDirective(field)
    if (name === 'no-cache') {
      const set = cc.get(name)
      if (set instanceof Set) set.add(value)
      else cc.set(name, new Set([value]))
    } else {
      cc.set(name, value)
    }
  }
  const wanted = new Map<string, CacheControlValue>()
  for (const [key, value] of Object.entries(directives)) wanted.set(directiveName(key), value)
  const newMaxAge = wanted.get('max-age')
  const oldMaxAge = cc.get('max-age')
  if (typeof oldMaxAge === 'string' && typeof newMaxAge === 'number' && /^\d+$/.test(oldMaxAge)) wanted.set('max-age', Math.min(Number(oldMaxAge), newMaxAge))
  if (cc.has('private') && wanted.has('public')) cc.delete('private')
  else if (cc.has('public') && wanted.has('private')) cc.delete('public')
  for (const [name, value] of wanted) {
    if (value === false) {
      cc.delete(name)
      continue
    }
    const v = value === true ? true : String(value)
    if (name === 'no-cache') {
      const set = cc.get(name)
      if (set instanceof Set) set.add(v)
      else cc.set(name, new Set([v]))
    } else {
      cc.set(name, v)
    }
  }
  const out: string[] = []
  for (const [name, value] of cc) {
    if (value instanceof Set) {
      if (value.has(true)) out.push(name)
      else for (const v of value) out.push(`${name}=${String(v)}`)
    } else {
      out.push(value === true ? name : `${name}=${value}`)
    }
  }
  response.headers.set('cache-control', out.join(', '))
}

/**
 * The `max-age` of the response's `Cache-Control`, in seconds, or `null` when absent or not an
 * integer (Django's `get_max_age`).
 */
export function getMaxAge(response: BaseResponse): number | null {
  for (const field of splitList(response.headers.get('cache-control'))) {
    const [name, value] = parseDirective(field)
    if (name === 'max-age' && typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  }
  return null
}

/** Whether the response's `Cache-Control` holds `directive` (e.g. `private`, `no-store`). */
export function hasCacheControl(response: BaseResponse, directive: string): boolean {
  const wanted = directive.toLowerCase()
  return splitList(response.headers.get('cache-control')).some((field) => parseDirective(field)[0] === wanted)
}

/**
 * Adds `Expires` (unless set) and `Cache-Control: max-age` for `cacheTimeout` seconds (Django's
 * `patch_response_headers`).
 * @param cacheTimeout - seconds; default `CACHE_MIDDLEWARE_SECONDS`; negative counts as 0.
 */
export function patchResponseHeaders(response: BaseResponse, cacheTimeout: number = settings.CACHE_MIDDLEWARE_SECONDS): void {
  const seconds = Math.max(0, Math.floor(cacheTimeout))
  if (!response.headers.has('expires')) response.headers.set('expires', new Date(Date.now() + seconds * 1000).toUTCString())
  patchCacheControl(response, { maxAge: seconds })
}

/**
 * Adds header names to `Vary`, keeping those present (compared case-insensitively); a `*` anywhere
 * makes it `Vary: *` (Django's `patch_vary_headers`).
 * @example `patchVaryHeaders(response, ['Cookie', 'Accept-Language'])`
 */
export function patchVaryHeaders(response: BaseResponse, newHeaders: readonly string[]): void {
  const vary = splitList(response.headers.get('vary'))
  const existing = new Set(vary.map((h) => h.toLowerCase()))
  for (const header of newHeaders) {
    if (existing.has(header.toLowerCase())) continue
    existing.add(header.toLowerCase())
    vary.push(header)
  }
  response.headers.set('vary', vary.includes('*') ? '*' : vary.join(', '))
}

/** Whether the response's `Vary` names `header` (case-insensitive; Django's `has_vary_header`). */
export function hasVaryHeader(response: BaseResponse, header: string): boolean {
  const wanted = header.toLowerCase()
  return splitList(response.headers.get('vary')).some((h) => h.toLowerCase() === wanted)
}

/**
 * Marks a response as never to be cached (Django's `add_never_cache_headers`): `Expires` now and
 * `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`.
 */
export function addNeverCacheHeaders(response: BaseResponse): void {
  patchResponseHeaders(response, -1)
  patchCacheControl(response, { noCache: true, noStore: true, mustRevalidate: true, private: true })
}

/**
 * Wraps a view so its responses are never cached, by browsers or by Tango's cache middleware
 * (Django's `@never_cache`).
 * @example `path('account/', neverCache(accountView))`
 */
export function neverCache<P>(view: (request: Request, params: P) => Response | Promise<Response>): (request: Request, params: P) => Promise<Response> {
  return async function neverCached(request, params) {
    const response = await view(request, params)
    addNeverCacheHeaders(response)
    return response
  }
}
