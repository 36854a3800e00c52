/**
 * Origin and Referer checks for unsafe requests (as Django's `CsrfViewMiddleware._origin_verified`
 * and `_check_referer`), against the request's own host and `CSRF_TRUSTED_ORIGINS`.
 *
 * @module
 * @internal
 */
import { DisallowedHost } from '../../http/errors.ts'
import type { Request } from '../../http/request.ts'
import { REASON_BAD_REFERER, REASON_INSECURE_REFERER, REASON_MALFORMED_REFERER, REASON_NO_REFERER } from './reasons.ts'

/** `CSRF_TRUSTED_ORIGINS` parsed once, in the three shapes the checks use. */
export interface TrustedOrigins {
  /** Origins without a wildcard, compared as whole strings with `Origin`. */
  readonly exact: ReadonlySet<string>
  /** Scheme → host patterns from wildcard entries (`https://*.example.com` → `.example.com`). */
  readonly subdomains: ReadonlyMap<string, readonly string[]>
  /** Every entry's host, wildcard stripped, for the Referer check. */
  readonly hosts: readonly string[]
}

/** Splits `scheme://netloc...` as Python's `urlsplit` does for these checks; `null` when there is no scheme or netloc. */
export function splitOrigin(url: string): { readonly scheme: string; readonly netloc: string } | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url)
  if (match === null || !match[2]) return null
  return { scheme: (match[1] as string).toLowerCase(), netloc: (match[2] as string).toLowerCase() }
}

/**
 * Parses `CSRF_TRUSTED_ORIGINS` (`https://example.com`, `https://*.example.com`, with scheme as
 * Django 4 requires). Entries without a scheme are ignored (they could never match an Origin).
 */
export function parseTrustedOrigins(origins: readonly string[]): TrustedOrigins {
  const exact = new Set<string>()
  const subdomains = new Map<string, string[]>()
  const hosts: string[] = []
  for (const origin of origins) {
    const parts = splitOrigin(origin)
    if (parts === null) continue
    const host = parts.netloc.replace(/^\*+/, '')
    hosts.push(host)
    if (!origin.includes('*')) {
      exact.add(origin.toLowerCase())
      continue
    }
    const list = subdomains.get(parts.scheme) ?? []
    list.push(host)
    subdomains.set(parts.scheme, list)
  }
  return { exact, subdomains, hosts }
}

/**
 * Django's `is_same_domain`: `pattern` `.example.com` matches `example.com` and any subdomain; any
 * other pattern must equal `host`. Ports are part of both strings.
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false
  const p = pattern.toLowerCase()
  const h = host.toLowerCase()
  return (p.startsWith('.') && (h.endsWith(p) || h === p.slice(1))) || h === p
}

/** The request's host, or `null` when it is not allowed (the Origin/Referer then cannot be same-origin). */
function safeHost(request: Request): string | null {
  try {
    return request.getHost()
  } catch (error) {
    if (error instanceof DisallowedHost) return null
    throw error
  }
}

/**
 * Whether the `Origin` header names this site (scheme and host of the request) or a trusted origin
 * (Django's `_origin_verified`).
 */
export function originVerified(request: Request, origin: string, trusted: TrustedOrigins): boolean {
  const host = safeHost(request)
  const lowered = origin.toLowerCase()
  if (host !== null && lowered === `${request.scheme}://${host.toLowerCase()}`) return true
  if (trusted.exact.has(lowered)) return true
  const parts = splitOrigin(origin)
  if (parts === null) return false
  return (trusted.subdomains.get(parts.scheme) ?? []).some((pattern) => isSameDomain(parts.netloc, pattern))
}

/**
 * Django's `_check_referer`, for HTTPS requests without `Origin`: the Referer must be an `https`
 * URL on this host (or on `cookieDomain`, `CSRF_COOKIE_DOMAIN` / `SESSION_COOKIE_DOMAIN`, when set)
 * or on a trusted origin's host.
 * @returns `null` when the Referer passes, else the reason to reject.
 */
export function refererProblem(request: Request, trusted: TrustedOrigins, cookieDomain: string | null): string | null {
  const referer = request.header('referer')
  if (referer === undefined) return REASON_NO_REFERER
  const parts = splitOrigin(referer)
  if (parts === null) return REASON_MALFORMED_REFERER
  if (parts.scheme !== 'https') return REASON_INSECURE_REFERER
  if (trusted.hosts.some((pattern) => isSameDomain(parts.netloc, pattern))) return null
  let good: string | null
  if (cookieDomain === null) {
    good = safeHost(request)
  } else {
    // As Django: the cookie domain carries no port, so add the one the client used unless default.
    const host = safeHost(request) ?? ''
    const port = /:(\d+)$/.exec(host)?.[1]
    good = port === undefined || port === '443' || port === '80' ? cookieDomain : `${cookieDomain}:${port}`
  }
  if (good === null || !isSameDomain(parts.netloc, good)) return REASON_BAD_REFERER(referer)
  return null
}
