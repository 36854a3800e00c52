/**
 * How a fresh process (a `serve` worker, runserver's child) loads a project: import the settings
 * module named by `TANGO_SETTINGS_MODULE`, install the settings, import the apps' models, run the
 * apps' `ready` hooks and build the request handler, as Django's `get_wsgi_application()`.
 *
 * @module
 * @internal
 */
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
// Registers the {% cache %} template tag in every process that serves requests (serve workers,
// runserver's child), whether or not the project imports tango/cache itself.
import '../cache/template-tag.ts'
import { apps } from '../core/apps.ts'
import { ImproperlyConfigured } from '../core/errors.ts'
import { configure } from '../core/settings.ts'
import type { Settings, SettingsInput } from '../core/settings.ts'
import { getHandler } from '../handler/index.ts'
import type { RequestHandler } from '../http/types.ts'

/**
 * The absolute path of the project's settings module: `explicit` if given, else env
 * `TANGO_SETTINGS_MODULE`. File URLs are accepted; relative paths resolve against the current directory.
 *
 * @throws {@link ImproperlyConfigured} when neither names a module.
 * @internal
 */
export function resolveSettingsModule(explicit?: string | URL): string {
  const value = explicit ?? process.env.TANGO_SETTINGS_MODULE
  if (value === undefined || value === '') {
    throw new ImproperlyConfigured(
      'TANGO_SETTINGS_MODULE is not set: the server needs the absolute path of the project\'s settings.ts ' +
        '(run it through the project\'s manage.ts or `tango`, which set it).',
    )
  }
  const text = typeof value === 'string' ? value : value.href
  if (text.startsWith('file:')) return fileURLToPath(text)
  return isAbsolute(text) ? text : resolve(text)
}

/** Settings a server imposes on the project, or a function of the project's settings that gives them. @internal */
export type SettingsOverrides = SettingsInput | ((project: Settings) => SettingsInput)

/**
 * Imports the settings module and installs its default export with `configure()`.
 *
 * @param settingsModule - absolute path of `settings.ts`.
 * @param overrides - settings the server imposes (e.g. `FORWARDED_ALLOW_IPS` from `--forwarded-allow-ips`),
 *   or a function of the project's settings that returns them.
 * @returns the installed settings.
 * @throws whatever the module throws while loading, or {@link ImproperlyConfigured} when it has no default export.
 * @internal
 */
export async function loadSettings(settingsModule: string, overrides: SettingsOverrides = {}): Promise<Settings> {
  const mod = (await import(pathToFileURL(settingsModule).href)) as { default?: unknown }
  const value = mod.default
  if (typeof value !== 'object' || value === null) {
    throw new ImproperlyConfigured(`${settingsModule} has no default export; write \`export default defineSettings({ ... })\`.`)
  }
  // A module's default export is the frozen object defineSettings() built; overriding keeps it
  // frozen so configure() takes it as complete instead of re-applying the environment.
  const base = value as Settings
  const extra = typeof overrides === 'function' ? overrides(base) : overrides
  return configure(Object.keys(extra).length === 0 ? base : Object.freeze({ ...base, ...extra }))
}

/**
 * Loads a project into this process and returns its request handler.
 *
 * @param settingsModule - absolute path of `settings.ts`.
 * @param overrides - settings the server imposes.
 * @returns the handler (`getHandler()`), with settings configured, models registered and apps ready.
 * @internal
 */
export async function loadProject(settingsModule: string, overrides: SettingsOverrides = {}): Promise<RequestHandler> {
  await loadSettings(settingsModule, overrides)
  // Models before ready(), as Django's apps.populate(). Loaded on demand: autodiscovery imports
  // only models files that exist, so a project without models loads no ORM.
  const { importAppModels } = await import('../db/models/autodiscover.ts')
  await importAppModels()
  await apps.ready()
  return getHandler()
}
