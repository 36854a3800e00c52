/**
 * The hook behind `tango/i18n`'s `i18nPatterns()`: a group of routes under a prefix that follows
 * the active language (Django's `LocalePrefixPattern`), matched by the resolver's root and written
 * by `reverse()`.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import { getLanguage, normalizeLanguage } from '../core/translation.ts'
import type { URLEntry, URLInclude } from './patterns.ts'
import type { LocalePrefixPattern } from './route.ts'

/**
 * A language-prefix pattern (Django's `LocalePrefixPattern`): its prefix is `<language>/` for the
 * active language, or `''` for `LANGUAGE_CODE` when `prefixDefaultLanguage` is `false`.
 */
export function localePrefixPattern(prefixDefaultLanguage = true): LocalePrefixPattern {
  return Object.freeze({
    kind: 'locale',
    source: '',
    prefixDefaultLanguage,
    languagePrefix: () => {
      const language = getLanguage()
      return language === normalizeLanguage(settings.LANGUAGE_CODE) && !prefixDefaultLanguage ? '' : `${language}/`
    },
  })
}

/**
 * An entry mounting `urlpatterns` under the active language's prefix. Use it at the top of the
 * root URLconf only; `tango/i18n`'s `i18nPatterns()` is the friendly front.
 */
export function localePrefixInclude(urlpatterns: readonly URLEntry[], options: { readonly prefixDefaultLanguage?: boolean } = {}): URLInclude {
  return Object.freeze({
    kind: 'URLInclude',
    pattern: localePrefixPattern(options.prefixDefaultLanguage ?? true),
    urlpatterns: Object.freeze([...urlpatterns]),
    appName: null,
    namespace: null,
  })
}
