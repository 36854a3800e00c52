/**
 * Cookies: parsing the `Cookie` request header and serializing `Set-Cookie` (RFC 6265).
 *
 * @module
 */

/** Options for `HttpResponse.setCookie`, as Django's `set_cookie`. */
export interface CookieOptions {
  /** Lifetime in seconds; sets `Max-Age` and `Expires`. */
  readonly maxAge?: number
  /** Absolute expiry. */
  readonly expires?: Date
  /** Default `/`. */
  readonly path?: string
  readonly domain?: string
  readonly secure?: boolean
  readonly httpOnly?: boolean
  /** `Lax`, `Strict` or `None`. */
  readonly sameSite?: 'Lax' | 'Strict' | 'None'
}

/** A cookie to set, as kept on a response until it is written. */
export interface SetCookie extends CookieOptions {
  readonly name: string
  readonly value: string
}

// RFC 6265 §4.1.1 cookie-name is an RFC 9110 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Parses a `Cookie` header into name → value. Malformed pairs are skipped (browsers send junk; it
 * must never fail a request); values are percent-decoded when they decode cleanly.
 *
 * @param header - the raw header, or `undefined`.
 * @returns a null-prototype record; the first occurrence of a name wins.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (!name || name in out) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value)
      } catch {
        // keep the raw value: a stray % is not worth a failed request
      }
    }
    out[name] = value
  }
  return out
}

/**
 * Serializes one cookie for a `Set-Cookie` header.
 * @throws TypeError when the name is not an RFC 6265 token.
 */
export function serializeCookie(cookie: SetCookie): string {
  if (!TOKEN.test(cookie.name)) throw new TypeError(`Cookie name ${JSON.stringify(cookie.name)} is not a valid token.`)
  let out = `${cookie.name}=${encodeURIComponent(cookie.value)}`
  if (cookie.maxAge !== undefined) {
    out += `; Max-Age=${Math.floor(cookie.maxAge)}`
    const expires = cookie.expires ?? new Date(Date.now() + cookie.maxAge * 1000)
    out += `; Expires=${expires.toUTCString()}`
  } else if (cookie.expires !== undefined) {
    out += `; Expires=${cookie.expires.toUTCString()}`
  }
  if (cookie.domain) out += `; Domain=${cookie.domain}`
  out += `; Path=${cookie.path ?? '/'}`
  if (cookie.secure) out += '; Secure'
  if (cookie.httpOnly) out += '; HttpOnly'
  if (cookie.sameSite) out += `; SameSite=${cookie.sameSite}`
  return out
}
