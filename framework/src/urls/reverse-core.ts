/**
 * Reversing: from a route name and params back to a path, as Django's `reverse()`, within one
 * resolver's namespace scopes. The public `reverse()` (in `reverse.ts`) picks the resolver.
 *
 * @module
 * @internal
 */
import { NoReverseMatch } from './errors.ts'
import type { FlatRoute, Scope } from './flatten.ts'
import { fullMatcher } from './matcher.ts'
import type { TailMatcher } from './matcher.ts'
import type { RegexPattern } from './route.ts'

/** Query parameters for {@link ReverseOptions.query}: lists repeat the key, as Django's `doseq`. */
export type QueryInput =
  | URLSearchParams
  | string
  | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>>

/** Options of `reverse()`. */
export interface ReverseOptions {
  /** Appended as `?a=1&b=2` (Django 5.2's `query`); `null`/`undefined` values are left out. */
  readonly query?: QueryInput
  /** Appended as `#fragment`, percent-encoded. */
  readonly fragment?: string
  /**
   * The current instance namespace path (Django's `current_app`), e.g. `request.resolverMatch`'s
   * namespaces joined by `:`; picks which instance an application namespace means.
   */
  readonly currentApp?: string
}

/** Params for `reverse()`: converted values, given to each converter's `toUrl`. */
export type ReverseParams = Readonly<Record<string, unknown>>

/** A regex turned into literal text and named-group holes, or `null` when it is not reversible. */
type RegexTemplate = readonly (string | { readonly name: string; readonly test: RegExp })[] | null

const templates = new WeakMap<RegexPattern, RegexTemplate>()
const matchers = new WeakMap<FlatRoute, TailMatcher>()

/**
 * Reverses `viewname` (`name` or `ns:...:name`) in `root`.
 * @throws {@link NoReverseMatch} naming the route and the params expected versus given.
 * @internal
 */
export function reverseInScope(root: Scope, viewname: string, params: ReverseParams, options: ReverseOptions): string {
  const parts = viewname.split(':')
  const name = parts.pop() ?? ''
  let currentPath = options.currentApp ? options.currentApp.split(':') : null
  let scope = root
  for (const requested of parts) {
    let ns = requested
    const currentNs = currentPath?.shift()
    const instances = scope.appDict.get(ns)
    if (instances) {
      if (currentNs !== undefined && instances.includes(currentNs)) ns = currentNs
      // No instance is named after the app: use the last one deployed, as Django does.
      else if (!instances.includes(ns)) ns = instances[instances.length - 1] ?? ns
    }
    if (ns !== currentNs) currentPath = null
    const child = scope.namespaceDict.get(ns)
    if (!child) {
      const inside = scope.path.length ? ` inside '${scope.path.join(':')}'` : ''
      throw new NoReverseMatch(`Reverse for '${viewname}' failed: '${requested}' is not a registered namespace${inside}.`)
    }
    scope = child
  }
  const candidates = scope.names.get(name)
  if (!candidates) {
    const elsewhere = [...new Set(namedElsewhere(root, name))].slice(0, 5)
    const hint = elsewhere.length ? ` Routes with that name exist as ${elsewhere.map((n) => `'${n}'`).join(', ')}.` : ''
    throw new NoReverseMatch(`Reverse for '${viewname}' not found: '${name}' is not a route name${scope.path.length ? ` in namespace '${scope.path.join(':')}'` : ''}.${hint}`)
  }
  const reasons: string[] = []
  // The last route declared with a name is tried first, as Django documents.
  for (let i = candidates.length - 1; i >= 0; i--) {
    const route = candidates[i] as FlatRoute
    const result = build(route, params)
    if (typeof result === 'string') return finish(result, options)
    reasons.push(`'${route.route}' (${result.reason})`)
  }
  const count = reasons.length
  throw new NoReverseMatch(
    `Reverse for '${viewname}' with params ${describeParams(params)} not found. ${count} pattern${count === 1 ? '' : 's'} tried: ${reasons.join('; ')}.`,
  )
}

/** The full names of routes called `name` anywhere below `scope`, for a helpful message. */
function namedElsewhere(scope: Scope, name: string): string[] {
  const here = (scope.names.get(name) ?? []).map((r) => r.viewName ?? name)
  return [...here, ...[...scope.namespaceDict.values()].flatMap((child) => namedElsewhere(child, name))]
}

function describeParams(params: ReverseParams): string {
  const keys = Object.keys(params)
  return keys.length === 0 ? '{}' : `{ ${keys.map((k) => `${k}: ${JSON.stringify(params[k]) ?? String(params[k])}`).join(', ')} }`
}

