/**
 * The `{% cache %}` template tag (Django's `{% cache %}` from `cache` tags), registered as the
 * template library `cache` when `tango/cache` loads:
 * ```
 * {% cache 500 sidebar user.id %} ... {% endcache %}
 * {% cache 300 "sidebar" user.id using="fragments" %} ... {% endcache %}
 * ```
 * The first argument is the timeout in seconds (`none` / `null` keeps it forever), the second the
 * fragment's name (a bare word, as in Django, or a string), then any values the fragment varies on.
 * The body is rendered once and kept under {@link makeTemplateFragmentKey}; concurrent renders of
 * one fragment in a process render it once. The cache is `using=`'s alias, else
 * `template_fragments` when `CACHES` has it, else `default` (as Django).
 *
 * @module
 */
import { createHash } from 'node:crypto'
import type nunjucks from 'nunjucks'
import { registerTemplateLibrary } from '../templates/libraries.ts'
import { markSafe } from '../templates/safe.ts'
import type { SafeString } from '../templates/safe.ts'
import { CacheValueError } from './errors.ts'
import { caches } from './handler.ts'

/**
 * The key of a cached template fragment (Django's `make_template_fragment_key`):
 * `template.cache.<name>.<md5 of the vary-on values, each followed by ":">`. Use it to invalidate:
 * `await cache.delete(makeTemplateFragmentKey('sidebar', [user.id]))`.
 */
export function makeTemplateFragmentKey(fragmentName: string, varyOn: readonly unknown[] = []): string {
  const hash = createHash('md5')
  for (const value of varyOn) hash.update(`${String(value)}:`)
  return `template.cache.${fragmentName}.${hash.digest('hex')}`
}

// The slice of nunjucks' parser, node classes and lexer the tag uses (undocumented API, stable since 2.x).
interface Token {
  readonly type: string
  readonly value: string
  readonly lineno: number
  readonly colno: number
}
interface NodeLike {
  readonly typename?: string
  readonly value?: unknown
}
interface Parser {
  nextToken(): Token
  peekToken(): Token
  parseExpression(): NodeLike
  skipValue(type: string, value: string): boolean
  skip(type: string): boolean
  advanceAfterBlockEnd(name?: string): void
  parseUntilBlocks(...names: string[]): NodeLike
}
interface NodeList extends NodeLike {
  addChild(node: NodeLike): void
}
interface Nodes {
  NodeList: new (lineno: number, colno: number) => NodeList
  Literal: new (lineno: number, colno: number, value: unknown) => NodeLike
  CallExtensionAsync: new (ext: object, method: string, args: NodeList, contentArgs: NodeLike[]) => NodeLike
}
interface Lexer {
  readonly TOKEN_SYMBOL: string
  readonly TOKEN_OPERATOR: string
  readonly TOKEN_COMMA: string
  readonly TOKEN_BLOCK_END: string
}
type Body = (callback: (error: unknown, output: string) => void) => string
type Done = (error: unknown, output?: SafeString) => void

function timeoutOf(value: unknown): number | null {
  if (value === null || value === undefined || value === 'none' || value === 'None') return null
  const n = typeof value === 'number' ? value : Number(String(value))
  if (!Number.isFinite(n)) throw new CacheValueError(`{% cache %}: the timeout must be a number of seconds, not ${JSON.stringify(value)}.`)
  return n
}

const cacheTag = {
  tags: ['cache'],

  parse(parser: Parser, nodes: Nodes, lexer: Lexer): NodeLike {
    const tag = parser.nextToken()
    const args = new nodes.NodeList(tag.lineno, tag.colno)
    args.addChild(parser.parseExpression())
    const name = parser.peekToken()
    if (name.type === lexer.TOKEN_SYMBOL) {
      // A bare word is the name itself, as in Django: {% cache 500 sidebar %}.
      parser.nextToken()
      args.addChild(new nodes.Literal(name.lineno, name.colno, name.value))
    } else {
      args.addChild(parser.parseExpression())
    }
    let using: NodeLike = new nodes.Literal(tag.lineno, tag.colno, null)
    const varyOn: NodeLike[] = []
    while (parser.peekToken().type !== lexer.TOKEN_BLOCK_END) {
      if (parser.skip(lexer.TOKEN_COMMA)) continue
      const expression = parser.parseExpression()
      if (parser.skipValue(lexer.TOKEN_OPERATOR, '=')) {
        if (expression.typename !== 'Symbol' || expression.value !== 'using') throw new Error('{% cache %} takes one keyword argument: using="<cache alias>".')
        using = parser.parseExpression()
      } else {
        varyOn.push(expression)
      }
    }
    parser.advanceAfterBlockEnd(tag.value)
    args.addChild(using)
    for (const node of varyOn) args.addChild(node)
    const body = parser.parseUntilBlocks('endcache')
    parser.advanceAfterBlockEnd()
    return new nodes.CallExtensionAsync(cacheTag, 'run', args, [body])
  },

  run(_context: unknown, ...rest: unknown[]): void {
    const done = rest.pop() as Done
    const body = rest.pop() as Body
    const [timeout, fragmentName, using, ...varyOn] = rest
    let cache
    let key: string
    let seconds: number | null
    try {
      cache = typeof using === 'string' && using !== '' ? caches.get(using) : caches.has('template_fragments') ? caches.get('template_fragments') : caches.default
      key = makeTemplateFragmentKey(String(fragmentName), varyOn)
      seconds = timeoutOf(timeout)
    } catch (error) {
      done(error)
      return
    }
    const render = (): Promise<string> =>
      new Promise((resolve, reject) => {
        body((error, output) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(output)))
      })
    cache.getOrSet<string>(key, render, seconds).then(
      (html) => done(null, markSafe(String(html))),
      (error: unknown) => done(error),
    )
  },
}

/**
 * Registers the `cache` template library (the `{% cache %}` tag). `tango/cache` calls it when it
 * loads; call it again after `clearTemplateLibraries()` (tests).
 */
export function registerCacheTemplateTags(): void {
  // The boundary cast: nunjucks' Extension type declares parse with `any` arguments; ours names the slices it uses.
  registerTemplateLibrary('cache', { extensions: { CacheTag: cacheTag as unknown as nunjucks.Extension } })
}

registerCacheTemplateTags()
