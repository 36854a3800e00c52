/**
 * `tango/core`: settings, apps and errors.
 *
 * @module
 */
export { TangoError, ImproperlyConfigured } from './errors.ts'
export { defineApp, apps, AppRegistry } from './apps.ts'
export type { AppOptions, AppConfig, AppCommand } from './apps.ts'
export { defineSettings, configure, settings, defaultSettings, INSECURE_SECRET_KEY_PREFIX } from './settings.ts'
export type { Settings, SettingsInput, TemplatesSetting, UrlConf, MiddlewareFactory, DatabaseSetting } from './settings.ts'
export { Signal, requestStarted, requestFinished, gotRequestException } from './signals.ts'
export type { Receiver, ConnectOptions, RobustResult, RequestSignalArgs, RequestFinishedArgs, RequestExceptionArgs } from './signals.ts'
export { getLogger, configureLogging } from './logging.ts'
export type { Logger, LoggingOptions } from './logging.ts'
export { CheckLevel, checkMessage, checkTags, isSerious, registerCheck, runChecks } from './checks.ts'
export type { CheckMessage, CheckFunction, CheckOptions, RunChecksOptions, CheckLevelValue, CheckLevelName } from './checks.ts'
export { Signer, TimestampSigner, BadSignature, SignatureExpired, signing, saltedHmac, constantTimeCompare, getRandomString } from './signing.ts'
export type { SignerOptions, SignObjectOptions, UnsignOptions, DumpsOptions, LoadsOptions } from './signing.ts'
export { gettext, _, gettextNoop, ngettext, pgettext, npgettext, gettextLazy, ngettextLazy, pgettextLazy, npgettextLazy, LazyString, PluralLazyString, isLazyString, activate, deactivate, deactivateAll, getLanguage, override, normalizeLanguage, setTranslationProvider, hasTranslationProvider, withLocaleContext, activateTimeZone, deactivateTimeZone, getCurrentTimeZone, overrideTimeZone } from './translation.ts'
export type { TranslationProvider, StringOrLazy } from './translation.ts'
