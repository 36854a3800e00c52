/**
 * `tango/handler`: the base handler (as Django's `BaseHandler`) that turns a request into a
 * response through the middleware chain, the URL resolver and the view, and the middleware types.
 * Errors never escape it: `HttpError`s become their status, anything else a 500 (with a DEBUG page
 * when `DEBUG` is on).
 *
 * @module
 */
export { createHandler, getHandler, resetHandler } from './base-handler.ts'
export type { HandlerOptions } from './base-handler.ts'
export { isResponse, unresolvedResolver } from './exception.ts'
export { technical404Page, technical500Page } from './debug-page.ts'
export type { DebugErrorInfo, DebugNotFoundInfo } from './debug-page.ts'
export { cleanseValue, safeSettings, safeHeaders, safeQuery, HIDDEN_NAMES, CLEANSED_SUBSTITUTE } from './safe-settings.ts'
export type { Middleware, MiddlewareHandler, GetResponse, UrlResolverLike, ErrorView } from './types.ts'
export type { RequestHandler } from '../http/types.ts'
