/**
 * Serving static files from the servers, as Django's `StaticFilesHandler` does for runserver:
 * requests under `STATIC_URL` are answered from `STATICFILES_DIRS`, then each installed app's
 * `static/` folder (first match wins), with `FileResponse` (ETag, 304, ranges).
 *
 * @module
 */
import { stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { apps } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import { FileResponse } from '../http/file-response.ts'
import type { Request } from '../http/request.ts'
import { HttpResponse } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import type { RequestHandler } from '../http/types.ts'

/** What {@link staticFilesHandler} takes. */
export interface StaticFilesOptions {
  /**
   * `Cache-Control` of every file served. runserver: `no-cache` (always revalidate, so an edit shows
   * at once); serve: `public, max-age=3600` (not `immutable`: file names carry no content hash yet).
   */
  readonly cacheControl: string
  /** Search `STATIC_ROOT` (what `collectstatic` writes) before the finders. `serve` does; runserver does not. */
  readonly useStaticRoot?: boolean
}

/**
 * The folders searched for a static file, in order: `STATIC_ROOT` (when asked and set), each of
 * `STATICFILES_DIRS`, then each installed app's `static/` in `INSTALLED_APPS` order.
 */
export function staticFileRoots(useStaticRoot = false): string[] {
  const roots: string[] = []
  if (useStaticRoot && settings.STATIC_ROOT) roots.push(settings.STATIC_ROOT)
  roots.push(...settings.STATICFILES_DIRS)
  for (const app of apps.all()) if (app.staticDir !== null) roots.push(app.staticDir)
  return roots.map((root) => resolve(root))
}

/**
 * Finds a static file by its path under `STATIC_URL` (`news/site.css`).
 *
 * @param relative - the decoded path after the prefix.
 * @param roots - folders to search, in order (see {@link staticFileRoots}).
 * @returns the absolute path of the first regular file found, or `null`. Paths with `..` segments,
 *   NUL bytes or backslashes never match (Django's `safe_join`).
 */
export async function findStaticFile(relative: string, roots: readonly string[]): Promise<string | null> {
  if (relative === '' || relative.includes('\0') || relative.includes('\\')) return null
  const segments = relative.split('/')
  if (segments.some((s) => s === '..')) return null
  for (const root of roots) {
    const candidate = resolve(root, ...segments.filter((s) => s !== '' && s !== '.'))
    if (!candidate.startsWith(root + sep)) continue
    try {
      if ((await stat(candidate)).isFile()) return candidate
    } catch {
      // not in this folder: try the next
    }
  }
  return null
}

/**
 * Wraps a handler so that GET and HEAD requests under `STATIC_URL` are answered from the static
 * folders; everything else goes to `handler`. A missing file is a 404 (never the app's); another
 * method is a 405. `STATIC_URL` is read per request; an absolute URL (a CDN) turns serving off.
 *
 * @param handler - the application.
 * @param options - the `Cache-Control` to send and whether to search `STATIC_ROOT` first.
 * @returns a handler of the same shape.
 * @example
 * ```ts
 * const handler = staticFilesHandler(await getHandler(), { cacheControl: 'no-cache' })
 * ```
 */
export function staticFilesHandler(handler: RequestHandler, options: StaticFilesOptions): RequestHandler {
  return async function serveStatic(request: Request): Promise<Response> {
    const prefix = settings.STATIC_URL
    if (!prefix.startsWith('/') || prefix === '/' || !request.path.startsWith(prefix)) return handler(request)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new HttpResponse('Method Not Allowed', { status: 405, contentType: 'text/plain; charset=utf-8', headers: { allow: 'GET, HEAD' } })
    }
    const path = await findStaticFile(request.path.slice(prefix.length), staticFileRoots(options.useStaticRoot))
    if (path === null) {
      return new HttpResponse(`Not Found: ${request.path}`, { status: 404, contentType: 'text/plain; charset=utf-8' })
    }
    try {
      return new FileResponse(path, { request, headers: { 'cache-control': options.cacheControl } })
    } catch {
      // removed between the lookup and the open
      return new HttpResponse(`Not Found: ${request.path}`, { status: 404, contentType: 'text/plain; charset=utf-8' })
    }
  }
}
