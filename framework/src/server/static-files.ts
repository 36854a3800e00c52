/**
 * Serving static files (and, in DEBUG, media) from the servers, as Django's `StaticFilesHandler`
 * does for runserver and WhiteNoise does in production:
 * - requests under `STATIC_URL` are answered from `STATIC_ROOT` (when asked: `serve`), then
 *   `STATICFILES_DIRS`, then each installed app's `static/` folder (first match wins), with
 *   `FileResponse` (ETag, 304, ranges);
 * - files of `STATIC_ROOT` whose name is a hashed name in `collectstatic`'s manifest
 *   (`staticfiles.json`) are sent with `Cache-Control: public, max-age=31536000, immutable`, and a
 *   precompressed `.br` / `.gz` sibling is sent instead when the client's `Accept-Encoding` takes it;
 * - with `DEBUG`, requests under `MEDIA_URL` are answered from `MEDIA_ROOT` (never in production).
 *
 * The manifest's format (`{"paths": {name: hashedName}, "version": "1.1", "hash": ...}`) is read here
 * directly: the server layer does not import the staticfiles app.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { apps } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import { guessContentType } from '../http/content-types.ts'
import { FileResponse } from '../http/file-response.ts'
import type { PreloadedFile } from '../http/file-response.ts'
import type { Request } from '../http/request.ts'
import { HttpResponse } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import type { RequestHandler } from '../http/types.ts'

/** What {@link staticFilesHandler} takes. */
export interface StaticFilesOptions {
  /**
   * `Cache-Control` of the files that are not hashed names. runserver: `no-cache` (always revalidate,
   * so an edit shows at once); serve: `public, max-age=3600`.
   */
  readonly cacheControl: string
  /**
   * Search `STATIC_ROOT` (what `collectstatic` writes) before the finders, and serve it as production
   * does: hashed names `immutable`, precompressed variants by `Accept-Encoding`. `serve` does;
   * runserver does not.
   */
  readonly useStaticRoot?: boolean
  /** Answer `MEDIA_URL` from `MEDIA_ROOT` while `DEBUG` is on (default `true`; never without DEBUG). */
  readonly serveMedia?: boolean
}

/** `Cache-Control` of a hashed name: its content can never change (RFC 8246 `immutable`). */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

/** The manifest file `collectstatic` writes in `STATIC_ROOT` (Django's `ManifestStaticFilesStorage.manifest_name`). */
export const MANIFEST_NAME = 'staticfiles.json'

/** Precompressed siblings, in the server's order of preference when the client takes both equally. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const

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
 * The segments of a safe relative path, or `null` when it could leave its folder: empty, absolute
 * (a leading `/`), with a `..` segment, a backslash or a NUL byte (Django's `safe_join`). Used on
 * the already percent-decoded path, so `%2e%2e` and `%00` are caught too.
 *
 * @internal
 */
export function safeSegments(relative: string): string[] | null {
  if (relative === '' || relative.startsWith('/') || relative.includes('\0') || relative.includes('\\')) return null
  const segments = relative.split('/')
  if (segments.some((s) => s === '..')) return null
  const kept = segments.filter((s) => s !== '' && s !== '.')
  return kept.length === 0 ? null : kept
}

/**
 * Finds a static file by its path under `STATIC_URL` (`news/site.css`).
 *
 * @param relative - the decoded path after the prefix.
 * @param roots - folders to search, in order (see {@link staticFileRoots}).
 * @returns the absolute path of the first regular file found, or `null`. Paths that could leave the
 *   folders never match (see {@link safeSegments}).
 */
