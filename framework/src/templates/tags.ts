/**
 * Tango's template tags and globals: `{% url %}` / `url()` (reverse a route name) and
 * `{% static %}` / `static()` (a static file's URL), as Django's `{% url %}` and `{% static %}`.
 *
 * @module
 */
import type nunjucks from 'nunjucks'
import { reverse } from '../urls/index.ts'
import { staticUrl } from './static-url.ts'
import type { Lexer, ListNode, NodeClass, Parser, ParserNode, Token } from './nunjucks-parser.ts'

/** The global the `{% url %}` tag calls; reserved so a context variable named `url` cannot shadow the tag. */
export const URL_GLOBAL = '__tango_url__'
/** The global `{% url ... as name %}` calls: `''` instead of an error when the route does not reverse. */
export const URL_OR_EMPTY_GLOBAL = '__tango_url_or_empty__'
/** The global the `{% static %}` tag calls. */
export const STATIC_GLOBAL = '__tango_static__'

/** nunjucks passes keyword arguments as a last object flagged `__keywords`. */
interface KeywordArguments {
  readonly __keywords: true
  readonly [name: string]: unknown
}

function isKeywords(value: unknown): value is KeywordArguments {
  return typeof value === 'object' && value !== null && (value as { __keywords?: unknown }).__keywords === true
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/**
 * Splits a template call's arguments into the route name and its parameters: keyword arguments
 * (`url('news:detail', slug='x')`, `{% url 'news:detail' slug='x' %}`) or one params object
 * (`url('news:detail', { slug: 'x' })`).
 * @throws TypeError for positional parameters: `reverse` takes parameters by name only.
 */
function routeArguments(args: readonly unknown[]): { name: string; params: Record<string, unknown> } {
  const [name, ...rest] = args
  if (typeof name !== 'string') throw new TypeError(`url() needs a route name as its first argument, got ${typeof name}.`)
  const params: Record<string, unknown> = {}
  const last = rest.at(-1)
  if (isKeywords(last)) {
    rest.pop()
    for (const [key, value] of Object.entries(last)) if (key !== '__keywords') params[key] = value
  }
  if (rest.length === 1 && isPlainObject(rest[0])) return { name, params: { ...rest[0], ...params } }
  if (rest.length > 0) {
    throw new TypeError(`url('${name}'): pass route parameters by name, e.g. {% url '${name}' year=2024 %} or url('${name}', { year: 2024 }); positional parameters are not supported.`)
  }
  return { name, params }
}

/** The namespace of the route the current request matched, so `{% url %}` prefers that app instance (Django's `current_app`). */
function currentApp(context: unknown): string | undefined {
  const request = (context as { ctx?: { request?: unknown } } | undefined)?.ctx?.request
  const viewName = (request as { resolverMatch?: { viewName?: unknown } | null } | undefined)?.resolverMatch?.viewName
  if (typeof viewName !== 'string' || !viewName.includes(':')) return undefined
  return viewName.slice(0, viewName.lastIndexOf(':'))
}

/**
 * The `url` template global: `url('news:detail', { slug: 'x' })` or `url('news:detail', slug='x')`.
 * Called by nunjucks with the template context as `this`.
 * @throws `NoReverseMatch` from `tango/urls` when no route matches.
 */
export function urlGlobal(this: unknown, ...args: unknown[]): string {
  const { name, params } = routeArguments(args)
  const app = currentApp(this)
  return app === undefined ? reverse(name, params) : reverse(name, params, { currentApp: app })
}

/** As {@link urlGlobal}, but `''` when the route does not reverse (Django's `{% url ... as var %}`). */
export function urlOrEmptyGlobal(this: unknown, ...args: unknown[]): string {
  try {
    return urlGlobal.apply(this, args)
  } catch (error) {
    if (error instanceof Error && (error as { code?: unknown }).code === 'E_NO_REVERSE_MATCH') return ''
    throw error
  }
}

/** The `static` template global: `static('css/site.css')` → `/static/css/site.css`. */
export function staticGlobal(path: unknown): string {
  return staticUrl(String(path))
}

interface Nodes {
  readonly NodeList: NodeClass<ListNode>
  readonly KeywordArgs: NodeClass<ListNode>
  readonly Pair: NodeClass
  readonly FunCall: NodeClass
  readonly Symbol: NodeClass
  readonly Output: NodeClass
  readonly Set: NodeClass
}

/**
 * A tag that compiles to a call of a template global: `{% tag a b=c %}` outputs `global(a, b=c)`, and
 * `{% tag a as name %}` stores the result in `name` instead. Arguments are separated by spaces as in
 * Django (commas are accepted too). Compiling to a function call gives runtime errors a line number.
 */
class CallTag implements nunjucks.Extension {
  readonly tags: string[]
  readonly #global: string
  readonly #asGlobal: string

  constructor(tag: string, global: string, asGlobal: string) {
    this.tags = [tag]
    this.#global = global
    this.#asGlobal = asGlobal
  }

  parse(parser: Parser, nodes: Nodes, lexer: Lexer): ParserNode {
    const tag = parser.nextToken() as Token
    const args = new nodes.NodeList(tag.lineno, tag.colno)
    const keywords = new nodes.KeywordArgs(tag.lineno, tag.colno)
    let target: Token | null = null
    for (;;) {
      const next = parser.peekToken()
      if (next === null || next.type === lexer.TOKEN_BLOCK_END) break
      if (target !== null) parser.fail(`{% ${tag.value} %}: nothing may follow 'as ${target.value}'`, next.lineno, next.colno)
      if (next.type === lexer.TOKEN_SYMBOL && next.value === 'as') {
        parser.nextToken()
        const name = parser.nextToken()
        if (name === null || name.type !== lexer.TOKEN_SYMBOL) parser.fail(`{% ${tag.value} %}: expected a variable name after 'as'`, next.lineno, next.colno)
        target = name
        continue
      }
      parser.skip(lexer.TOKEN_COMMA)
      const expression = parser.parseExpression()
      if (parser.skipValue(lexer.TOKEN_OPERATOR, '=')) {
        if (!(expression instanceof nodes.Symbol)) parser.fail(`{% ${tag.value} %}: a keyword argument needs a name before '='`, next.lineno, next.colno)
        keywords.addChild(new nodes.Pair(expression.lineno, expression.colno, expression, parser.parseExpression()))
      } else {
        args.addChild(expression)
      }
    }
    parser.advanceAfterBlockEnd(tag.value)
    if (keywords.children.length > 0) args.addChild(keywords)
    const callee = new nodes.Symbol(tag.lineno, tag.colno, target === null ? this.#global : this.#asGlobal)
    const call = new nodes.FunCall(tag.lineno, tag.colno, callee, args)
    if (target === null) return new nodes.Output(tag.lineno, tag.colno, [call])
    return new nodes.Set(tag.lineno, tag.colno, [new nodes.Symbol(target.lineno, target.colno, target.value)], call)
  }
}

/** `{% url 'news:detail' slug=article.slug %}`, `{% url 'home' as home_url %}`. */
export function urlTag(): nunjucks.Extension {
  return new CallTag('url', URL_GLOBAL, URL_OR_EMPTY_GLOBAL)
}

/** `{% static 'css/site.css' %}`, `{% static 'logo.png' as logo %}`. */
export function staticTag(): nunjucks.Extension {
  return new CallTag('static', STATIC_GLOBAL, STATIC_GLOBAL)
}
