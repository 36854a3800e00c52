/**
 * `GZipMiddleware` (as Django's `django.middleware.gzip.GZipMiddleware`), with brotli as well as
 * gzip, both from node:zlib.
 *
 * @module
 */
import { promisify } from 'node:util'
import { brotliCompress, brotliCompressSync, constants, createBrotliCompress, createGzip, gzip, gzipSync } from 'node:zlib'
import type { BrotliOptions, BrotliCompress, Gzip } from 'node:zlib'
import type { Request } from '../http/request.ts'
import type { HttpResponse, Response, StreamingResponse } from '../http/response.ts'
import type { Middleware } from '../handler/types.ts'
import { chooseEncoding } from './accept-encoding.ts'
import type { ContentCoding } from './accept-encoding.ts'

/** Bodies shorter than this (bytes) are sent as they are: the headers would cost more than the saving (Django: 200). */
export const GZIP_MIN_LENGTH = 200

/**
 * Bodies up to this size (bytes) are compressed synchronously. zlib's async calls run on the
 * libuv thread pool, which costs a hop, allocations and a second turn of the event loop: for a
 * typical page (a few KiB, well under a millisecond to deflate) that overhead exceeds the work.
 * Above it, the async call keeps a multi-megabyte body from blocking every other request.
 */
export const SYNC_COMPRESS_LIMIT = 64 * 1024

// Brotli's default quality (11) is meant for build-time compression and is ~50× slower than gzip;
// 4 compresses dynamic responses better than gzip -6 at a similar speed (the usual on-the-fly setting).
const BROTLI: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }
const brotliAsync = promisify(brotliCompress) as (data: Buffer, options: BrotliOptions) => Promise<Buffer>
const gzipAsync = promisify(gzip) as (data: Buffer) => Promise<Buffer>

// text/*, JSON, JavaScript, XML and the +json/+xml families (SVG included). Images, video, archives
// and fonts are already compressed: recompressing them burns CPU for nothing.
const COMPRESSIBLE = /^\s*(?:text\/[\w.+-]+|application\/(?:json|javascript|x-javascript|ecmascript|xml|[\w.-]+\+(?:json|xml))|image\/svg\+xml)\s*(?:;|$)/i

/** Whether a `Content-Type` is worth compressing. */
export function isCompressible(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType)
}

/**
 * Compresses responses for clients that accept it: brotli when the client prefers it (or ties),
 * else gzip (see `chooseEncoding`).
 *
 * Skipped when the body is under {@link GZIP_MIN_LENGTH} bytes, when `Content-Encoding` is already
 * set, or when the content type is not text-like (see {@link isCompressible}). Otherwise
 * `Vary: Accept-Encoding` is added (caches must key on it even when this client gets identity).
 * In-memory bodies are replaced only when compression makes them smaller; streaming bodies are
 * compressed chunk by chunk with a sync flush after each, so a slow stream still reaches the
 * client promptly (Django's `compress_sequence`). A strong `ETag` becomes weak (RFC 9110 §8.8.1):
 * the bytes changed but the representation did not.
 *
 * Django's BREACH mitigation (random bytes in the gzip header) is not reproduced: do not compress
 * responses that mix secrets with attacker-controlled text on HTTPS (or mask the secrets, as CSRF tokens are).
 */
export const GZipMiddleware: Middleware = (getResponse) => {
  return async function gzipMiddleware(request) {
    const response = await getResponse(request)
    const headers = response.headers
    if (headers.has('content-encoding') || !isCompressible(headers.get('content-type'))) return response
    if (response.streaming) return compressStreaming(request, response)
    return compressContent(request, response)
  }
}

function byteLengthAtLeast(content: string | Uint8Array, min: number): boolean {
  if (typeof content !== 'string') return content.byteLength >= min
  // A string has at least as many UTF-8 bytes as UTF-16 code units: only short strings need counting.
  return content.length >= min || Buffer.byteLength(content) >= min
}

async function compressContent(request: Request, response: HttpResponse): Promise<Response> {
  const content = response.content
  if (!byteLengthAtLeast(content, GZIP_MIN_LENGTH)) return response
  response.headers.appendList('vary', 'Accept-Encoding')
  const coding = chooseEncoding(request.header('accept-encoding'))
  if (coding === null) return response
  const input = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  const compressed = await compress(input, coding)
  if (compressed.byteLength >= input.byteLength) return response
  response.content = compressed
  // The adapter measures in-memory bodies itself; a stale length from the view must not survive.
  response.headers.delete('content-length')
  markEncoded(response, coding)
  return response
}

function compress(input: Buffer, coding: ContentCoding): Buffer | Promise<Buffer> {
  if (input.byteLength <= SYNC_COMPRESS_LIMIT) return coding === 'br' ? brotliCompressSync(input, BROTLI) : gzipSync(input)
  return coding === 'br' ? brotliAsync(input, BROTLI) : gzipAsync(input)
}

function compressStreaming(request: Request, response: StreamingResponse): Response {
  response.headers.appendList('vary', 'Accept-Encoding')
  const coding = chooseEncoding(request.header('accept-encoding'))
  if (coding === null) return response
  response.streamingContent = compressSequence(response.streamingContent, coding)
  // The compressed length is unknown until the stream ends.
  response.headers.delete('content-length')
  markEncoded(response, coding)
  return response
}

function markEncoded(response: Response, coding: ContentCoding): void {
  const etag = response.headers.get('etag')
  if (etag !== undefined && etag.startsWith('"')) response.headers.set('etag', `W/${etag}`)
  response.headers.set('content-encoding', coding)
}

/**
 * Compresses a stream of chunks, flushing after each so every chunk the view yields reaches the
 * client (at a small cost in ratio). Closing the iterator early destroys the compressor.
 */
async function* compressSequence(source: AsyncIterable<string | Uint8Array>, coding: ContentCoding): AsyncGenerator<Buffer> {
  const stream: Gzip | BrotliCompress = coding === 'br' ? createBrotliCompress(BROTLI) : createGzip()
  const out: Buffer[] = []
  let failure: Error | null = null
  stream.on('data', (chunk: Buffer) => out.push(chunk))
  stream.on('error', (error: Error) => {
    failure = error
  })
  const flushKind = coding === 'br' ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH
  try {
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
      if (chunk.byteLength === 0) continue
      stream.write(chunk)
      await new Promise<void>((resolve) => stream.flush(flushKind, () => resolve()))
      if (failure) throw failure
      if (out.length > 0) yield takeAll(out)
    }
    const ended = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve)
      stream.once('error', reject)
    })
    stream.end()
    await ended
    if (out.length > 0) yield takeAll(out)
  } finally {
    stream.destroy()
  }
}

function takeAll(chunks: Buffer[]): Buffer {
  const joined = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
  chunks.length = 0
  return joined
}
