/**
 * The `i18n` template library (Django's `{% load i18n %}`, always loaded here): `{% trans %}`,
 * `{% blocktrans %}`, `{% get_current_language as x %}`, the `_()` global, the `localize` and
 * `localtime` filters, and the context processor giving `LANGUAGE_CODE`, `LANGUAGES`,
 * `LANGUAGE_BIDI` and `TIME_ZONE`.
 *
 * @module
 */
import type nunjucks from 'nunjucks'
import { settings } from '../core/settings.ts'
import { getCurrentTimeZone, getLanguage, gettext, ngettext, npgettext, pgettext } from '../core/translation.ts'
import type { Request } from '../http/request.ts'
import { formatDate as formatDjangoDate, toDate } from '../templates/filters/date-format.ts'
import type { TemplateLibrary } from '../templates/libraries.ts'
import type { Lexer, ListNode, NodeClass, Parser, ParserNode, Token } from '../templates/nunjucks-parser.ts'
import { escapeHtml, isSafe, markSafe } from '../templates/safe.ts'
import { formatNumber, localtime } from './formats.ts'

const TRANS_GLOBAL = '__tango_trans__'
const BLOCKTRANS_GLOBAL = '__tango_blocktrans__'
const LANGUAGE_GLOBAL = '__tango_current_language__'
const LANGUAGES_GLOBAL = '__tango_available_languages__'

interface Nodes {
  readonly NodeList: NodeClass<ListNode>
  readonly Dict: NodeClass<ListNode>
  readonly Pair: NodeClass
  readonly FunCall: NodeClass
  readonly Symbol: NodeClass
  readonly Literal: NodeClass
  readonly Output: NodeClass
  readonly Set: NodeClass
}

/** Output the call, or store it in `target` (`... as name`). */
function emit(nodes: Nodes, tag: Token, call: ParserNode, target: Token | null): ParserNode {
  if (target === null) return new nodes.Output(tag.lineno, tag.colno, [call])
  return new nodes.Set(tag.lineno, tag.colno, [new nodes.Symbol(target.lineno, target.colno, target.value)], call)
}

function call(nodes: Nodes, tag: Token, global: string, args: readonly ParserNode[]): ParserNode {
  const list = new nodes.NodeList(tag.lineno, tag.colno)
  for (const arg of args) list.addChild(arg)
  return new nodes.FunCall(tag.lineno, tag.colno, new nodes.Symbol(tag.lineno, tag.colno, global), list)
}

function symbolAfter(parser: Parser, lexer: Lexer, what: string, at: Token): Token {
  const name = parser.nextToken()
  if (name === null || name.type !== lexer.TOKEN_SYMBOL) parser.fail(`${what}: expected a variable name`, at.lineno, at.colno)
  return name
}

/** `{% trans "text" [context "ctx"] [noop] [as name] %}` (also `{% translate %}`). */
class TransTag implements nunjucks.Extension {
  readonly tags = ['trans', 'translate']

  parse(parser: Parser, nodes: Nodes, lexer: Lexer): ParserNode {
    const tag = parser.nextToken() as Token
    const message = parser.parseExpression()
    let context: ParserNode = new nodes.Literal(tag.lineno, tag.colno, null)
    let noop = false
    let target: Token | null = null
    for (;;) {
      const next = parser.peekToken()
      if (next === null || next.type === lexer.TOKEN_BLOCK_END) break
      if (next.type !== lexer.TOKEN_SYMBOL) parser.fail(`{% ${tag.value} %}: unexpected ${JSON.stringify(next.value)}`, next.lineno, next.colno)
      parser.nextToken()
      if (next.value === 'context') context = parser.parseExpression()
      else if (next.value === 'noop') noop = true
      else if (next.value === 'as') target = symbolAfter(parser, lexer, `{% ${tag.value} ... as %}`, next)
      else parser.fail(`{% ${tag.value} %}: unknown option ${JSON.stringify(next.value)} (context, noop, as)`, next.lineno, next.colno)
    }
    parser.advanceAfterBlockEnd(tag.value)
    return emit(nodes, tag, call(nodes, tag, TRANS_GLOBAL, [message, context, new nodes.Literal(tag.lineno, tag.colno, noop)]), target)
  }
}

/**
 * Turns a `{% blocktrans %}` body into Django's msgid form: `{{ name }}` becomes `%(name)s` and a
 * literal `%` becomes `%%`. `trimmed` collapses each line's indentation and the line breaks.
 * @internal
 */
export function trimBlock(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ')
}

/** `{% blocktrans [count n=expr] [with a=expr ...] [context "c"] [trimmed] [asvar name] %}...{% endblocktrans %}`. */
class BlockTransTag implements nunjucks.Extension {
  readonly tags = ['blocktrans', 'blocktranslate']

