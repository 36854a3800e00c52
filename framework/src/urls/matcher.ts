/**
 * Compiling a flattened route into what the trie needs: the leading path segments (static text,
 * or parameters whose converter cannot match `/`) and, when the route has a part a segment cannot
 * hold (`<path:...>`, a custom converter that may match `/`, a `rePath()` regex), a tail matcher
 * run on the rest of the path.
 *
 * @module
 * @internal
 */
import type { RegisteredConverter } from './converters.ts'
import type { LocalePrefixPattern, Pattern, RegexPattern, RouteToken } from './route.ts'

/** How one path segment is matched. @internal */
export type SegmentMatcher =
  | { readonly kind: 'static'; readonly text: string }
  /** The segment is exactly one parameter: test the converter's anchored regex, no captures. */
  | { readonly kind: 'whole'; readonly converter: RegisteredConverter; readonly name: string }
  /** Text and parameters mixed, e.g. `<int:a>-<int:b>.html`: one anchored regex with captures. */
  | { readonly kind: 'mixed'; readonly regex: RegExp; readonly converters: readonly RegisteredConverter[]; readonly names: readonly string[] }

/** A matcher for the rest of a path: the params it captured, or `null`. @internal */
export type TailMatcher = (rest: string) => Record<string, unknown> | null

