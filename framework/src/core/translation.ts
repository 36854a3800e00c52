/**
 * The translation runtime every layer may call (Django's `django.utils.translation` entry points):
 * {@link gettext} (also {@link _}), {@link ngettext}, {@link pgettext}, {@link npgettext}, their
 * lazy variants, and the active language and time zone, held per async context (per request) in an
 * `AsyncLocalStorage`.
 *
 * It lives in `core` so that models, forms and auth (below `tango/i18n`) can mark strings for
 * translation. The catalogs themselves are loaded by `tango/i18n`, which installs itself with
 * {@link setTranslationProvider} when imported; until then every string translates to itself.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { settings } from './settings.ts'

/**
 * Looks messages up in the loaded catalogs; `tango/i18n` installs one. Returns `null` when the
 * catalogs of `language` have no translation, so the caller falls back to the source string.
 */
export interface TranslationProvider {
  /**
   * @param language - a lower-case language code such as `ru` or `pt-br`.
   * @param context - the `msgctxt`, or `null`.
   * @param msgid - the source string (the singular for a plural message).
   * @param plural - `{ msgidPlural, n }` for a plural message, else `null`.
   * @returns the translation, or `null`.
   */
  translate(language: string, context: string | null, msgid: string, plural: { readonly msgidPlural: string; readonly n: number } | null): string | null
}

/** The per-context state: the active language and time zone (`null` means "the default"). */
interface LocaleState {
  language: string | null
  /** `true` after {@link deactivateAll}: no translation at all (Django's `deactivate_all`). */
  off: boolean
  timeZone: string | null
}

const storage = new AsyncLocalStorage<LocaleState>()
// Outside any request: the process' own state, as Django's main thread.
const root: LocaleState = { language: null, off: false, timeZone: null }
let provider: TranslationProvider | null = null

const current = (): LocaleState => storage.getStore() ?? root

/**
 * Installs the catalog lookup (`tango/i18n` does this when imported). Pass `null` to go back to
 * "every string translates to itself".
 */
export function setTranslationProvider(value: TranslationProvider | null): void {
  provider = value
}

/** Whether a translation provider is installed (`tango/i18n` has been imported). */
export function hasTranslationProvider(): boolean {
  return provider !== null
}

/** Lower-cases a language tag and turns `_` into `-` (`ru_RU` → `ru-ru`), as Django's `to_language`. */
export function normalizeLanguage(language: string): string {
  return language.trim().toLowerCase().replaceAll('_', '-')
}

/**
 * Makes `language` the active one for the current async context (the current request when called
 * under `LocaleMiddleware` or {@link override}; the whole process otherwise), as Django's
 * `activate()`.
 * @param language - a language code, e.g. `ru`, `pt-BR` (stored lower-cased).
 */
export function activate(language: string): void {
  const state = current()
  state.language = normalizeLanguage(language)
  state.off = false
}

/** Forgets the active language: {@link getLanguage} gives `LANGUAGE_CODE` again (Django's `deactivate()`). */
export function deactivate(): void {
  const state = current()
  state.language = null
  state.off = false
}

/** Turns translation off in the current context: strings are returned untranslated (Django's `deactivate_all()`). */
export function deactivateAll(): void {
  const state = current()
  state.language = null
  state.off = true
}

/**
 * The active language: the one {@link activate}d in this context, else `settings.LANGUAGE_CODE`
 * (lower-cased), as Django's `get_language()`. With `USE_I18N` off it is always `LANGUAGE_CODE`.
 */
export function getLanguage(): string {
  const state = current()
  if (!settings.USE_I18N || state.language === null) return defaultLanguage()
  return state.language
}

let lastLanguageCode = ''
let lastDefaultLanguage = ''

/** `LANGUAGE_CODE` normalized, remembered while the setting stays the same (every `gettext` asks). */
function defaultLanguage(): string {
  const code = settings.LANGUAGE_CODE
  if (code !== lastLanguageCode) {
    lastDefaultLanguage = normalizeLanguage(code)
    lastLanguageCode = code
  }
  return lastDefaultLanguage
}

/**
 * Runs `fn` with `language` active, in a context of its own, so concurrent work keeps its own
 * language (Django's `translation.override`, a context manager there). `null` turns translation
 * off inside. The time zone is inherited.
 * @returns what `fn` returns (a promise stays in the context until it settles).
 * @example
 * ```ts
 * const subject = override('ru', () => gettext('Password reset'))
 * ```
 */
export function override<T>(language: string | null, fn: () => T): T {
  const parent = current()
  const state: LocaleState = { language: language === null ? null : normalizeLanguage(language), off: language === null, timeZone: parent.timeZone }
  return storage.run(state, fn)
}

/**
 * Runs `fn` in a fresh context whose {@link activate}/{@link activateTimeZone} calls stay inside it
 * (what `LocaleMiddleware` wraps each request in).
 * @internal
 */
export function withLocaleContext<T>(fn: () => T): T {
  const parent = current()
  return storage.run({ language: parent.language, off: parent.off, timeZone: parent.timeZone }, fn)
}

function lookup(context: string | null, msgid: string, plural: { readonly msgidPlural: string; readonly n: number } | null): string {
  const state = current()
  const fallback = plural === null || plural.n === 1 ? msgid : plural.msgidPlural
  if (provider === null || state.off || !settings.USE_I18N) return fallback
  return provider.translate(getLanguage(), context, msgid, plural) ?? fallback
}

/**
 * Translates `message` into the active language (Django's `gettext`); the source string when no
 * catalog has it.
 * @example `gettext('This field is required.')`
 */
export function gettext(message: string): string {
  return lookup(null, message, null)
}

/** {@link gettext} under the conventional short name (`makemessages` extracts `_('...')` too). */
export const _ = gettext