  parse(parser: Parser, nodes: Nodes, lexer: Lexer): ParserNode {
    const tag = parser.nextToken() as Token
    const vars = new nodes.Dict(tag.lineno, tag.colno)
    const names = new Set<string>()
    let countName: string | null = null
    let context: ParserNode = new nodes.Literal(tag.lineno, tag.colno, null)
    let trimmed = false
    let target: Token | null = null
    const pair = (name: Token): void => {
      if (!parser.skipValue(lexer.TOKEN_OPERATOR, '=')) parser.fail(`{% ${tag.value} %}: expected '=' after ${name.value}`, name.lineno, name.colno)
      vars.addChild(new nodes.Pair(name.lineno, name.colno, new nodes.Literal(name.lineno, name.colno, name.value), parser.parseExpression()))
      names.add(name.value)
    }
    let inWith = false
    for (;;) {
      const next = parser.peekToken()
      if (next === null || next.type === lexer.TOKEN_BLOCK_END) break
      if (next.type !== lexer.TOKEN_SYMBOL) parser.fail(`{% ${tag.value} %}: unexpected ${JSON.stringify(next.value)}`, next.lineno, next.colno)
      parser.nextToken()
      if (next.value === 'count') {
        const name = symbolAfter(parser, lexer, `{% ${tag.value} count %}`, next)
        countName = name.value
        pair(name)
        inWith = false
      } else if (next.value === 'with') inWith = true
      else if (next.value === 'context') context = parser.parseExpression()
      else if (next.value === 'trimmed') trimmed = true
      else if (next.value === 'asvar') target = symbolAfter(parser, lexer, `{% ${tag.value} asvar %}`, next)
      else if (inWith) pair(next)
      else parser.fail(`{% ${tag.value} %}: unknown option ${JSON.stringify(next.value)} (count, with, context, trimmed, asvar)`, next.lineno, next.colno)
    }
    parser.advanceAfterBlockEnd(tag.value)
    const parts: [string, string] = ['', '']
    let side: 0 | 1 = 0
    const used = new Set<string>()
    for (;;) {
      const token = parser.nextToken(true)
      if (token === null) parser.fail(`{% ${tag.value} %} has no {% end${tag.value} %}`, tag.lineno, tag.colno)
      if (token.type === lexer.TOKEN_DATA) {
        parts[side] += token.value.replaceAll('%', '%%')
      } else if (token.type === lexer.TOKEN_VARIABLE_START) {
        const name = parser.nextToken()
        const end = parser.nextToken()
        if (name === null || name.type !== lexer.TOKEN_SYMBOL || end === null || end.type !== lexer.TOKEN_VARIABLE_END) {
          parser.fail(`{% ${tag.value} %} allows only simple variables such as {{ name }} inside; bind expressions with 'with name=expression'`, token.lineno, token.colno)
        }
        parts[side] += `%(${name.value})s`
        used.add(name.value)
      } else if (token.type === lexer.TOKEN_BLOCK_START) {
        const keyword = parser.nextToken()
        if (keyword?.value === 'plural' && countName !== null && side === 0) {
          parser.advanceAfterBlockEnd('plural')
          side = 1
        } else if (keyword?.value === `end${tag.value}`) {
          parser.advanceAfterBlockEnd(keyword.value)
          break
        } else {
          parser.fail(`{% ${tag.value} %} allows no tags inside except {% plural %} (with count) and {% end${tag.value} %}, found ${JSON.stringify(keyword?.value)}`, token.lineno, token.colno)
        }
      } else {
        parser.fail(`{% ${tag.value} %}: unexpected ${JSON.stringify(token.value)}`, token.lineno, token.colno)
      }
    }
    if (countName !== null && side === 0) parser.fail(`{% ${tag.value} count %} needs a {% plural %} part`, tag.lineno, tag.colno)
    // Variables from the body not bound by `with`/`count` are read from the context, frames included.
    for (const name of used) {
      if (!names.has(name)) vars.addChild(new nodes.Pair(tag.lineno, tag.colno, new nodes.Literal(tag.lineno, tag.colno, name), new nodes.Symbol(tag.lineno, tag.colno, name)))
    }
    const [singular, plural] = trimmed ? [trimBlock(parts[0]), trimBlock(parts[1])] : parts
    const lit = (value: unknown): ParserNode => new nodes.Literal(tag.lineno, tag.colno, value)
    return emit(nodes, tag, call(nodes, tag, BLOCKTRANS_GLOBAL, [lit(singular), lit(countName === null ? null : plural), context, lit(countName), vars]), target)
  }
}

/** `{% get_current_language as name %}` and `{% get_available_languages as name %}`. */
class LanguageTag implements nunjucks.Extension {
  readonly tags = ['get_current_language', 'get_available_languages']

