/**
 * URLs of static files, as Django's `static()` / `{% static %}`.
 *
 * @module
 */
import { settings } from '../core/settings.ts'

/** Maps a static file's path to its URL; the staticfiles app installs one for hashed names. */
export type StaticUrlResolver = (path: string) => string

let resolver: StaticUrlResolver | null = null

/**
 * Percent-encodes `text` as Python's `urllib.parse.quote`: everything but letters, digits, `_.-~`
 * and the characters in `safe` (default `/`).
 */
export function urlQuote(text: string, safe = '/'): string {
  let out = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  for (const ch of new Set(safe)) {
    if (/[A-Za-z0-9_.\-~]/.test(ch)) continue
    const encoded = encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    if (encoded !== ch) out = out.split(encoded).join(ch)
  }
  return out
}

/**
 * The URL of a static file: `settings.STATIC_URL` joined with the quoted path (as Django's
 * `static()`), or what the installed {@link StaticUrlResolver} returns.
 *
 * @param path - relative to the static folders, e.g. `css/site.css`; a leading `/` is ignored.
 * @returns e.g. `/static/css/site.css`.
 * @example `staticUrl('css/site.css')` → `/static/css/site.css`
 */
export function staticUrl(path: string): string {
  const relative = path.replace(/^\/+/, '')
  if (resolver !== null) return resolver(relative)
  const base = settings.STATIC_URL.endsWith('/') ? settings.STATIC_URL : `${settings.STATIC_URL}/`
  return base + urlQuote(relative)
}

/**
 * Replaces how {@link staticUrl} builds URLs (the staticfiles app uses it for hashed, cacheable names);
 * `null` restores the default.
 */
export function setStaticUrlResolver(value: StaticUrlResolver | null): void {
  resolver = value
}