/** The path for one route, or why it does not fit the params. */
function build(route: FlatRoute, params: ReverseParams): string | { reason: string } {
  const expected: string[] = []
  for (const piece of route.pieces) {
    if (piece.kind === 'route') for (const t of piece.tokens) if (t.kind === 'param' && !expected.includes(t.name)) expected.push(t.name)
    if (piece.kind === 'regex') for (const g of piece.groupNames) if (!expected.includes(g)) expected.push(g)
  }
  const given = Object.keys(params).filter((k) => params[k] !== undefined)
  const missing = expected.filter((k) => !given.includes(k))
  const extra = given.filter((k) => !expected.includes(k))
  if (missing.length || extra.length) {
    return { reason: `expects params {${expected.join(', ')}}, got {${given.join(', ')}}` }
  }
  let out = ''
  let hasRegex = false
  for (const piece of route.pieces) {
    if (piece.kind === 'locale') {
      out += piece.languagePrefix()
      continue
    }
    if (piece.kind === 'route') {
      for (const t of piece.tokens) {
        if (t.kind === 'static') {
          out += t.text
          continue
        }
        let text: string
        try {
          text = t.converter.toUrl(params[t.name])
        } catch (error) {
          return { reason: `converter '${t.converter.name}' could not convert ${t.name}=${JSON.stringify(params[t.name])}: ${(error as Error).message}` }
        }
        if (typeof text !== 'string' || !t.converter.anchored.test(text)) {
          return { reason: `${t.name}=${JSON.stringify(params[t.name])} does not match <${t.converter.name}:${t.name}> (${t.converter.regex})` }
        }
        out += text
      }
      continue
    }
    hasRegex = true
    const template = regexTemplate(piece)
    if (template === null) return { reason: `the regex ${JSON.stringify(piece.source)} is too complex to reverse` }
    for (const part of template) {
      if (typeof part === 'string') {
        out += part
        continue
      }
      const text = String(params[part.name])
      if (!part.test.test(text)) return { reason: `${part.name}=${JSON.stringify(params[part.name])} does not match its group in ${JSON.stringify(piece.source)}` }
      out += text
    }
  }
  if (hasRegex) {
    // Regex templates drop anchors and assertions: check the result really resolves to this route.
    let matcher = matchers.get(route)
    if (!matcher) matchers.set(route, (matcher = fullMatcher(route.pieces)))
    if (matcher(out) === null) return { reason: `the built path ${JSON.stringify(out)} does not match the pattern` }
  }
  return out
}

/** Percent-encodes a path as Django's `reverse()` does: `/`, `:`, `@` and RFC 3986 sub-delims stay. */
function quotePath(text: string): string {
  // Most paths need no escaping at all: skip the encode-then-undo round trip for them.
  if (PLAIN_PATH.test(text)) return text
  return encodeURIComponent(text).replace(/%(?:2F|3A|40|24|26|2B|2C|3B|3D)/g, decodeURIComponent)
}

/** Characters {@link quotePath} leaves as they are: what `encodeURIComponent` keeps, plus `/ : @ $ & + , ; =`. */
const PLAIN_PATH = /^[A-Za-z0-9\-_.!~*'()/:@$&+,;=]*$/

function finish(path: string, options: ReverseOptions): string {
  let url: string
  try {
    url = '/' + quotePath(path)
  } catch {
    throw new NoReverseMatch(`Reverse produced a path that is not valid Unicode: ${JSON.stringify(path)}.`)
  }
  // '//host' would be read as a scheme-relative URL to another site; Django escapes it the same way.
  if (url.startsWith('//')) url = '/%2F' + url.slice(2)
  const query = options.query === undefined ? '' : queryString(options.query)
  if (query) url += '?' + query
  if (options.fragment !== undefined) url += '#' + encodeURIComponent(options.fragment)
  return url
}

function queryString(query: QueryInput): string {
  if (typeof query === 'string') return query.replace(/^\?/, '')
  if (query instanceof URLSearchParams) return query.toString()
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue
    if (Array.isArray(value)) for (const v of value as readonly unknown[]) search.append(key, String(v))
    else search.append(key, String(value))
  }
  return search.toString()
}

/**
 * Turns a simple regex into literal text and named-group holes: `^archive/(?<year>[0-9]{4})/$`
 * gives `['archive/', {year}, '/']`. Anything beyond literal text and named groups (classes,
 * quantifiers, alternation outside a group) makes it irreversible, as much of it is for Django.
 */
function regexTemplate(pattern: RegexPattern): RegexTemplate {
  if (templates.has(pattern)) return templates.get(pattern) ?? null
  const template = parseTemplate(pattern.jsSource)
  templates.set(pattern, template)
  return template
}

function parseTemplate(source: string): RegexTemplate {
  let src = source.startsWith('^') ? source.slice(1) : source
  if (/(^|[^\\])\$$/.test(src)) src = src.slice(0, -1)
  const out: (string | { name: string; test: RegExp })[] = []
  let text = ''
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string
    if (c === '\\') {
      const next = src[i + 1] ?? ''
      if (!/[^A-Za-z0-9]/.test(next)) return null
      text += next
      i++
      continue
    }
    if (c === '(') {
      const head = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(src.slice(i))
      if (!head) return null
      const end = groupEnd(src, i)
      if (end < 0) return null
      if (/^[?*+{]/.test(src[end + 1] ?? '')) return null // an optional or repeated group has no single value
      const inner = src.slice(i + head[0].length, end)
      if (text) out.push(text)
      text = ''
      out.push({ name: head[1] as string, test: new RegExp(`^(?:${inner})$`) })
      i = end
      continue
    }
    if ('.*+?[]{}|^$)'.includes(c)) return null
    text += c
  }
  if (text) out.push(text)
  return out
}

/** The index of the `)` closing the group opened at `start`. */
function groupEnd(src: string, start: number): number {
  let depth = 0
  let inClass = false
  for (let i = start; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  return -1
}
