/**
 * `tango/i18n`: internationalization as Django's `django.utils.translation`,
 * `django.middleware.locale`, `django.utils.formats` and `django.utils.timezone`.
 *
 * - The runtime (`gettext`/`_`, `ngettext`, `pgettext`, `npgettext`, the `...Lazy` variants,
 *   `activate`, `override`, `getLanguage`, the time zone) lives in `tango/core` so every layer can
 *   call it; it is re-exported here.
 * - Importing this module installs the catalogs (`locale/<lang>/LC_MESSAGES/tango.po` in
 *   `LOCALE_PATHS`, each app, and Tango's own), the `i18n` template library (`{% trans %}`,
 *   `{% blocktrans %}`, `_()`, `localize`, `localtime`) and the i18n context processor.
 * - {@link LocaleMiddleware}, {@link i18nPatterns}, {@link setLanguage} and {@link i18nUrls} route
 *   requests by language; `makemessages` and `compilemessages` manage the catalogs.
 *
 * @example
 * ```ts
 * import { gettext as _, ngettext, override } from 'tango/i18n'
 * override('ru', () => ngettext('{n} apple', '{n} apples', 5))
 * ```
 *
 * @module
 */
import { setTranslationProvider } from '../core/translation.ts'
import { registerContextProcessor } from '../templates/context-processors.ts'
import { setDateLocaleResolver } from '../templates/filters/date-format.ts'
import { registerTemplateLibrary } from '../templates/libraries.ts'
import { catalogProvider } from './catalogs.ts'
import { dateLocaleFor } from './formats.ts'
import { i18nContextProcessor, i18nTemplateLibrary } from './template-tags.ts'

export {
  gettext, _, gettextNoop, ngettext, pgettext, npgettext, gettextLazy, ngettextLazy, pgettextLazy, npgettextLazy, LazyString, PluralLazyString, isLazyString,
  activate, deactivate, deactivateAll, getLanguage, override, activateTimeZone, deactivateTimeZone, getCurrentTimeZone, overrideTimeZone,
} from '../core/translation.ts'
export type { StringOrLazy, TranslationProvider } from '../core/translation.ts'
export { catalogFor, checkForLanguage, localeDirs, resetTranslationCaches, toLocale, FRAMEWORK_LOCALE_DIR } from './catalogs.ts'
export type { MergedCatalog } from './catalogs.ts'
export { CatalogError, compilePo, loadCatalog, readPoFile } from './po-file.ts'
export type { CompiledCatalog, LoadedCatalog } from './po-file.ts'
export { compilePluralExpression, parsePluralForms, pluralFormsFor, PLURAL_FORMS } from './plural.ts'
export type { PluralFunction, PluralRule } from './plural.ts'
export { parseAcceptLanguage, getLanguageFromPath, getLanguageFromRequest, getSupportedLanguageVariant, ACCEPT_LANGUAGE_MAX_LENGTH, ACCEPT_LANGUAGE_MAX_ENTRIES } from './language.ts'
export { LocaleMiddleware } from './middleware.ts'
export { i18nPatterns, i18nUrls, setLanguage, translateUrl } from './urls.ts'
export type { I18nPatternsOptions } from './urls.ts'
export { formatDate, formatNumber, formatCurrency, localtime, dateLocaleFor, LOCALE_FORMATS } from './formats.ts'
export type { FormatDateOptions, FormatNumberOptions, LocalDateTime } from './formats.ts'
export { i18nContextProcessor, i18nTemplateLibrary, getLanguageBidi } from './template-tags.ts'
export { makeMessages, compileMessages } from './messages-files.ts'
export type { MakeMessagesOptions, MakeMessagesResult, CompileMessagesResult } from './messages-files.ts'
export { makemessagesCommand, compilemessagesCommand } from './commands.ts'

/**
 * Installs i18n into the lower layers: the catalog provider behind `gettext`, the date names
 * behind the `date` filter, the `i18n` template library and the context processor. Runs when this
 * module is imported; call it again after a test cleared the template libraries. Idempotent.
 */
export function installI18n(): void {
  setTranslationProvider(catalogProvider)
  setDateLocaleResolver(dateLocaleFor)
  registerTemplateLibrary('i18n', i18nTemplateLibrary())
  registerContextProcessor(i18nContextProcessor)
}

installI18n()
