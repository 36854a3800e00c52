/**
 * `tango/core`: settings, apps and errors.
 *
 * @module
 */
export { TangoError, ImproperlyConfigured } from './errors.ts'
export { defineApp, apps, AppRegistry } from './apps.ts'
export type { AppOptions, AppConfig, AppCommand } from './apps.ts'
export { defineSettings, configure, settings, defaultSettings, INSECURE_SECRET_KEY_PREFIX } from './settings.ts'
export type { Settings, SettingsInput, TemplatesSetting, UrlConf, MiddlewareFactory } from './settings.ts'