/** A route compiled for the trie. @internal */
export interface CompiledRoute {
  /** The segments the trie holds, each with its edge key. */
  readonly segments: readonly { readonly key: string; readonly matcher: SegmentMatcher }[]
  /** Matches what follows those segments, or `null` when the route ends at the last segment. */
  readonly tail: TailMatcher | null
  /** The language prefix in front of the segments (an `i18nPatterns()` route), or `null`. */
  readonly locale: LocalePrefixPattern | null
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Splits tokens into path segments at each `/` of their static text. */
function splitSegments(tokens: readonly RouteToken[]): RouteToken[][] {
  const parts: RouteToken[][] = [[]]
  for (const token of tokens) {
    if (token.kind === 'param') {
      parts[parts.length - 1]?.push(token)
      continue
    }
    const pieces = token.text.split('/')
    pieces.forEach((piece, i) => {
      if (i > 0) parts.push([])
      if (piece !== '') parts[parts.length - 1]?.push({ kind: 'static', text: piece })
    })
  }
  return parts
}

const isLocal = (part: readonly RouteToken[]): boolean => part.every((t) => t.kind === 'static' || t.converter.segmentLocal)

function segmentFor(part: readonly RouteToken[]): { key: string; matcher: SegmentMatcher } {
  const key = part.map((t) => (t.kind === 'static' ? t.text : `<${t.converter.name}:${t.name}>`)).join('')
  const only = part[0]
  if (part.length === 0) return { key: '', matcher: { kind: 'static', text: '' } }
  if (part.length === 1 && only?.kind === 'static') return { key, matcher: { kind: 'static', text: only.text } }
  if (part.length === 1 && only?.kind === 'param') return { key, matcher: { kind: 'whole', converter: only.converter, name: only.name } }
  const params = part.filter((t) => t.kind === 'param')
  return {
    key,
    matcher: { kind: 'mixed', regex: new RegExp(`^${tokensSource(part)}$`), converters: params.map((p) => p.converter), names: params.map((p) => p.name) },
  }
}

/** Regex source for tokens: static text escaped, each param as a positional-free named group. */
function tokensSource(tokens: readonly RouteToken[]): string {
  let i = 0
  // Named groups (not positional ones) because a converter's own regex may contain groups.
  return tokens.map((t) => (t.kind === 'static' ? escapeRegex(t.text) : `(?<t${i++}>${t.converter.regex})`)).join('')
}

/** One step of a tail: a run of route tokens, or a `rePath()` regex. */
type Step = (rest: string, params: Record<string, unknown>) => number

function pathStep(tokens: readonly RouteToken[], last: boolean): Step {
  const regex = new RegExp(`^${tokensSource(tokens)}${last ? '$' : ''}`)
  const params = tokens.filter((t) => t.kind === 'param')
  return (rest, out) => {
    const m = regex.exec(rest)
    if (m === null) return -1
    for (let i = 0; i < params.length; i++) {
      const p = params[i]
      const text = m.groups?.[`t${i}`]
      if (p === undefined || text === undefined) return -1
      try {
        out[p.name] = p.converter.toValue(text)
      } catch {
        return -1
      }
    }
    return m[0].length
  }
}

function regexStep(pattern: RegexPattern, last: boolean): Step {
  // Django searches the regex in the rest of the path, but full-matches an endpoint ending in `$`.
  const fullMatch = last && /(^|[^\\])\$$/.test(pattern.jsSource)
  const regex = new RegExp(fullMatch ? `^(?:${pattern.jsSource})` : pattern.jsSource)
  return (rest, out) => {
    const m = regex.exec(rest)
    if (m === null) return -1
    for (const name of pattern.groupNames) {
      const value = m.groups?.[name]
      if (value !== undefined) out[name] = value
    }
    return m.index + m[0].length
  }
}

function localeStep(pattern: LocalePrefixPattern): Step {
  return (rest) => {
    const prefix = pattern.languagePrefix()
    return rest.startsWith(prefix) ? prefix.length : -1
  }
}

/** A matcher running `pieces` in turn on the rest of the path, each on what the previous left. */
function tailFor(tokens: readonly RouteToken[], rest: readonly Pattern[]): TailMatcher {
  const steps: Step[] = []
  const pending: RouteToken[] = [...tokens]
  const flush = (last: boolean): void => {
    if (pending.length > 0 || (last && steps.length === 0)) steps.push(pathStep(pending.splice(0), last))
  }
  rest.forEach((piece, i) => {
    const last = i === rest.length - 1
    if (piece.kind === 'route') {
      pending.push(...piece.tokens)
      if (last) flush(true)
    } else if (piece.kind === 'locale') {
      flush(false)
      steps.push(localeStep(piece))
    } else {
      flush(false)
      steps.push(regexStep(piece, last))
    }
  })
  if (rest.length === 0) flush(true)
  return (text) => {
    const out: Record<string, unknown> = {}
    let remaining = text
    for (const step of steps) {
      const used = step(remaining, out)
      if (used < 0) return null
      remaining = remaining.slice(used)
    }
    return out
  }
}

/** Joins segments back into tokens, with `/` between them. */
function joinSegments(parts: readonly RouteToken[][]): RouteToken[] {
  const out: RouteToken[] = []
  parts.forEach((part, i) => {
    if (i > 0) out.push({ kind: 'static', text: '/' })
    out.push(...part)
  })
  return out
}

/**
 * Compiles a route's pieces: the leading run of `path()` routes is joined into one route (an
 * include's prefix and its routes match as one pattern) and split into segments.
 * @internal
 */
export function compileRoute(pieces: readonly Pattern[]): CompiledRoute {
  const head = pieces[0]
  // The language prefix is matched by the trie's root (it depends on the active language).
  const locale = head?.kind === 'locale' ? head : null
  let first = locale === null ? 0 : 1
  const leading: RouteToken[] = []
  while (first < pieces.length) {
    const piece = pieces[first]
    if (piece?.kind !== 'route') break
    leading.push(...piece.tokens)
    first++
  }
  const rest = pieces.slice(first)
  const parts = splitSegments(leading)
  // With a regex after the leading run, its last segment is unfinished: the regex continues it.
  const complete = rest.length === 0 ? parts.length : parts.length - 1
  let trieCount = 0
  while (trieCount < complete && isLocal(parts[trieCount] ?? [])) trieCount++
  const segments = parts.slice(0, trieCount).map(segmentFor)
  if (trieCount === parts.length && rest.length === 0) return { segments, tail: null, locale }
  return { segments, tail: tailFor(joinSegments(parts.slice(trieCount)), rest), locale }
}

/**
 * A matcher for a whole route, from the start of the path without its leading `/`; `reverse()`
 * uses it to check that what it built resolves back.
 * @internal
 */
export function fullMatcher(pieces: readonly Pattern[]): TailMatcher {
  return tailFor([], pieces)
}
