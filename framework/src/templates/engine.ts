/**
 * The template engine: one nunjucks environment with autoescaping on, Tango's loaders, filters, tags
 * and globals (as Django's `DjangoTemplates` backend, with nunjucks' syntax).
 *
 * @module
 */
import { resolve } from 'node:path'
import nunjucks from 'nunjucks'
import { apps } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import type { Settings } from '../core/settings.ts'
import type { Request } from '../http/request.ts'
import { registeredContextProcessors } from './context-processors.ts'
import { awaitFilter, registeredTemplateLibraries, templateLibrariesVersion, toNunjucksAsyncFilter } from './libraries.ts'
import type { ContextProcessor } from './context-processors.ts'
import { TemplateDoesNotExist, TemplateError } from './errors.ts'
import { builtinFilters } from './filters/index.ts'
import type { FilterFunction } from './filters/index.ts'
import { TemplateLoader } from './loader.ts'
import { STATIC_GLOBAL, staticGlobal, staticTag, URL_GLOBAL, URL_OR_EMPTY_GLOBAL, urlGlobal, urlOrEmptyGlobal, urlTag } from './tags.ts'

/** What {@link TemplateEngine} takes. */
export interface TemplateEngineOptions {
  /** Folders searched for templates, in order; first match wins. */
  readonly dirs: readonly string[]
  /** Re-read and recompile templates on every render (development). Default `false`: compile once, cache. */
  readonly debug?: boolean
  /** Context processors this engine applies, before the registered ones. */
  readonly contextProcessors?: readonly ContextProcessor[]
  /** IANA time zone the `date` and `time` filters format in. Default `UTC`. */
  readonly timeZone?: string
}

/** A template context: variable name → value. */
export type TemplateContext = Readonly<Record<string, unknown>>

