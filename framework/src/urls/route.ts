/**
 * Route syntax: parsing `articles/<int:year>/<slug:slug>/` (Django's `path()` syntax) into tokens,
 * and checking `rePath()` regular expressions, both at definition time.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import type { RegisteredConverter } from './converters.ts'
import { getConverter } from './converters.ts'

/** Literal text of a route. */
export interface StaticToken {
  readonly kind: 'static'
  readonly text: string
}

/** A `<converter:name>` parameter of a route. */
export interface ParamToken {
  readonly kind: 'param'
  /** The parameter name the view receives. */
  readonly name: string
  /** The converter, looked up when the route was defined (as Django does). */
  readonly converter: RegisteredConverter
}

/** One piece of a parsed route. */
export type RouteToken = StaticToken | ParamToken

/** A `path()` route, parsed. Plain and frozen. */
export interface RoutePattern {
  readonly kind: 'route'
  /** The route as written, e.g. `articles/<int:year>/`. */
  readonly source: string
  readonly tokens: readonly RouteToken[]
}

/** A `rePath()` regular expression, checked. Plain and frozen. */
export interface RegexPattern {
  readonly kind: 'regex'
  /** The regex as written (Python syntax such as `(?P<name>...)` allowed). */
  readonly source: string
  /** The JavaScript regex source it was translated to. */
  readonly jsSource: string
  /** The named groups, in order: the params a match gives. */
  readonly groupNames: readonly string[]
}

/**
 * The language prefix of an `i18nPatterns()` group (Django's `LocalePrefixPattern`): it matches,
 * and `reverse()` writes, `<active language>/`, or nothing for the default language when
 * `prefixDefaultLanguage` is off. Only allowed at the top of the root URLconf.
 */
export interface LocalePrefixPattern {
  readonly kind: 'locale'
  /** Always `''`: the prefix depends on the active language, so displayed routes leave it out. */
  readonly source: ''
  /** Whether the default language (`LANGUAGE_CODE`) gets a prefix too. */
  readonly prefixDefaultLanguage: boolean
  /** The prefix for the active language now: `ru/`, or `''`. */
  readonly languagePrefix: () => string
}

/** The pattern part of a URL entry. */
export type Pattern = RoutePattern | RegexPattern | LocalePrefixPattern

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Parses a `path()` route.
 *
 * @param route - e.g. `articles/<int:year>/`; no leading slash; `<name>` means `<str:name>`.
 * @throws {@link ImproperlyConfigured} naming the route for an unknown converter, an unclosed `<`,
 *   a parameter name that is not an identifier, a name used twice, or a leading `/`.
 * @internal
 */
export function parseRoute(route: string): RoutePattern {
  if (typeof route !== 'string') throw new ImproperlyConfigured(`A URL route must be a string, got ${String(route)}.`)
  const where = `URL route ${JSON.stringify(route)}`
  if (route.startsWith('/')) {
    throw new ImproperlyConfigured(`${where} starts with '/'. Routes are written without a leading slash (the request path's leading slash is implied): write ${JSON.stringify(route.replace(/^\/+/, ''))}.`)
  }
  const tokens: RouteToken[] = []
  const seen = new Set<string>()
  let text = ''
  let i = 0
  while (i < route.length) {
    const open = route.indexOf('<', i)
    const close = route.indexOf('>', i)
    if (close >= 0 && (open < 0 || close < open)) throw new ImproperlyConfigured(`${where} has a '>' without a matching '<' at position ${close}.`)
    if (open < 0) {
      text += route.slice(i)
      break
    }
    text += route.slice(i, open)
    const end = route.indexOf('>', open)
    if (end < 0) throw new ImproperlyConfigured(`${where} has a '<' without a closing '>' at position ${open}.`)
    const inner = route.slice(open + 1, end)
    if (inner.includes('<')) throw new ImproperlyConfigured(`${where} has a '<' inside a parameter at position ${open}.`)
    const colon = inner.indexOf(':')
    const converterName = colon < 0 ? 'str' : inner.slice(0, colon)
    const name = colon < 0 ? inner : inner.slice(colon + 1)
    if (!IDENTIFIER.test(name)) throw new ImproperlyConfigured(`${where} uses parameter name ${JSON.stringify(name)} in <${inner}>, which is not an identifier (no spaces, starts with a letter or _).`)
    const converter = getConverter(converterName)
    if (converter === undefined) throw new ImproperlyConfigured(`${where} uses unknown converter ${JSON.stringify(converterName)} in <${inner}>. Built-ins are str, int, slug, uuid and path; register others with registerConverter() before defining the route.`)
    if (seen.has(name)) throw new ImproperlyConfigured(`${where} uses the parameter name ${JSON.stringify(name)} more than once.`)
    seen.add(name)
    if (text !== '') tokens.push({ kind: 'static', text })
    text = ''
    tokens.push({ kind: 'param', name, converter })
    i = end + 1
  }
  if (text !== '') tokens.push({ kind: 'static', text })
  return Object.freeze({ kind: 'route', source: route, tokens: Object.freeze(tokens) })
}

/**
 * Checks and translates a `rePath()` regex. Python's `(?P<name>...)`, `(?P=name)` and `\Z` become
 * JavaScript's `(?<name>...)`, `\k<name>` and `$`, so patterns copied from Django work.
 *
 * @throws {@link ImproperlyConfigured} naming the regex when it does not compile.
 * @internal
 */
export function parseRegex(regex: string): RegexPattern {
  if (typeof regex !== 'string') throw new ImproperlyConfigured(`A URL regex must be a string, got ${String(regex)}.`)
  const jsSource = regex
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\Z/g, '$1$')
  let compiled: RegExp
  try {
    compiled = new RegExp(jsSource)
  } catch (error) {
    throw new ImproperlyConfigured(`URL regex ${JSON.stringify(regex)} is not a valid regular expression: ${(error as Error).message}`, { cause: error })
  }
  void compiled
  const groupNames = [...jsSource.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] ?? '')
  return Object.freeze({ kind: 'regex', source: regex, jsSource, groupNames: Object.freeze(groupNames) })
}
