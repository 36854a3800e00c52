/**
 * Reading catalogs: a `.po` file through gettext-parser, or its compiled `tango.json` twin, into
 * the plain form the runtime looks messages up in. Every failure names the file and, for `.po`
 * files, the line.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { po } from 'gettext-parser'
import type { GetTextTranslations } from 'gettext-parser'
import { TangoError } from '../core/errors.ts'
import { GERMANIC_PLURAL, parsePluralForms } from './plural.ts'
import type { PluralRule } from './plural.ts'

/** Separates a `msgctxt` from its `msgid` in lookup keys (GNU gettext's EOT convention). */
export const CONTEXT_SEPARATOR = '\u0004'

/** The key a message is stored under: `msgid`, or `msgctxt` EOT `msgid`. */
export function messageKey(context: string | null, msgid: string): string {
  return context === null || context === '' ? msgid : `${context}${CONTEXT_SEPARATOR}${msgid}`
}

/**
 * A catalog file is missing, unreadable or malformed. Code `E_BAD_CATALOG`; `file` and `line`
 * (1-based, `null` when not known) say where.
 */
export class CatalogError extends TangoError {
  /** The catalog's path. */
  readonly file: string
  /** The line of the problem, or `null`. */
  readonly line: number | null

  /**
   * @param file - the catalog's path.
   * @param line - the 1-based line, or `null`.
   * @param why - what is wrong.
   */
  constructor(file: string, line: number | null, why: string, options?: ErrorOptions) {
    super('E_BAD_CATALOG', `${file}${line === null ? '' : `:${line}`}: ${why}`, options)
    this.file = file
    this.line = line
  }
}

/** A catalog as the runtime holds it: translations by {@link messageKey}, and the plural rule. */
export interface LoadedCatalog {
  /** The file it came from. */
  readonly file: string
  readonly pluralForms: string
  readonly rule: PluralRule
  /** Key → the msgstr forms (one for a singular message). Only translated, non-fuzzy entries. */
  readonly messages: ReadonlyMap<string, readonly string[]>
}

/** The compiled form `compilemessages` writes (`tango.json` next to `tango.po`). */
export interface CompiledCatalog {
  readonly format: 'tango-catalog'
  readonly version: 1
  readonly pluralForms: string
  readonly messages: Readonly<Record<string, readonly string[]>>
}

/** The 1-based line where `msgid "<id>"` first appears, for errors gettext-parser reports without one. */
function lineOf(text: string, msgid: string | undefined): number | null {
  if (msgid === undefined) return null
  const needle = `msgid ${JSON.stringify(msgid)}`
  const at = text.indexOf(needle)
  return at < 0 ? null : text.slice(0, at).split('\n').length
}

/**
 * Parses `.po` text.
 * @param file - the path, for messages.
 * @throws {@link CatalogError} naming the file and line for a syntax error, a duplicate message, a
 *   wrong number of plural forms or a bad `Plural-Forms` header.
 */
export function parsePo(text: string, file: string): GetTextTranslations {
  try {
    return po.parse(text, { validation: true })
  } catch (error) {
    const message = (error as Error).message
    const atLine = /at line (\d+)/.exec(message)?.[1]
    const quoted = /entry "((?:[^"\\]|\\.)*)"/.exec(message)?.[1]
    // gettext-parser counts the newline that ends an unterminated string as the next line already.
    const line = atLine !== undefined ? Number(atLine) - (message.includes('End-of-line within string') ? 1 : 0) : lineOf(text, quoted)
    throw new CatalogError(file, line, message.replace(/^Error parsing PO data: /, '').replace(/ at line \d+/, ''), { cause: error })
  }
}

/** The translated messages of a parsed catalog, without the header, fuzzy and empty entries. */
export function catalogMessages(parsed: GetTextTranslations): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [context, entries] of Object.entries(parsed.translations)) {
    for (const [msgid, entry] of Object.entries(entries)) {
      if (msgid === '' || entry.obsolete) continue
      if (entry.comments?.flag?.split(/[\s,]+/).includes('fuzzy')) continue
      if (entry.msgstr.every((s) => s === '')) continue
      out[messageKey(context, msgid)] = [...entry.msgstr]
    }
  }
  return out
}

function headerPluralForms(parsed: GetTextTranslations): string {
  const headers = parsed.headers as Record<string, string | undefined>
  const found = Object.entries(headers).find(([name]) => name.toLowerCase() === 'plural-forms')?.[1]
  return found === undefined || found.trim() === '' ? GERMANIC_PLURAL : found
}

function ruleFor(pluralForms: string, file: string, text: string | null): PluralRule {
  try {
    return parsePluralForms(pluralForms)
  } catch (error) {
    const at = text === null ? -1 : text.search(/^"Plural-Forms:/m)
    throw new CatalogError(file, text === null || at < 0 ? null : text.slice(0, at).split('\n').length, (error as Error).message, { cause: error })
  }
}

/**
 * Reads a `.po` file.
 * @throws {@link CatalogError} when it cannot be read or parsed.
 */
export function readPoFile(file: string): LoadedCatalog {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CatalogError(file, null, `cannot read the catalog: ${(error as Error).message}`, { cause: error })
  }
  const parsed = parsePo(text, file)
  const pluralForms = headerPluralForms(parsed)
  return { file, pluralForms, rule: ruleFor(pluralForms, file, text), messages: new Map(Object.entries(catalogMessages(parsed))) }
}

/** Compiles parsed `.po` text to the JSON form (what `compilemessages` writes). */
export function compilePo(text: string, file: string): CompiledCatalog {
  const parsed = parsePo(text, file)
  const pluralForms = headerPluralForms(parsed)
  ruleFor(pluralForms, file, text)
  return { format: 'tango-catalog', version: 1, pluralForms, messages: catalogMessages(parsed) }
}

/**
 * Reads a compiled `tango.json`.
 * @throws {@link CatalogError} when it is not a compiled catalog.
 */
export function readCompiledFile(file: string): LoadedCatalog {
  let data: Partial<CompiledCatalog>
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CompiledCatalog>
  } catch (error) {
    throw new CatalogError(file, null, `cannot read the compiled catalog (run compilemessages again): ${(error as Error).message}`, { cause: error })
  }
  if (data.format !== 'tango-catalog' || typeof data.pluralForms !== 'string' || data.messages === null || typeof data.messages !== 'object') {
    throw new CatalogError(file, null, 'is not a compiled Tango catalog (run compilemessages again).')
  }
  return { file, pluralForms: data.pluralForms, rule: ruleFor(data.pluralForms, file, null), messages: new Map(Object.entries(data.messages)) }
}

function mtime(file: string): number | null {
  try {
    return statSync(file).mtimeMs
  } catch {
    return null
  }
}

/**
 * Loads the catalog in `folder` (`<folder>/tango.po` or `<folder>/tango.json`): the compiled JSON
 * when it exists and is not older than the `.po`, else the `.po`.
 * @returns the catalog, or `null` when neither file exists.
 * @throws {@link CatalogError} for a broken file.
 */
export function loadCatalog(folder: string): LoadedCatalog | null {
  const poFile = `${folder}/tango.po`
  const jsonFile = `${folder}/tango.json`
  const poTime = mtime(poFile)
  const jsonTime = mtime(jsonFile)
  if (jsonTime !== null && (poTime === null || jsonTime >= poTime)) return readCompiledFile(jsonFile)
  if (poTime !== null) return readPoFile(poFile)
  return null
}
