/**
 * `importAppModels()`: imports each installed app's `models.ts`, so every model is registered
 * before migrations, the admin or a request need them (Django's `apps.populate` importing
 * `models` modules).
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { apps } from '../../core/apps.ts'

/**
 * Imports `<app.path>/models.ts` (or `models.js`, or `models/index.ts`) for each installed app, in
 * `INSTALLED_APPS` order. Importing twice is free (ES modules are cached).
 * @returns the labels of the apps whose models module was imported.
 * @throws whatever a models module throws while loading.
 */
export async function importAppModels(): Promise<string[]> {
  const imported: string[] = []
  for (const app of apps.all()) {
    const candidates = ['models.ts', 'models.js', join('models', 'index.ts'), join('models', 'index.js')]
    const file = candidates.map((c) => join(app.path, c)).find((path) => existsSync(path))
    if (!file) continue
    await import(pathToFileURL(file).href)
    imported.push(app.label)
  }
  return imported
}
