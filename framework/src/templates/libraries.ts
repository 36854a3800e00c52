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
  /**
   * Filters that return a promise, by name: `{% set rows = query | name %}`. The render waits for
   * them; use them in `{% set %}` or `{{ }}` (nunjucks' async filters).
   */
  readonly asyncFilters?: Readonly<Record<string, AsyncFilterFunction>>
}

/** A filter whose result is a promise (see {@link TemplateLibrary.asyncFilters}). */
export type AsyncFilterFunction = (value: unknown, ...args: unknown[]) => Promise<unknown>

/** nunjucks' shape of an async filter: the arguments, then a node-style callback. */
export function toNunjucksAsyncFilter(filter: AsyncFilterFunction): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const done = args.pop() as (error: unknown, value?: unknown) => void
    const [value, ...rest] = args
    filter(value, ...rest).then((result) => done(null, result), (error: unknown) => done(error))
  }
}

/**
 * The built-in `await` filter: `{% set sidebar = loadSidebar | await %}` calls `loadSidebar` when it is
 * a function and waits for the promise (a promise is awaited, anything else passes through). Views
 * hand templates work to do only if the template gets there, e.g. inside `{% cache %}` on a miss.
 */
export async function awaitFilter(value: unknown): Promise<unknown> {
  return typeof value === 'function' ? await (value as () => unknown)() : await value
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
