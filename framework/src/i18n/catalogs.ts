/**
 * Finding and merging the catalogs of a language, as Django's `DjangoTranslation`: the folders in
 * `settings.LOCALE_PATHS` win, then each installed app's `locale/` in `INSTALLED_APPS` order, then
 * Tango's own catalog. A regional language (`ru-ru`) uses its own catalogs (`ru_RU`) over the
 * generic ones (`ru`). Merged catalogs are cached until the settings or the apps change.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apps } from '../core/apps.ts'
import type { AppConfig } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import type { Settings } from '../core/settings.ts'
import type { TranslationProvider } from '../core/translation.ts'
import { normalizeLanguage } from '../core/translation.ts'
import { loadCatalog, messageKey } from './po-file.ts'
import type { PluralFunction } from './plural.ts'

/** Tango's own catalogs: `framework/src/i18n/locale/<lang>/LC_MESSAGES/tango.po`. */
export const FRAMEWORK_LOCALE_DIR = fileURLToPath(new URL('./locale', import.meta.url))

/** A merged translation: the forms and the plural rule of the catalog it came from. */
interface Entry {
  readonly forms: readonly string[]
  readonly plural: PluralFunction
}

/** Every message of one language, merged. */
export interface MergedCatalog {
  readonly language: string
  /** The catalog files used, highest precedence first. */
  readonly files: readonly string[]
  get(context: string | null, msgid: string): Entry | undefined
}

/**
 * Django's `to_locale`: `ru` → `ru`, `ru-ru` → `ru_RU`, `sr-latn` → `sr_Latn`.
 */
export function toLocale(language: string): string {
  const [lang = '', country, ...rest] = normalizeLanguage(language).split('-')
  if (country === undefined) return lang
  const region = country.length > 2 ? country[0]?.toUpperCase() + country.slice(1) : country.toUpperCase()
  return [lang + '_' + region, ...rest].join('-')
}

/**
 * The `locale/` folders searched, highest precedence first: `LOCALE_PATHS` (relative ones against
 * `BASE_DIR`), each installed app's `locale/`, then Tango's own.
 */
export function localeDirs(current: Settings = settings, installed: readonly AppConfig[] = apps.all()): string[] {
  const dirs = current.LOCALE_PATHS.map((dir) => resolve(current.BASE_DIR, dir))
  for (const app of installed) dirs.push(join(app.path, 'locale'))
  dirs.push(FRAMEWORK_LOCALE_DIR)
  return [...new Set(dirs)]
}

/** The locale folder names for a language, generic first: `ru-ru` → `['ru', 'ru_RU']`. */
function localeNames(language: string): string[] {
  const specific = toLocale(language)
  const generic = specific.split('_')[0] ?? specific
  return generic === specific ? [specific] : [generic, specific]
}

function merge(language: string): MergedCatalog {
  const entries = new Map<string, Entry>()
  const files: string[] = []
  const dirs = localeDirs()
  // Lowest precedence first, so a later assignment wins: generic catalogs, then the specific ones.
  for (const name of localeNames(language)) {
    for (const dir of [...dirs].reverse()) {
      const catalog = loadCatalog(join(dir, name, 'LC_MESSAGES'))
      if (catalog === null) continue
      files.unshift(catalog.file)
      for (const [key, forms] of catalog.messages) entries.set(key, { forms, plural: catalog.rule.plural })
    }
  }
  return { language, files, get: (context, msgid) => entries.get(messageKey(context, msgid)) }
}

let cache = new Map<string, MergedCatalog>()
let cachedFor: { settings: Settings; apps: readonly AppConfig[] } | null = null

/**
 * The merged catalog of `language`, loaded on first use and cached.
 * @throws {@link CatalogError} naming the file and line when a catalog is broken.
 */
export function catalogFor(language: string): MergedCatalog {
  const installed = apps.all()
  if (cachedFor === null || cachedFor.settings !== settings || cachedFor.apps !== installed) {
    cache = new Map()
    cachedFor = { settings, apps: installed }
  }
  const code = normalizeLanguage(language)
  let catalog = cache.get(code)
  if (catalog === undefined) {
    catalog = merge(code)
    cache.set(code, catalog)
  }
  return catalog
}

/** Forgets every loaded catalog (after writing `.po` files in tests, or on a reload). */
export function resetTranslationCaches(): void {
  cache = new Map()
  cachedFor = null
}

/**
 * Whether any catalog exists for `language` (Django's `check_for_language`). English-like source
 * languages count as available even without a catalog (the source strings are the translation).
 */
export function checkForLanguage(language: string): boolean {
  const code = normalizeLanguage(language)
  if (!/^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/.test(code)) return false
  if (code === 'en' || code.startsWith('en-')) return true
  const names = localeNames(code)
  return localeDirs().some((dir) => names.some((name) => existsSync(join(dir, name, 'LC_MESSAGES', 'tango.po')) || existsSync(join(dir, name, 'LC_MESSAGES', 'tango.json'))))
}

/** The provider `tango/i18n` installs into `tango/core`'s `gettext`. */
export const catalogProvider: TranslationProvider = {
  translate(language, context, msgid, plural) {
    const entry = catalogFor(language).get(context, msgid)
    if (entry === undefined) return null
    const form = plural === null ? entry.forms[0] : entry.forms[entry.plural(plural.n)]
    return form === undefined || form === '' ? null : form
  },
}