const NOT_FOUND = /template not found: (.+?)\s*$/
const HEADER = /^\s*\((.*)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?$/

/** The fields nunjucks puts on its errors (with `dev: true`). */
interface NunjucksError {
  readonly message: string
  readonly lineno?: number
  readonly colno?: number
  readonly cause?: unknown
}

/**
 * A nunjucks environment configured the Tango way. Most code uses {@link getEngine} and
 * {@link renderToString}; build one directly for tests or a second set of folders.
 */
export class TemplateEngine {
  /** Finds template files. */
  readonly loader: TemplateLoader
  /** Whether templates are recompiled on each render. */
  readonly debug: boolean
  /** This engine's context processors; push to add one. Registered processors run after these. */
  readonly contextProcessors: ContextProcessor[]
  /** The nunjucks environment, for what Tango does not wrap (custom extensions). */
  readonly environment: nunjucks.Environment

  /** @param options - folders, debug mode, context processors and time zone. */
  constructor(options: TemplateEngineOptions) {
    this.debug = options.debug ?? false
    this.loader = new TemplateLoader(options.dirs, { noCache: this.debug })
    this.contextProcessors = [...(options.contextProcessors ?? [])]
    // The loader returns null for a miss, which nunjucks expects although its types say otherwise.
    const loader = this.loader as unknown as nunjucks.ILoader
    // dev: keep nunjucks' original error as `cause` and its line numbers on the error object.
    this.environment = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, dev: true })
    for (const [name, filter] of Object.entries(builtinFilters(options.timeZone ?? 'UTC'))) this.environment.addFilter(name, filter)
    this.environment.addGlobal('url', urlGlobal)
    this.environment.addGlobal('static', staticGlobal)
    this.environment.addGlobal(URL_GLOBAL, urlGlobal)
    this.environment.addGlobal(URL_OR_EMPTY_GLOBAL, urlOrEmptyGlobal)
    this.environment.addGlobal(STATIC_GLOBAL, staticGlobal)
    this.environment.addExtension('TangoUrlTag', urlTag())
    this.environment.addExtension('TangoStaticTag', staticTag())
    this.environment.addFilter('await', toNunjucksAsyncFilter(awaitFilter), true)
    for (const library of registeredTemplateLibraries()) {
      for (const [name, extension] of Object.entries(library.extensions ?? {})) this.environment.addExtension(name, extension)
      for (const [name, filter] of Object.entries(library.filters ?? {})) this.environment.addFilter(name, filter)
      for (const [name, value] of Object.entries(library.globals ?? {})) this.environment.addGlobal(name, value)
      for (const [name, filter] of Object.entries(library.asyncFilters ?? {})) this.environment.addFilter(name, toNunjucksAsyncFilter(filter), true)
    }
  }

  /**
   * An engine for `settings`: `TEMPLATES.DIRS` (relative ones resolve against `BASE_DIR`), then, with
   * `TEMPLATES.APP_DIRS`, each installed app's `templates/` in `INSTALLED_APPS` order; `DEBUG` turns
   * on recompiling.
   */
  static fromSettings(current: Settings = settings): TemplateEngine {
    const dirs = current.TEMPLATES.DIRS.map((dir) => resolve(current.BASE_DIR, dir))
    if (current.TEMPLATES.APP_DIRS) {
      for (const app of apps.all()) if (app.templatesDir !== null) dirs.push(app.templatesDir)
    }
    return new TemplateEngine({ dirs, debug: current.DEBUG })
  }

  /** The folders searched, in order. */
  get dirs(): readonly string[] {
    return this.loader.dirs
  }

  /** Adds or replaces a filter (`{{ value | name(arg) }}`). */
  addFilter(name: string, filter: FilterFunction): this {
    this.environment.addFilter(name, filter)
    return this
  }

  /** Adds or replaces a global variable or function visible in every template. */
  addGlobal(name: string, value: unknown): this {
    this.environment.addGlobal(name, value)
    return this
  }

  /**
   * The first of `names` that exists (as Django's `select_template`).
   * @throws {@link TemplateDoesNotExist} listing every path tried.
   */
  selectTemplate(names: string | readonly string[]): string {
    const list = typeof names === 'string' ? [names] : names
    for (const name of list) if (this.loader.find(name) !== null) return name
    throw new TemplateDoesNotExist(list.join(', '), list.flatMap((n) => this.loader.candidates(n)))
  }

  /**
   * The context a template sees: `request` and the context processors' values (only when rendering
   * with a request), then `context`, which wins on a clash (as Django's `RequestContext`).
   */
  async buildContext(context: TemplateContext = {}, request: Request | null = null): Promise<Record<string, unknown>> {
    if (request === null) return { ...context }
    const out: Record<string, unknown> = { request }
    for (const processor of [...this.contextProcessors, ...registeredContextProcessors()]) Object.assign(out, await processor(request))
    return Object.assign(out, context)
  }

  /**
   * Renders a template file. Runs through nunjucks' callback API, so a render never holds the event
   * loop longer than the template's own work.
   *
   * @param name - a template name (`news/detail.html`) or a list, of which the first that exists is used.
   * @param context - variables for the template.
   * @param request - adds `request` and the context processors' values.
   * @returns the rendered text.
   * @throws {@link TemplateDoesNotExist} when no folder holds the template (or an `include`d one).
   * @throws {@link TemplateError} for a syntax error or an error raised while rendering, with line and column.
   */
  async render(name: string | readonly string[], context: TemplateContext = {}, request: Request | null = null): Promise<string> {
    const chosen = typeof name === 'string' ? name : this.selectTemplate(name)
    const full = await this.buildContext(context, request)
    return new Promise<string>((resolve, reject) => {
      this.environment.render(chosen, full, (error, result) => {
        if (error) reject(this.#translate(error, chosen))
        else resolve(result ?? '')
      })
    })
  }

  /**
   * Renders template source given as a string (as Django's `Engine.from_string(...).render()`).
   * @throws {@link TemplateError} as {@link TemplateEngine.render}.
   */
  async renderString(source: string, context: TemplateContext = {}, request: Request | null = null): Promise<string> {
    const full = await this.buildContext(context, request)
    return new Promise<string>((resolve, reject) => {
      this.environment.renderString(source, full, (error, result) => {
        if (error) reject(this.#translate(error, null))
        else resolve(result ?? '')
      })
    })
  }

  /** Turns a nunjucks error into a {@link TemplateDoesNotExist} or a {@link TemplateError}. */
  #translate(raw: unknown, topName: string | null): Error {
    const error = (raw instanceof Error ? raw : new Error(String(raw))) as Error & NunjucksError
    const missing = NOT_FOUND.exec(error.message)
    if (missing !== null) {
      const name = missing[1] as string
      return new TemplateDoesNotExist(name, this.loader.candidates(name), { cause: error })
    }
    let path: string | null = null
    const detail: string[] = []
    for (const line of error.message.split('\n')) {
      const header = HEADER.exec(line)
      if (header !== null && detail.length === 0) path = header[1] === 'unknown path' ? null : (header[1] ?? null)
      else detail.push(line.trim())
    }
    // Compile errors carry 1-based positions; runtime errors (those with a cause) carry 0-based ones,
    // and 0/0 when nunjucks tracked no position at all.
    let line: number | null = error.lineno ?? null
    let column: number | null = error.colno ?? null
    if (error.cause !== undefined) {
      const known = Boolean(line) || Boolean(column)
      line = known && line !== null ? line + 1 : null
      column = known && column !== null ? column + 1 : null
    } else {
      line = line || null
      column = column || null
    }
    const templateName = path === null ? (topName === null ? null : topName) : (this.loader.nameOf(path) ?? path)
    const options = error.cause === undefined ? { cause: error } : { cause: error.cause }
    return new TemplateError(detail.join(' ').trim() || error.message, { templateName, templatePath: path, line, column }, options)
  }
}

let engine: TemplateEngine | null = null
let builtFrom: Settings | null = null
let builtWithLibraries = -1

/**
 * The project's engine, built from the active settings on first use and cached; rebuilt when
 * `configure()` installed new settings or a template library was registered since.
 */
export function getEngine(): TemplateEngine {
  if (engine === null || builtFrom !== settings || builtWithLibraries !== templateLibrariesVersion()) {
    engine = TemplateEngine.fromSettings(settings)
    builtFrom = settings
    builtWithLibraries = templateLibrariesVersion()
  }
  return engine
}

/** Drops the cached engine (tests, or after changing template folders); the next use rebuilds it. */
export function resetEngine(): void {
  engine = null
  builtFrom = null
}

/**
 * Renders a template with the project's engine (as Django's `render_to_string`).
 *
 * @param name - a template name, or a list of names of which the first that exists is used.
 * @param context - variables for the template.
 * @param request - when given, the template also sees `request` and the context processors' values.
 * @throws {@link TemplateDoesNotExist} and {@link TemplateError}, as {@link TemplateEngine.render}.
 * @example
 * ```ts
 * const html = await renderToString('news/detail.html', { article }, request)
 * ```
 */
export function renderToString(name: string | readonly string[], context: TemplateContext = {}, request: Request | null = null): Promise<string> {
  return getEngine().render(name, context, request)
}
