/**
 * The segment trie behind `URLResolver.resolve()`.
 *
 * Each node stands for a path prefix cut at `/`. Static segments are `Map` lookups; parameter
 * segments are edges tried in turn; routes the trie cannot split (`<path:...>`, `rePath()`) hang
 * from the deepest node they can reach as tail matchers. Every node knows the lowest declaration
 * index below it, and the search keeps the lowest index matched so far, pruning any branch that
 * cannot beat it: the result is exactly Django's first-match-wins in declaration order, while a
 * path only walks the few branches that can match it.
 *
 * @module
 * @internal
 */
import type { RegisteredConverter } from './converters.ts'
import type { FlatRoute } from './flatten.ts'
import type { CompiledRoute, SegmentMatcher, TailMatcher } from './matcher.ts'
import type { LocalePrefixPattern } from './route.ts'

/** A route reachable at a node. */
interface Leaf {
  readonly route: FlatRoute
  /** Names for the values the trie edges pushed on the way here, in order. */
  readonly names: readonly string[]
  readonly tail: TailMatcher | null
}

interface Edge {
  readonly key: string
  readonly matcher: Exclude<SegmentMatcher, { kind: 'static' }>
  readonly node: TrieNode
}

class TrieNode {
  statics: Map<string, TrieNode> | null = null
  dynamics: Edge[] = []
  endpoint: Leaf | null = null
  tails: Leaf[] = []
  minIndex = Number.POSITIVE_INFINITY
}

/** The result of a search: the winning route and its params. @internal */
export interface TrieMatch {
  readonly route: FlatRoute
  readonly params: Record<string, unknown>
}

/** Builds the trie and answers lookups. @internal */
export class RouteTrie {
  #root = new TrieNode()
  /** The subtrees of `i18nPatterns()` groups, entered through the active language's prefix. */
  #locales = new Map<LocalePrefixPattern, TrieNode>()

  /** Adds a route; call in declaration order. */
  add(route: FlatRoute, compiled: CompiledRoute): void {
    let node = this.#root
    if (compiled.locale !== null) {
      node.minIndex = Math.min(node.minIndex, route.index)
      let sub = this.#locales.get(compiled.locale)
      if (!sub) this.#locales.set(compiled.locale, (sub = new TrieNode()))
      node = sub
    }
    node.minIndex = Math.min(node.minIndex, route.index)
    const names: string[] = []
    for (const { key, matcher } of compiled.segments) {
      if (matcher.kind === 'static') {
        node.statics ??= new Map()
        let next = node.statics.get(key)
        if (!next) node.statics.set(key, (next = new TrieNode()))
        node = next
      } else {
        let edge = node.dynamics.find((e) => e.key === key)
        if (!edge) node.dynamics.push((edge = { key, matcher, node: new TrieNode() }))
        node = edge.node
        if (matcher.kind === 'whole') names.push(matcher.name)
        else names.push(...matcher.names)
      }
      node.minIndex = Math.min(node.minIndex, route.index)
    }
    const leaf: Leaf = { route, names, tail: compiled.tail }
    // An identical later route can never win, so only the first endpoint per node is kept.
    if (compiled.tail !== null) node.tails.push(leaf)
    else node.endpoint ??= leaf
  }

  /** Orders each node's parameter edges by the best index below them, so pruning bites early. */
  finish(): void {
    const visit = (node: TrieNode): void => {
      node.dynamics.sort((a, b) => a.node.minIndex - b.node.minIndex)
      node.dynamics.forEach((e) => visit(e.node))
      node.statics?.forEach(visit)
    }
    visit(this.#root)
    this.#locales.forEach(visit)
  }

  /**
   * Finds the first route, in declaration order, matching `path` (which starts with `/`).
   * @returns the route and its converted params, or `null`.
   */
  search(path: string): TrieMatch | null {
    if (path.charCodeAt(0) !== 47 /* '/' */) return null
    // Split once; segment 0 is the empty text before the leading '/', so the walk starts at 1.
    const search = new Search(path, path.split('/'))
    search.walk(this.#root, 1)
    for (const [pattern, node] of this.#locales) {
      if (node.minIndex >= search.bestIndex) continue
      const prefix = pattern.languagePrefix()
      if (prefix === '') search.walk(node, 1)
      else if (search.segments.length > 2 && search.segments[1] === prefix.slice(0, -1)) search.walk(node, 2)
    }
    return search.best === null ? null : { route: search.best.route, params: search.params }
  }
}

/** The state of one lookup, kept in fields so the recursion allocates nothing per segment. */
class Search {
  readonly path: string
  readonly segments: string[]
  /** Converted values pushed by parameter edges on the current branch. */
  readonly stack: unknown[] = []
  best: Leaf | null = null
  bestIndex = Number.POSITIVE_INFINITY
  params: Record<string, unknown> = {}

  constructor(path: string, segments: string[]) {
    this.path = path
    this.segments = segments
  }

  walk(node: TrieNode, depth: number): void {
    const segments = this.segments
    if (depth === segments.length) {
      const leaf = node.endpoint
      if (leaf !== null && leaf.route.index < this.bestIndex) this.#take(leaf, null)
      return
    }
    const segment = segments[depth] as string
    const next = node.statics?.get(segment)
    if (next !== undefined && next.minIndex < this.bestIndex) this.walk(next, depth + 1)
    const dynamics = node.dynamics
    for (let i = 0; i < dynamics.length; i++) {
      const edge = dynamics[i] as Edge
      if (edge.node.minIndex >= this.bestIndex) break
      const height = this.stack.length
      if (this.#push(edge.matcher, segment)) this.walk(edge.node, depth + 1)
      while (this.stack.length > height) this.stack.pop()
    }
    const tails = node.tails
    if (tails.length === 0) return
    let offset = 0
    for (let i = 0; i < depth; i++) offset += (segments[i] as string).length + 1
    const rest = this.path.slice(offset)
    for (const leaf of tails) {
      if (leaf.route.index >= this.bestIndex) break
      const extra = (leaf.tail as TailMatcher)(rest)
      if (extra !== null) this.#take(leaf, extra)
    }
  }

  /** Tests one segment against an edge and pushes its converted values; `false` when no match. */
  #push(matcher: Edge['matcher'], segment: string): boolean {
    if (matcher.kind === 'whole') {
      if (!matcher.converter.anchored.test(segment)) return false
      try {
        this.stack.push(matcher.converter.toValue(segment))
        return true
      } catch {
        return false // the converter refused the text: Django's ValueError, "no match"
      }
    }
    const m = matcher.regex.exec(segment)
    if (m === null) return false
    const converters = matcher.converters
    for (let i = 0; i < converters.length; i++) {
      try {
        this.stack.push((converters[i] as RegisteredConverter).toValue(m.groups?.[`t${i}`] ?? ''))
      } catch {
        return false
      }
    }
    return true
  }

  #take(leaf: Leaf, extra: Record<string, unknown> | null): void {
    const params: Record<string, unknown> = {}
    const names = leaf.names
    // Assigned in order, so an inner include's param of the same name wins, as in Django.
    for (let i = 0; i < names.length; i++) params[names[i] as string] = this.stack[i]
    if (extra !== null) Object.assign(params, extra)
    this.best = leaf
    this.bestIndex = leaf.route.index
    this.params = params
  }
}
