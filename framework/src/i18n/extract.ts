/**
 * Finding translatable strings for `makemessages` (Django's xgettext step): calls of `_`,
 * `gettext`, `ngettext`, `pgettext`, `npgettext` and their `...Lazy` variants with string-literal
 * arguments in TypeScript (found with the TypeScript compiler's parser, loaded lazily), and
 * `{% trans %}`, `{% blocktrans %}` and `_()`-style calls in templates.
 *
 * @module
 */
import { trimBlock } from './template-tags.ts'

/** One extracted message. */
export interface ExtractedMessage {
  readonly context: string | null
  readonly msgid: string
  readonly msgidPlural: string | null
  /** The file, relative to the scanned folder. */
  readonly file: string
  /** 1-based line. */
  readonly line: number
}

/** The positions of the string arguments of each marking function: context, msgid, plural. */
const SIGNATURES: Readonly<Record<string, { readonly context: number | null; readonly msgid: number; readonly plural: number | null }>> = {
  _: { context: null, msgid: 0, plural: null },
  gettext: { context: null, msgid: 0, plural: null },
  gettextLazy: { context: null, msgid: 0, plural: null },
  gettextNoop: { context: null, msgid: 0, plural: null },
  ngettext: { context: null, msgid: 0, plural: 1 },
  ngettextLazy: { context: null, msgid: 0, plural: 1 },
  pgettext: { context: 0, msgid: 1, plural: null },
  pgettextLazy: { context: 0, msgid: 1, plural: null },
  npgettext: { context: 0, msgid: 1, plural: 2 },
  npgettextLazy: { context: 0, msgid: 1, plural: 2 },
}

type TypeScript = typeof import('typescript')

let typescript: Promise<TypeScript> | null = null

/** Loads the `typescript` package on first use (a dev dependency makemessages alone needs). */
function loadTypeScript(): Promise<TypeScript> {
  // The package is CommonJS: its namespace comes as the default export.
  typescript ??= import('typescript').then((m) => ((m as { default?: TypeScript }).default ?? m) as TypeScript)
  return typescript
}

/**
 * Extracts the messages of one TypeScript source file.
 * @param text - the file's content.
 * @param file - its name for the references.
 */
export async function extractFromTypeScript(text: string, file: string): Promise<ExtractedMessage[]> {
  const ts = await loadTypeScript()
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const out: ExtractedMessage[] = []
  const literal = (node: import('typescript').Node | undefined): string | null =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null
  const visit = (node: import('typescript').Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null
      const signature = name === null ? undefined : SIGNATURES[name]
      if (signature !== undefined) {
        const args = node.arguments
        const msgid = literal(args[signature.msgid])
        const context = signature.context === null ? null : literal(args[signature.context])
        const plural = signature.plural === null ? null : literal(args[signature.plural])
        const complete = msgid !== null && (signature.context === null || context !== null) && (signature.plural === null || plural !== null)
        if (complete) out.push({ context, msgid, msgidPlural: plural, file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`

/** The value of a template string literal (nunjucks' escapes: `\"`, `\'`, `\\`, `\n`, `\t`). */
function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c))
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length

/**
 * Extracts the messages of one template, as the runtime tags see them: `{% trans "x" [context
 * "c"] %}`, `{% blocktrans [count ...] [context "c"] [trimmed] %}...{% plural %}...{% endblocktrans
 * %}` (variables become `%(name)s`), and `_("x")`, `gettext("x")`, `pgettext("c", "x")`,
 * `ngettext("a", "b", n)`, `npgettext("c", "a", "b", n)` anywhere in tags and expressions.
 */
export function extractFromTemplate(text: string, file: string): ExtractedMessage[] {
  const out: ExtractedMessage[] = []
  const trans = new RegExp(String.raw`\{%-?\s*(?:trans|translate)\s+(${STRING})((?:\s+(?:context\s+(?:${STRING})|noop|as\s+\w+))*)\s*-?%\}`, 'g')
  for (const m of text.matchAll(trans)) {
    if (/\bnoop\b/.test(m[2] ?? '')) continue
    const ctx = new RegExp(String.raw`context\s+(${STRING})`).exec(m[2] ?? '')?.[1]
    out.push({ context: ctx === undefined ? null : unquote(ctx), msgid: unquote(m[1] as string), msgidPlural: null, file, line: lineAt(text, m.index) })
  }
  const block = /\{%-?\s*(blocktrans|blocktranslate)\b(.*?)-?%\}([\s\S]*?)\{%-?\s*end\1\s*-?%\}/g
  for (const m of text.matchAll(block)) {
    const header = m[2] ?? ''
    const ctx = new RegExp(String.raw`\bcontext\s+(${STRING})`).exec(header)?.[1]
    const counted = /\bcount\b/.test(header)
    const body = (m[3] ?? '').split(/\{%-?\s*plural\s*-?%\}/)
    const convert = (part: string): string => {
      const converted = part.replace(/%/g, '%%').replace(/\{\{-?\s*(\w+)\s*-?\}\}/g, '%($1)s')
      return /\btrimmed\b/.test(header) ? trimBlock(converted) : converted
    }
    out.push({
      context: ctx === undefined ? null : unquote(ctx),
      msgid: convert(body[0] ?? ''),
      msgidPlural: counted && body.length > 1 ? convert(body[1] ?? '') : null,
      file,
      line: lineAt(text, m.index),
    })
  }
  const calls = new RegExp(String.raw`(?<![\w.])(_|gettext|ngettext|pgettext|npgettext)\(\s*(${STRING})(?:\s*,\s*(${STRING}))?(?:\s*,\s*(${STRING}))?`, 'g')
  for (const m of text.matchAll(calls)) {
    const signature = SIGNATURES[m[1] as string]
    if (signature === undefined) continue
    const args = [m[2], m[3], m[4]].map((a) => (a === undefined ? null : unquote(a)))
    const msgid = args[signature.msgid] ?? null
    const context = signature.context === null ? null : (args[signature.context] ?? null)
    const plural = signature.plural === null ? null : (args[signature.plural] ?? null)
    if (msgid === null || (signature.context !== null && context === null) || (signature.plural !== null && plural === null)) continue
    out.push({ context, msgid, msgidPlural: plural, file, line: lineAt(text, m.index) })
  }
  return out.sort((a, b) => a.line - b.line)
}
