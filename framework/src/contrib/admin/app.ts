/**
 * The admin app (Django's `django.contrib.admin`): list it in `INSTALLED_APPS` after `auth`,
 * `sessions` and `messages`. Its `ready` loads `LogEntry` and imports each installed app's `admin.ts`
 * (Django's `autodiscover`), so the registrations in those files reach `site`.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { apps, defineApp, gettextNoop } from 'tango/core'

/**
 * Imports `<app>/admin.ts` (or `admin.js`) of every installed app, in `INSTALLED_APPS` order (Django's
 * `admin.autodiscover()`). Importing twice is free (ES modules are cached).
 * @returns the labels of the apps whose admin module was imported.
 * @throws whatever an admin module throws while loading (e.g. `AlreadyRegistered`).
 */
export async function autodiscover(): Promise<string[]> {
  const found: string[] = []
  for (const app of apps.all()) {
    const file = ['admin.ts', 'admin.js'].map((name) => join(app.path, name)).find((path) => existsSync(path))
    if (file === undefined) continue
    await import(pathToFileURL(file).href)
    found.push(app.label)
  }
  return found
}

/** The admin app (Django's `AdminConfig`). */
export default defineApp({
  label: 'admin',
  dir: import.meta.url,
  verboseName: gettextNoop('Administration'),
  async ready() {
    await import('./models.ts')
    await autodiscover()
    const { registerAdminChecks } = await import('./checks.ts')
    registerAdminChecks()
  },
})