export async function findStaticFile(relative: string, roots: readonly string[]): Promise<string | null> {
  const segments = safeSegments(relative)
  if (segments === null) return null
  for (const root of roots) {
    const candidate = resolve(root, ...segments)
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
 * The hashed names listed in `<staticRoot>/staticfiles.json` (the manifest's values), re-read when the
 * file changes (checked at most once a second). An absent or unreadable manifest is an empty set.
 *
 * @internal
 */
export class ManifestNames {
  readonly #path: string
  #names: ReadonlySet<string> = new Set()
  #mtimeMs = -1
  #checkedAt = 0

  /** @param staticRoot - the folder holding `staticfiles.json`. */
  constructor(staticRoot: string) {
    this.#path = join(staticRoot, MANIFEST_NAME)
  }

  /** Whether `name` (relative, `/`-separated) is a hashed name of the manifest. */
  has(name: string): boolean {
    const now = Date.now()
    if (now - this.#checkedAt >= 1000) {
      this.#checkedAt = now
      this.#reload()
    }
    return this.#names.has(name)
  }

  #reload(): void {
    let mtimeMs: number
    try {
      mtimeMs = statSync(this.#path).mtimeMs
    } catch {
      this.#names = new Set()
      this.#mtimeMs = -1
      return
    }
    if (mtimeMs === this.#mtimeMs) return
    this.#mtimeMs = mtimeMs
    try {
      const parsed = JSON.parse(readFileSync(this.#path, 'utf8')) as { paths?: unknown }
      const paths = parsed.paths
      this.#names = new Set(typeof paths === 'object' && paths !== null ? Object.values(paths).filter((v): v is string => typeof v === 'string') : [])
    } catch {
      this.#names = new Set()
    }
  }
}

/**
 * The client's preference for each content coding (RFC 9110 §12.5.3): `q` of the coding named, else of
 * `*`, else 0. `identity` is always acceptable here (a `.br`/`.gz` variant is an extra, not a must).
 *
 * @internal
 */
export function acceptedEncodings(header: string | undefined): { coding: 'br' | 'gzip'; suffix: string }[] {
  if (header === undefined || header.trim() === '') return []
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';')
    let weight = 1
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)
      if (match?.[1] !== undefined) weight = Number(match[1])
    }
    if (token !== '' && Number.isFinite(weight)) q.set(token.trim() === 'x-gzip' ? 'gzip' : token.trim(), weight)
  }
  const weightOf = (coding: string): number => q.get(coding) ?? q.get('*') ?? 0
  return ENCODINGS.filter((e) => weightOf(e.coding) > 0)
    .map((e, index) => ({ e, index, weight: weightOf(e.coding) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ e }) => ({ coding: e.coding, suffix: e.suffix }))
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Content-hashed files held in memory, so serving one costs no `stat` and no read: their bytes can
 * never change under the same name. Files up to `maxFileBytes` are kept, least recently used dropped
 * first beyond `maxTotalBytes` (a worker's memory stays bounded however many files the site has).
 */
export class ImmutableFileCache {
  readonly #entries = new Map<string, PreloadedFile>()
  #total = 0
  /** Bytes kept in all. */
  readonly maxTotalBytes: number
  /** The largest file kept; larger files are streamed from disk. */
  readonly maxFileBytes: number

  /**
   * @param maxTotalBytes - bytes kept in all (default 32 MiB).
   * @param maxFileBytes - the largest file kept (default 1 MiB).
   */
  constructor(maxTotalBytes = 32 * 1024 * 1024, maxFileBytes = 1024 * 1024) {
    this.maxTotalBytes = maxTotalBytes
    this.maxFileBytes = maxFileBytes
  }

  /** The file's bytes and mtime, read on first use; `null` when it is too large to keep or unreadable. */
  get(path: string): PreloadedFile | null {
    const hit = this.#entries.get(path)
    if (hit !== undefined) {
      // Re-insert: Map order is the recency order.
      this.#entries.delete(path)
      this.#entries.set(path, hit)
      return hit
    }
    let entry: PreloadedFile
    try {
      const info = statSync(path)
      if (!info.isFile() || info.size > this.maxFileBytes) return null
      entry = { bytes: readFileSync(path), mtimeMs: info.mtimeMs }
    } catch {
      return null
    }
    this.#entries.set(path, entry)
    this.#total += entry.bytes.byteLength
    for (const [key, old] of this.#entries) {
      if (this.#total <= this.maxTotalBytes) break
      this.#entries.delete(key)
      this.#total -= old.bytes.byteLength
    }
    return this.#entries.get(path) ?? null
  }

  /** Forgets `path` (the file went away). */
  delete(path: string): void {
    const old = this.#entries.get(path)
    if (old === undefined) return
    this.#entries.delete(path)
    this.#total -= old.bytes.byteLength
  }
}

/** A file of `STATIC_ROOT` as served: its precompressed siblings, looked up once per hashed name. */
interface StaticRootFile {
  readonly path: string
  readonly variants: ReadonlySet<string>
}

/**
 * Wraps a handler so that GET and HEAD requests under `STATIC_URL` (and, with `DEBUG`, `MEDIA_URL`)
 * are answered from the static (media) folders; everything else goes to `handler`. A missing file
 * is a 404 (never the app's); another method is a 405. The prefixes are read per request; an
 * absolute URL (a CDN) turns serving off.
 *
 * @param handler - the application.
 * @param options - the `Cache-Control` of unhashed files, whether to serve `STATIC_ROOT` first (with
 *   immutable hashed names and precompressed variants), and whether to serve media in DEBUG.
 * @returns a handler of the same shape.
 * @example
 * ```ts
 * const handler = staticFilesHandler(await getHandler(), { cacheControl: 'no-cache' })
 * ```
 */
export function staticFilesHandler(handler: RequestHandler, options: StaticFilesOptions): RequestHandler {
  let manifest: { root: string; names: ManifestNames } | null = null
  // Hashed names never change content, so where they live (and which siblings they have) is cached.
  const hashedFiles = new Map<string, StaticRootFile>()
  const memory = new ImmutableFileCache()

  const manifestFor = (root: string): ManifestNames => {
    if (manifest === null || manifest.root !== root) {
      manifest = { root, names: new ManifestNames(root) }
      hashedFiles.clear()
    }
    return manifest.names
  }

  const fromStaticRoot = (request: Request, relative: string): Response | null => {
    if (!options.useStaticRoot || !settings.STATIC_ROOT) return null
    const root = resolve(settings.STATIC_ROOT)
    const segments = safeSegments(relative)
    if (segments === null) return null
    const name = segments.join('/')
    const hashed = manifestFor(root).has(name)
    let file = hashed ? hashedFiles.get(name) : undefined
    if (file === undefined) {
      const path = resolve(root, ...segments)
      if (!path.startsWith(root + sep) || !isFile(path)) return null
      file = { path, variants: new Set(ENCODINGS.filter((e) => isFile(path + e.suffix)).map((e) => e.suffix)) }
      if (hashed) {
        if (hashedFiles.size >= 4096) hashedFiles.clear()
        hashedFiles.set(name, file)
      }
    }
    const headers: Record<string, string> = { 'cache-control': hashed ? IMMUTABLE_CACHE_CONTROL : options.cacheControl }
    let path = file.path
    if (file.variants.size > 0) {
      headers.vary = 'Accept-Encoding'
      const chosen = acceptedEncodings(request.header('accept-encoding')).find((e) => file.variants.has(e.suffix))
      if (chosen !== undefined) {
        path += chosen.suffix
        headers['content-encoding'] = chosen.coding
      }
    }
    const preloaded = hashed ? memory.get(path) : null
    try {
      return new FileResponse(path, { request, headers, contentType: guessContentType(file.path), ...(preloaded ? { preloaded } : {}) })
    } catch {
      // removed since it was found (collectstatic --clear): forget it and look again
      hashedFiles.delete(name)
      memory.delete(path)
      return null
    }
  }

  return async function serveStatic(request: Request): Promise<Response> {
    const prefix = settings.STATIC_URL
    const mediaPrefix = settings.MEDIA_URL
    const isStatic = prefix.startsWith('/') && prefix !== '/' && request.path.startsWith(prefix)
    const isMedia = !isStatic && options.serveMedia !== false && settings.DEBUG && settings.MEDIA_ROOT !== null &&
      mediaPrefix.startsWith('/') && mediaPrefix !== '/' && request.path.startsWith(mediaPrefix)
    if (!isStatic && !isMedia) return handler(request)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new HttpResponse('Method Not Allowed', { status: 405, contentType: 'text/plain; charset=utf-8', headers: { allow: 'GET, HEAD' } })
    }
    if (isMedia) {
      const path = await findStaticFile(request.path.slice(mediaPrefix.length), [resolve(settings.MEDIA_ROOT as string)])
      return path === null ? notFound(request) : fileOrNotFound(request, path, 'no-cache')
    }
    const relative = request.path.slice(prefix.length)
    const collected = fromStaticRoot(request, relative)
    if (collected !== null) return collected
    const path = await findStaticFile(relative, staticFileRoots(false))
    return path === null ? notFound(request) : fileOrNotFound(request, path, options.cacheControl)
  }
}

function notFound(request: Request): Response {
  return new HttpResponse(`Not Found: ${request.path}`, { status: 404, contentType: 'text/plain; charset=utf-8' })
}

function fileOrNotFound(request: Request, path: string, cacheControl: string): Response {
  try {
    return new FileResponse(path, { request, headers: { 'cache-control': cacheControl } })
  } catch {
    // removed between the lookup and the open
    return notFound(request)
  }
}