/**
 * Marks `message` for `makemessages` and returns it untranslated (Django's `gettext_noop`): for a
 * string stored in English and translated where it is shown, such as an app's `verboseName`, which
 * the admin passes through {@link gettext} when it draws the app list.
 */
export function gettextNoop(message: string): string {
  return message
}

/**
 * Translates a message with a plural form chosen by `n` under the language's `Plural-Forms` rule
 * (Django's `ngettext`). Untranslated: `singular` when `n === 1`, else `plural`.
 * @example `ngettext('{n} item', '{n} items', n)`
 */
export function ngettext(singular: string, plural: string, n: number): string {
  return lookup(null, singular, { msgidPlural: plural, n })
}

/**
 * Translates `message` in a context (the catalog's `msgctxt`), to tell apart equal source strings
 * ("May" the month, "May" the verb), as Django's `pgettext`.
 */
export function pgettext(context: string, message: string): string {
  return lookup(context, message, null)
}

/** {@link ngettext} with a context (Django's `npgettext`). */
export function npgettext(context: string, singular: string, plural: string, n: number): string {
  return lookup(context, singular, { msgidPlural: plural, n })
}

/**
 * A string translated when it is used, not when it is made (Django's lazy proxy from
 * `gettext_lazy`): `toString()`, `valueOf()`, `toJSON()` and string coercion (`${s}`, `String(s)`,
 * nunjucks output) translate into the language active at that moment. Use it for strings defined
 * at module load: field labels, verbose names, message tables.
 */
export class LazyString {
  readonly #resolve: () => string

  /** @param resolve - called on every use; returns the translated text. */
  constructor(resolve: () => string) {
    this.#resolve = resolve
  }

  /** The text in the active language. */
  toString(): string {
    return this.#resolve()
  }

  /** The text in the active language. */
  valueOf(): string {
    return this.#resolve()
  }

  /** The text in the active language (so `JSON.stringify` writes a string). */
  toJSON(): string {
    return this.#resolve()
  }

  /** The text in the active language, for `${lazy}` and `+`. */
  [Symbol.toPrimitive](): string {
    return this.#resolve()
  }
}

/** A string or a {@link LazyString}: what APIs that show text accept. */
export type StringOrLazy = string | LazyString

/** Whether `value` is a {@link LazyString}. */
export function isLazyString(value: unknown): value is LazyString {
  return value instanceof LazyString
}

/** {@link gettext} at use time (Django's `gettext_lazy`). */
export function gettextLazy(message: string): LazyString {
  return new LazyString(() => gettext(message))
}

/**
 * A lazy plural message whose count is only known when the message is formatted (Django's
 * `ngettext_lazy(singular, plural, 'limit_value')`): {@link PluralLazyString.forCount} picks the
 * form; plain `toString()` gives the form for a count of 0 (the general plural in most languages).
 */
export class PluralLazyString extends LazyString {
  /** The name of the parameter that holds the count (`'limitValue'`). */
  readonly countName: string
  readonly #singular: string
  readonly #plural: string

  /**
   * @param singular - the English singular.
   * @param plural - the English plural.
   * @param countName - the parameter the count is read from when formatting.
   */
  constructor(singular: string, plural: string, countName: string) {
    super(() => ngettext(singular, plural, 0))
    this.countName = countName
    this.#singular = singular
    this.#plural = plural
  }

  /** The text for `n` in the active language. */
  forCount(n: number): string {
    return ngettext(this.#singular, this.#plural, n)
  }
}

/**
 * {@link ngettext} at use time (Django's `ngettext_lazy`). `n` may be the name of a formatting
 * parameter instead of a number: the result is then a {@link PluralLazyString} whose form is chosen
 * by that parameter's value when the message is filled (as `formatMessage` in `tango/forms` does).
 */
export function ngettextLazy(singular: string, plural: string, n: number): LazyString
export function ngettextLazy(singular: string, plural: string, n: string): PluralLazyString
export function ngettextLazy(singular: string, plural: string, n: number | string): LazyString {
  if (typeof n === 'string') return new PluralLazyString(singular, plural, n)
  return new LazyString(() => ngettext(singular, plural, n))
}

/** {@link pgettext} at use time (Django's `pgettext_lazy`). */
export function pgettextLazy(context: string, message: string): LazyString {
  return new LazyString(() => pgettext(context, message))
}

/** {@link npgettext} at use time (Django's `npgettext_lazy`). */
export function npgettextLazy(context: string, singular: string, plural: string, n: number): LazyString {
  return new LazyString(() => npgettext(context, singular, plural, n))
}

/**
 * Makes `zone` the current time zone for display in this context (Django's
 * `timezone.activate`). Checked with `Intl`.
 * @param zone - an IANA name such as `Europe/Moscow`.
 * @throws {@link RangeError} for an unknown zone.
 */
export function activateTimeZone(zone: string): void {
  // Intl throws a RangeError naming the zone when it does not know it.
  new Intl.DateTimeFormat('en-US', { timeZone: zone })
  current().timeZone = zone
}

/** Goes back to `settings.TIME_ZONE` (Django's `timezone.deactivate`). */
export function deactivateTimeZone(): void {
  current().timeZone = null
}

/** The current time zone: the activated one, else `settings.TIME_ZONE` (Django's `get_current_timezone_name`). */
export function getCurrentTimeZone(): string {
  return current().timeZone ?? settings.TIME_ZONE
}

/** Runs `fn` with `zone` as the current time zone, in a context of its own (Django's `timezone.override`). */
export function overrideTimeZone<T>(zone: string, fn: () => T): T {
  new Intl.DateTimeFormat('en-US', { timeZone: zone })
  const parent = current()
  return storage.run({ language: parent.language, off: parent.off, timeZone: zone }, fn)
}