  parse(parser: Parser, nodes: Nodes, lexer: Lexer): ParserNode {
    const tag = parser.nextToken() as Token
    if (!parser.skipValue(lexer.TOKEN_SYMBOL, 'as')) parser.fail(`{% ${tag.value} %} needs 'as name'`, tag.lineno, tag.colno)
    const target = symbolAfter(parser, lexer, `{% ${tag.value} as %}`, tag)
    parser.advanceAfterBlockEnd(tag.value)
    return emit(nodes, tag, call(nodes, tag, tag.value === 'get_current_language' ? LANGUAGE_GLOBAL : LANGUAGES_GLOBAL, []), target)
  }
}

/** The `{% trans %}` runtime: the translation, escaped on output by autoescaping. */
function transGlobal(message: unknown, context: unknown, noop: unknown): string {
  const text = String(message ?? '')
  if (noop === true) return text
  return typeof context === 'string' ? pgettext(context, text) : gettext(text)
}

/** Fills Django's `%(name)s` placeholders with escaped values; `%%` is a literal `%`. */
function fill(template: string, vars: Readonly<Record<string, unknown>>): string {
  return template.replace(/%(?:\((\w+)\)s|%)/g, (match, name: string | undefined) => {
    if (name === undefined) return '%'
    const value = vars[name]
    if (value === undefined || value === null) return ''
    return isSafe(value) ? String(value) : escapeHtml(String(value))
  })
}

/** The `{% blocktrans %}` runtime: translate, then fill the placeholders with escaped values. */
function blocktransGlobal(singular: unknown, plural: unknown, context: unknown, countName: unknown, vars: unknown): unknown {
  const values = (vars ?? {}) as Record<string, unknown>
  const ctx = typeof context === 'string' ? context : null
  let translated: string
  if (typeof plural === 'string' && typeof countName === 'string') {
    const n = Number(values[countName])
    translated = ctx === null ? ngettext(String(singular), plural, n) : npgettext(ctx, String(singular), plural, n)
  } else {
    translated = ctx === null ? gettext(String(singular)) : pgettext(ctx, String(singular))
  }
  return markSafe(fill(translated, values))
}

/**
 * `localize`: a number with the active language's separators, a date in the active language's
 * `DATETIME_FORMAT` and the current time zone; anything else as text.
 */
function localizeFilter(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return formatNumber(value)
  const date = value instanceof Date ? toDate(value) : null
  if (date !== null) return formatDjangoDate(date, 'DATETIME_FORMAT', getCurrentTimeZone(), settings.USE_I18N ? getLanguage() : undefined)
  return value
}

/** `localtime`: a date as ISO 8601 wall-clock time in the current time zone (`2024-03-08T13:00:00+03:00`). */
function localtimeFilter(value: unknown, zone?: unknown): unknown {
  const date = toDate(value)
  if (date === null) return ''
  return localtime(date, typeof zone === 'string' && zone !== '' ? zone : getCurrentTimeZone()).iso
}

const BIDI = new Set(['ar', 'fa', 'he', 'ur', 'ug', 'ckb', 'dv', 'ps', 'yi'])

/** Whether the active language is written right to left (Django's `get_language_bidi`). */
export function getLanguageBidi(): boolean {
  return BIDI.has(getLanguage().split('-')[0] ?? '')
}

/**
 * The i18n context processor (Django's `context_processors.i18n` and `tz`): `LANGUAGE_CODE`,
 * `LANGUAGES`, `LANGUAGE_BIDI` and `TIME_ZONE` for every template rendered with a request.
 */
export function i18nContextProcessor(_request: Request): Readonly<Record<string, unknown>> {
  return { LANGUAGE_CODE: getLanguage(), LANGUAGES: settings.LANGUAGES, LANGUAGE_BIDI: getLanguageBidi(), TIME_ZONE: getCurrentTimeZone() }
}

/** The library `tango/i18n` registers as `i18n`. */
export function i18nTemplateLibrary(): TemplateLibrary {
  return {
    extensions: { TangoTransTag: new TransTag(), TangoBlockTransTag: new BlockTransTag(), TangoLanguageTag: new LanguageTag() },
    filters: { localize: localizeFilter, localtime: localtimeFilter },
    globals: {
      _: gettext, gettext, ngettext, pgettext, npgettext,
      getCurrentLanguage: getLanguage,
      [TRANS_GLOBAL]: transGlobal,
      [BLOCKTRANS_GLOBAL]: blocktransGlobal,
      [LANGUAGE_GLOBAL]: getLanguage,
      [LANGUAGES_GLOBAL]: () => settings.LANGUAGES,
    },
  }
}
