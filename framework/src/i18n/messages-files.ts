/**
 * Writing catalogs: {@link makeMessages} (Django's `makemessages`: extract, then create or merge
 * `locale/<lang>/LC_MESSAGES/tango.po`) and {@link compileMessages} (Django's `compilemessages`:
 * each `tango.po` to the `tango.json` the runtime loads first).
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { po } from 'gettext-parser'
import type { GetTextTranslation, GetTextTranslationRecord, GetTextTranslations } from 'gettext-parser'
import { settings } from '../core/settings.ts'
import { toLocale } from './catalogs.ts'
import { extractFromTemplate, extractFromTypeScript } from './extract.ts'
import type { ExtractedMessage } from './extract.ts'
import { parsePluralForms, pluralFormsFor } from './plural.ts'
import { CatalogError, compilePo, parsePo } from './po-file.ts'

const SKIP_DIRS = new Set(['node_modules', 'locale', 'dist', 'build', 'coverage'])
const TEMPLATE_EXTENSIONS = ['.html', '.txt', '.njk', '.xml']

/** Every file under `root` whose name passes `keep`, sorted, skipping dot folders and {@link SKIP_DIRS}. */
function walk(root: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  let entries
  try {
    entries = readdirSync(root, { withFileTypes: true })
  } catch {
    return out
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue
    const path = join(root, entry.name)
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(path, keep, out)
    } else if (keep(entry.name)) out.push(path)
  }
  return out
}

/** What {@link makeMessages} takes. */
export interface MakeMessagesOptions {
  /** The folder to scan (an app's or the project's; Django uses the current directory). */
  readonly root: string
  /** Languages to write (`['ru']`); with `all`, every language already in the locale folder is added. */
  readonly locales?: readonly string[]
  /** Update every language that already has a catalog (Django's `--all`). */
  readonly all?: boolean
  /** Where the `<lang>/LC_MESSAGES/tango.po` files go. Default: `<root>/locale` when it exists, else
   * the first of `LOCALE_PATHS`, else `<root>/locale` (created). */
  readonly localeDir?: string
  /** Drop messages no longer in the sources instead of keeping them as `#~` (Django's `--no-obsolete`). */
  readonly noObsolete?: boolean
  /** The time written in the header; default now. */
  readonly now?: Date
}

/** What {@link makeMessages} did. */
export interface MakeMessagesResult {
  /** The `.po` files written. */
  readonly files: readonly string[]
  /** How many distinct messages were found. */
  readonly messages: number
}

function defaultLocaleDir(root: string): string {
  const own = join(root, 'locale')
  if (existsSync(own)) return own
  const first = settings.LOCALE_PATHS[0]
  return first === undefined ? own : resolve(settings.BASE_DIR, first)
}

function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}+0000`
}

/** The extracted messages of every `.ts` and template file under `root`, merged by context and msgid. */
async function extractAll(root: string): Promise<Map<string, { message: ExtractedMessage; references: string[] }>> {
  const found = new Map<string, { message: ExtractedMessage; references: string[] }>()
  const files = walk(root, (name) => (/\.(?:[cm]?ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) || TEMPLATE_EXTENSIONS.some((ext) => name.endsWith(ext)))
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const name = relative(root, file).split(sep).join('/')
    const messages = /\.(?:[cm]?ts|tsx)$/.test(file) ? await extractFromTypeScript(text, name) : extractFromTemplate(text, name)
    for (const message of messages) {
      if (message.msgid === '') continue
      const key = `${message.context ?? ''}\u0004${message.msgid}`
      const seen = found.get(key)
      if (seen === undefined) found.set(key, { message, references: [`${name}:${message.line}`] })
      else seen.references.push(`${name}:${message.line}`)
    }
  }
  return found
}

function header(language: string, now: Date, existing: GetTextTranslations | null): Record<string, string> {
  const stampNow = stamp(now)
  if (existing !== null) return { ...existing.headers, 'POT-Creation-Date': stampNow }
  return {
    'Project-Id-Version': 'PACKAGE VERSION',
    'Report-Msgid-Bugs-To': '',
    'POT-Creation-Date': stampNow,
    'PO-Revision-Date': 'YEAR-MO-DA HO:MI+ZONE',
    'Last-Translator': 'FULL NAME <EMAIL@ADDRESS>',
    'Language-Team': 'LANGUAGE <LL@li.org>',
    Language: toLocale(language),
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    'Plural-Forms': pluralFormsFor(language),
  }
}

function put(record: GetTextTranslationRecord, entry: GetTextTranslation): void {
  const context = entry.msgctxt ?? ''
  record[context] ??= {}
  ;(record[context] as Record<string, GetTextTranslation>)[entry.msgid] = entry
}

/** The languages with a catalog folder in `localeDir` (for `--all`). */
function existingLanguages(localeDir: string): string[] {
  try {
    return readdirSync(localeDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(localeDir, e.name, 'LC_MESSAGES')))
      .map((e) => e.name)
      .sort()
  } catch {
    return []
  }
}

/**
 * Extracts the translatable strings under `options.root` and writes
 * `<localeDir>/<locale>/LC_MESSAGES/tango.po` for each language: new messages with empty
 * translations, existing translations kept (with their translator comments and flags), messages
 * gone from the sources kept as obsolete `#~` entries, each message with its `#: file:line`
 * references, and a header with the language's `Plural-Forms`.
 *
 * @throws {@link CatalogError} when an existing catalog cannot be parsed (naming file and line).
 * @throws {@link Error} when no language is given.
 */
