/**
 * Which peers may speak for the client through `X-Forwarded-For`: the addresses and CIDR ranges in
 * `FORWARDED_ALLOW_IPS` (gunicorn's `forwarded_allow_ips`).
 *
 * @module
 * @internal
 */
import { BlockList, isIP } from 'node:net'

/** A compiled `FORWARDED_ALLOW_IPS`: `*`, or a set of addresses and ranges. */
interface Matcher {
  readonly any: boolean
  readonly list: BlockList
}

// Settings are frozen and replaced whole by configure(), so the array's identity is a safe cache key.
const compiled = new WeakMap<readonly string[], Matcher>()

function compile(trusted: readonly string[]): Matcher {
  let matcher = compiled.get(trusted)
  if (matcher) return matcher
  const list = new BlockList()
  let any = false
  for (const entry of trusted) {
    if (entry === '*') {
      any = true
      continue
    }
    const slash = entry.indexOf('/')
    const address = slash < 0 ? entry : entry.slice(0, slash)
    const family = isIP(address)
    if (family === 0) continue // not an address: `check` reports it; here it just trusts nothing
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (slash < 0) list.addAddress(address, type)
    else list.addSubnet(address, Number(entry.slice(slash + 1)), type)
  }
  matcher = { any, list }
  compiled.set(trusted, matcher)
  return matcher
}

/**
 * Whether `address` is one of `trusted` (exact addresses, CIDR ranges such as `10.0.0.0/8`, or `*`).
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) count as their IPv4 form.
 * @internal
 */
export function isTrustedProxy(address: string, trusted: readonly string[]): boolean {
  if (trusted.length === 0) return false
  const matcher = compile(trusted)
  if (matcher.any) return true
  const bare = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
  const family = isIP(bare)
  if (family === 0) return false
  return matcher.list.check(bare, family === 4 ? 'ipv4' : 'ipv6')
}
