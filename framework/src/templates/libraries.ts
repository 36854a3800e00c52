/**
 * Template libraries: tags (nunjucks extensions), filters and globals that subsystems and apps add
 * to every engine (as Django's template tag libraries and `TEMPLATES.OPTIONS.builtins`). i18n adds
 * `{% trans %}`, the cache adds `{% cache %}`, and so on, without the template engine importing them.
 *
 * @module
 */
import type nunjucks from 'nunjucks'
import type { FilterFunction } from './filters/index.ts'

/** What a library adds; every part is optional. */
export interface TemplateLibrary {
  /** Tags, by extension name (unique across libraries): nunjucks extension objects with `tags` and `parse`. */
  readonly extensions?: Readonly<Record<string, nunjucks.Extension>>
  /** Filters, by name (`{{ value | name }}`); a later library replaces an earlier one's filter of the same name. */
  readonly filters?: Readonly<Record<string, FilterFunction>>
  /** Globals, by name (values or functions visible in every template). */
  readonly globals?: Readonly<Record<string, unknown>>
}

const libraries = new Map<string, TemplateLibrary>()
let version = 0

/**
 * Adds (or replaces, by `name`) a library that every engine built from now on applies, after the
 * built-in tags and filters. The project's cached engine is rebuilt on its next use.
 * @param name - the library's name, e.g. `'i18n'`.
 */
export function registerTemplateLibrary(name: string, library: TemplateLibrary): void {
  libraries.set(name, library)
  version += 1
}

/** The registered libraries, in registration order. */
export function registeredTemplateLibraries(): readonly TemplateLibrary[] {
  return [...libraries.values()]
}

/** A number that changes whenever a library is registered (the cached engine compares it). */
export function templateLibrariesVersion(): number {
  return version
}

/** Forgets every registered library (tests). */
export function clearTemplateLibraries(): void {
  libraries.clear()
  version += 1
}
