/**
 * Host header validation (as Django's `split_domain_port` and `validate_host`).
 *
 * @module
 * @internal
 */

/** Splits `host[:port]` and returns the lower-cased domain, or `null` when malformed (as Django's `split_domain_port`). */
export function splitDomainPort(host: string): string | null {
  const lower = host.toLowerCase()
  if (!/^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/.test(lower)) return null
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1)
  const colon = lower.lastIndexOf(':')
  const domain = colon < 0 ? lower : lower.slice(0, colon)
  return domain.endsWith('.') ? domain.slice(0, -1) : domain
}

/** Django's `validate_host`: exact names, `.example.com` for a domain and its subdomains, `*` for any. */
export function isAllowedHost(domain: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    const p = pattern.toLowerCase()
    if (p === '*' || p === domain) return true
    if (p.startsWith('.') && (domain.endsWith(p) || domain === p.slice(1))) return true
  }
  return false
}
