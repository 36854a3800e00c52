/**
 * Django's `url_has_allowed_host_and_scheme`: whether a redirect target (a `next` parameter) stays on
 * this site, so a login link cannot send users elsewhere (an open redirect).
 *
 * @module
 */

// Django refuses a URL starting with a control character; any control character is refused here.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/

function check(url: string, allowedHosts: ReadonlySet<string>, requireHttps: boolean): boolean {
  // '///evil.com' is '//evil.com' to browsers.
  if (url.startsWith('///') || CONTROL.test(url)) return false
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase()
  const rest = scheme === undefined ? url : url.slice(scheme.length + 1)
  const netloc = rest.startsWith('//') ? (rest.slice(2).split(/[/?#]/)[0] ?? '') : ''
  // 'javascript:...', 'http:/evil.com': a scheme without a host is never a path on this site.
  if (netloc === '' && scheme !== undefined) return false
  if (netloc !== '' && !allowedHosts.has(netloc.toLowerCase())) return false
  if (scheme === undefined) return true
  return requireHttps ? scheme === 'https' : scheme === 'http' || scheme === 'https'
}

/**
 * True when `url` is a relative URL or an absolute one on one of `allowedHosts` (host with optional
 * port, as `request.getHost()` returns it) with an `http`/`https` scheme (only `https` with
 * `requireHttps`). Empty, protocol-relative to another host (`//evil.com`), `///evil.com`,
 * backslash tricks (`\\evil.com`, `/\evil.com`, which browsers read as `//`), `javascript:` and
 * URLs with control characters are refused.
 */
export function urlHasAllowedHostAndScheme(url: string | null | undefined, allowedHosts: Iterable<string>, requireHttps = false): boolean {
  if (url === null || url === undefined) return false
  const trimmed = url.trim()
  if (trimmed === '') return false
  const hosts = new Set([...allowedHosts].map((h) => h.toLowerCase()))
  // Browsers treat backslashes as slashes: check both readings.
  return check(trimmed, hosts, requireHttps) && check(trimmed.replaceAll('\\', '/'), hosts, requireHttps)
}
