/**
 * `tango/templates`: the template engine. nunjucks with autoescaping on, templates found in the
 * project's `TEMPLATES.DIRS` and then each app's `templates/` (first match wins), Django's most used
 * filters, and the `url` and `static` tags and globals.
 *
 * @example
 * ```ts
 * import { renderToString } from 'tango/templates'
 * const html = await renderToString('news/detail.html', { article }, request)
 * ```
 *
 * @module
 */
export { TemplateEngine, getEngine, resetEngine, renderToString } from './engine.ts'
export type { TemplateEngineOptions, TemplateContext } from './engine.ts'
export { TemplateError, TemplateDoesNotExist } from './errors.ts'
export type { TemplateErrorInfo } from './errors.ts'
export { TemplateLoader } from './loader.ts'
export type { LoadedSource } from './loader.ts'
export { registerContextProcessor, registeredContextProcessors, clearContextProcessors } from './context-processors.ts'
export type { ContextProcessor } from './context-processors.ts'
export { registerTemplateLibrary, registeredTemplateLibraries, clearTemplateLibraries, awaitFilter } from './libraries.ts'
export type { TemplateLibrary, AsyncFilterFunction } from './libraries.ts'
export { markSafe, isSafe, escapeHtml, conditionalEscape } from './safe.ts'
export type { SafeString } from './safe.ts'
export { staticUrl, setStaticUrlResolver, urlQuote } from './static-url.ts'
export type { StaticUrlResolver } from './static-url.ts'
export { urlGlobal, staticGlobal } from './tags.ts'
export { builtinFilters, formatDate, toDate, zoneOffset, isTruthy, NAMED_FORMATS, DATE_FORMAT_CHARACTERS } from './filters/index.ts'
export type { FilterFunction } from './filters/index.ts'
