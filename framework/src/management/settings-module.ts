/**
 * Loads a project's settings module (as Django's `DJANGO_SETTINGS_MODULE` handling): records its
 * absolute path in `TANGO_SETTINGS_MODULE` for child processes, imports it, installs its default
 * export with `configure()`, imports each installed app's `models.ts` and runs the apps' `ready`
 * hooks (Django's `django.setup()`: app configs, then models, then `ready()`).
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { apps } from '../core/apps.ts'
import { ImproperlyConfigured } from '../core/errors.ts'
import type { Settings } from '../core/settings.ts'
import { configure } from '../core/settings.ts'

/** Turns a `URL`, a `file:` URL string or a path into an absolute path. */
export function settingsPath(module: URL | string): string {
  if (module instanceof URL) return fileURLToPath(module)
  if (module.startsWith('file:')) return fileURLToPath(module)
  return isAbsolute(module) ? module : resolve(process.cwd(), module)
}

/**
 * Imports and installs a settings module.
 *
 * @param module - the module (URL or path); default `process.env.TANGO_SETTINGS_MODULE`.
 * @returns the installed settings.
 * @throws {@link ImproperlyConfigured} when no module is named, it has no default export of settings,
 *   or a setting is invalid (the message names the setting); whatever an app's `models.ts` throws.
 */
export async function loadSettingsModule(module?: URL | string): Promise<Settings> {
  const named = module ?? process.env.TANGO_SETTINGS_MODULE
  if (named === undefined || named === '') {
    throw new ImproperlyConfigured('Settings are not configured: set TANGO_SETTINGS_MODULE to the absolute path of settings.ts.')
  }
  const path = settingsPath(named)
  process.env.TANGO_SETTINGS_MODULE = path
  let imported: { default?: unknown }
  try {
    imported = (await import(pathToFileURL(path).href)) as { default?: unknown }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(path)) {
      throw new ImproperlyConfigured(`The settings module ${path} does not exist.`, { cause: error })
    }
    throw error
  }
  const value = imported.default
  if (typeof value !== 'object' || value === null) {
    throw new ImproperlyConfigured(`${path} must export its settings as default: export default defineSettings({ ... }).`)
  }
  const installed = configure(value as Settings)
  // Models before ready(), as Django's apps.populate(): ready hooks may use them (signals).
  await importModels()
  await apps.ready()
  return installed
}

/**
 * Imports every installed app's models module. The autodiscovery module is loaded on demand and
 * itself imports only the models files that exist, so a project without models loads no ORM.
 */
async function importModels(): Promise<void> {
  const { importAppModels } = await import('../db/models/autodiscover.ts')
  await importAppModels()
}