export async function makeMessages(options: MakeMessagesOptions): Promise<MakeMessagesResult> {
  const root = resolve(options.root)
  const localeDir = options.localeDir ?? defaultLocaleDir(root)
  const languages = [...new Set([...(options.locales ?? []), ...(options.all ? existingLanguages(localeDir) : [])])]
  if (languages.length === 0) throw new Error('makemessages needs a language: pass -l <code> (e.g. -l ru) or --all.')
  const found = await extractAll(root)
  const now = options.now ?? new Date()
  const files: string[] = []
  for (const language of languages) {
    const folder = join(localeDir, toLocale(language), 'LC_MESSAGES')
    const file = join(folder, 'tango.po')
    const existing = existsSync(file) ? parsePo(readFileSync(file, 'utf8'), file) : null
    const headers = header(language, now, existing)
    const nplurals = parsePluralForms(headers['Plural-Forms'] ?? pluralFormsFor(language)).nplurals
    const previous = (context: string | null, msgid: string): GetTextTranslation | undefined =>
      existing?.translations[context ?? '']?.[msgid] ?? existing?.obsolete?.[context ?? '']?.[msgid]
    const table: GetTextTranslations = { charset: 'utf-8', headers, translations: { '': { '': { msgid: '', msgstr: [''] } } }, obsolete: {} }
    for (const { message, references } of found.values()) {
      const old = previous(message.context, message.msgid)
      const samePlurality = old !== undefined && (old.msgid_plural !== undefined) === (message.msgidPlural !== null)
      const msgstr = samePlurality ? old.msgstr : message.msgidPlural === null ? [''] : Array.from({ length: nplurals }, () => '')
      const comments = { ...(samePlurality && old.comments?.translator ? { translator: old.comments.translator } : {}), reference: references.join('\n'), ...(samePlurality && old.comments?.flag ? { flag: old.comments.flag } : {}) }
      put(table.translations, {
        ...(message.context === null ? {} : { msgctxt: message.context }),
        msgid: message.msgid,
        ...(message.msgidPlural === null ? {} : { msgid_plural: message.msgidPlural }),
        msgstr: [...msgstr],
        comments,
      })
    }
    if (existing !== null && !options.noObsolete) {
      for (const record of [existing.translations, existing.obsolete ?? {}]) {
        for (const [context, entries] of Object.entries(record)) {
          for (const [msgid, entry] of Object.entries(entries)) {
            if (msgid === '' || found.has(`${context}\u0004${msgid}`)) continue
            if (entry.msgstr.every((s) => s === '')) continue // an untranslated message is simply dropped, as msgmerge does
            const { reference: _reference, ...comments } = entry.comments ?? {}
            put(table.obsolete as GetTextTranslationRecord, { ...entry, comments, obsolete: true })
          }
        }
      }
    }
    mkdirSync(folder, { recursive: true })
    writeFileSync(file, po.compile(table, { sort: false, foldLength: 78 }))
    files.push(file)
  }
  return { files, messages: found.size }
}

/** What {@link compileMessages} did: the files compiled and the failures (each names file and line). */
export interface CompileMessagesResult {
  readonly compiled: readonly string[]
  readonly errors: readonly CatalogError[]
}

/**
 * Compiles every `locale/<lang>/LC_MESSAGES/tango.po` under `roots` (and the given extra locale
 * folders) into `tango.json` next to it, which the runtime loads instead of the `.po` while it is
 * not older. Fuzzy and untranslated messages are left out, as `msgfmt` does.
 * @param roots - folders to search for `locale/` folders (Django: the current one and `LOCALE_PATHS`).
 * @param locales - only these languages (all when empty).
 * @returns the compiled files and, per broken file, a {@link CatalogError}.
 */
export function compileMessages(roots: readonly string[], locales: readonly string[] = []): CompileMessagesResult {
  const wanted = new Set(locales.map(toLocale))
  const files = new Set<string>()
  for (const root of roots) {
    const candidates: string[] = []
    // `root` itself may be a locale folder (a LOCALE_PATHS entry); otherwise its `locale/` folders.
    for (const dir of [resolve(root), ...walkLocaleDirs(resolve(root))]) {
      for (const language of existingLanguages(dir)) {
        const file = join(dir, language, 'LC_MESSAGES', 'tango.po')
        if (existsSync(file)) candidates.push(file)
      }
    }
    for (const file of candidates) {
      const language = file.split(/[/\\]/).at(-3) ?? ''
      if (wanted.size === 0 || wanted.has(language)) files.add(file)
    }
  }
  const compiled: string[] = []
  const errors: CatalogError[] = []
  for (const file of [...files].sort()) {
    try {
      const catalog = compilePo(readFileSync(file, 'utf8'), file)
      const target = file.replace(/\.po$/, '.json')
      writeFileSync(target, JSON.stringify(catalog) + '\n')
      compiled.push(target)
    } catch (error) {
      errors.push(error instanceof CatalogError ? error : new CatalogError(file, null, (error as Error).message, { cause: error }))
    }
  }
  return { compiled, errors }
}

/** Every folder named `locale` under `root` (outside node_modules and dot folders). */
function walkLocaleDirs(root: string, out: string[] = []): string[] {
  let entries
  try {
    entries = readdirSync(root, { withFileTypes: true })
  } catch {
    return out
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(root, entry.name)
    if (entry.name === 'locale') out.push(path)
    else walkLocaleDirs(path, out)
  }
  return out
}
