/**
 * {@link FileResponse}: streams a file from disk, with the validators and byte ranges browsers and
 * download managers rely on (as Django's `FileResponse` plus the conditional and range handling of
 * its static file view). RFC 9110 §8.8 (validators), §13 (conditional requests), §14 (ranges).
 *
 * @module
 */
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'
import { gettext } from '../core/translation.ts'
import { guessContentType } from './content-types.ts'
import { Http404 } from './errors.ts'
import type { Request } from './request.ts'
import { StreamingResponse } from './response.ts'

/** What {@link FileResponse} takes besides the path. */
export interface FileResponseOptions {
  /**
   * The request being answered. With it, `If-None-Match` / `If-Modified-Since` give 304, and a single
   * `Range: bytes=...` gives 206 (or 416 when it lies past the end). Without it, always 200.
   */
  readonly request?: Request
  /** Send `Content-Disposition: attachment` so the browser downloads the file (Django's `as_attachment`). */
  readonly asAttachment?: boolean
  /** The name the client should save the file as; default the file's own name. Given alone, it sends `inline`. */
  readonly filename?: string
  /** `Content-Type`; default guessed from the extension (see `guessContentType`). */
  readonly contentType?: string
  /** Extra headers, e.g. `Cache-Control`. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * The file's bytes and modification time (ms since the epoch) already in memory: nothing is read
   * from disk. For files that never change while cached, e.g. content-hashed static files.
   */
  readonly preloaded?: PreloadedFile
}

/** A file held in memory for {@link FileResponseOptions.preloaded}. */
export interface PreloadedFile {
  readonly bytes: Uint8Array
  readonly mtimeMs: number
}

/** A parsed, satisfiable byte range, inclusive on both ends. */
interface ByteRange {
  readonly start: number
  readonly end: number
}

/** Reading in 64 KiB pieces: fewer syscalls and writes than fs' default for static files. */
const CHUNK = 64 * 1024

/**
 * A streaming response with a file's bytes, read with an fs stream only when the server iterates
 * the body (never for HEAD, 304 or 416).
 *
 * Headers set: `Content-Length`, `Content-Type`, a weak `ETag` from size and mtime, `Last-Modified`,
 * `Accept-Ranges: bytes`, and `Content-Disposition` (RFC 6266, with `filename*` for non-ASCII names)
 * when `asAttachment` or `filename` is given.
 *
 * @example
 * ```ts
 * const report = (request: Request) => new FileResponse('/srv/reports/q3.pdf', { request, asAttachment: true })
 * ```
 */
export class FileResponse extends StreamingResponse {
  /** The file's absolute or relative path, as given. */
  readonly path: string

  /**
   * @param path - the file to send.
   * @param options - request (for 304/206/416), download name and type.
   * @throws {@link Http404} when the path does not exist or is not a regular file.
   */
  constructor(path: string, options: FileResponseOptions = {}) {
    const preloaded = options.preloaded
    const stat = preloaded ? { size: preloaded.bytes.byteLength, mtimeMs: preloaded.mtimeMs } : statFile(path)
    const size = stat.size
    const mtime = Math.floor(stat.mtimeMs / 1000)
    const etag = `W/"${size.toString(16)}-${mtime.toString(16)}"`
    const lastModified = new Date(mtime * 1000).toUTCString()
    const request = options.request
    let status = 200
    let range: ByteRange | null = null
    if (request && notModified(request, etag, mtime)) {
      status = 304
    } else if (request && request.method === 'GET' && request.header('range') !== undefined && ifRangeHolds(request, lastModified)) {
      const parsed = parseRange(request.header('range') as string, size)
      if (parsed === 'unsatisfiable') status = 416
      else if (parsed !== null) {
        status = 206
        range = parsed
      }
    }
    const bodyless = status === 304 || status === 416
    const body = bodyless ? [] : preloaded ? [range ? preloaded.bytes.subarray(range.start, range.end + 1) : preloaded.bytes] : readFile(path, range)
    super(body, {
      status,
      contentType: options.contentType ?? guessContentType(path),
      ...(options.headers ? { headers: options.headers } : {}),
    })
    this.path = path
    const h = this.headers
    h.set('etag', etag)
    h.set('last-modified', lastModified)
    h.set('accept-ranges', 'bytes')
    if (status === 304) {
      // RFC 9110 §15.4.5: a 304 carries the validators, not the representation's metadata.
      h.delete('content-type')
      return
    }
    if (status === 416) {
      h.set('content-range', `bytes */${size}`)
      h.set('content-length', '0')
      h.set('content-type', 'text/plain; charset=utf-8')
      return
    }
    if (range) {
      h.set('content-range', `bytes ${range.start}-${range.end}/${size}`)
      h.set('content-length', String(range.end - range.start + 1))
    } else {
      h.set('content-length', String(size))
    }
    if (options.asAttachment || options.filename !== undefined) {
      h.set('content-disposition', contentDisposition(options.asAttachment ? 'attachment' : 'inline', options.filename ?? basename(path)))
    }
  }
}

function statFile(path: string): { size: number; mtimeMs: number } {
  try {
    const stat = statSync(path)
    if (stat.isFile()) return stat
  } catch {
    // fall through: a missing file and a folder are both "not found" to the client
  }
  throw new Http404(gettext('File not found: {name}').replace('{name}', basename(path)))
}

async function* readFile(path: string, range: ByteRange | null): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, range ? { start: range.start, end: range.end, highWaterMark: CHUNK } : { highWaterMark: CHUNK })
  try {
    for await (const chunk of stream) yield chunk as Buffer
  } finally {
    stream.destroy()
  }
}

/**
 * RFC 9110 §13.1.2-3, §13.2.2: `If-None-Match` (weak comparison, `*` matches) decides when present;
 * otherwise `If-Modified-Since` compared to the second. Only GET and HEAD get 304.
 */
function notModified(request: Request, etag: string, mtimeSeconds: number): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const inm = request.header('if-none-match')
  if (inm !== undefined) {
    const wanted = opaque(etag)
    return inm.split(',').some((tag) => {
      const t = tag.trim()
      return t === '*' || opaque(t) === wanted
    })
  }
  const ims = request.header('if-modified-since')
  if (ims === undefined) return false
  const since = Date.parse(ims)
  return Number.isFinite(since) && mtimeSeconds <= Math.floor(since / 1000)
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}

/**
 * RFC 9110 §13.1.5: with `If-Range`, the range applies only when the validator still matches. Our
 * ETag is weak, and weak tags never match here, so only an exact `Last-Modified` date does.
 */
function ifRangeHolds(request: Request, lastModified: string): boolean {
  const ifRange = request.header('if-range')
  if (ifRange === undefined) return true
  return ifRange.trim() === lastModified
}

/**
 * Parses `Range: bytes=a-b | a- | -n` (RFC 9110 §14.1.2). Several ranges, other units and bad syntax
 * give `null` (serve the whole file, as the RFC allows); a range starting past the end gives
 * `'unsatisfiable'`.
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match) return null
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return null
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (last !== '' && Number(last) < start) return null
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

/**
 * RFC 6266 `Content-Disposition`: a quoted ASCII `filename`, plus `filename*=UTF-8''...` (RFC 8187)
 * when the name has characters outside printable ASCII.
 */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(filename)
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '\\$&')
  if (ascii) return `${type}; filename="${fallback}"`
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
