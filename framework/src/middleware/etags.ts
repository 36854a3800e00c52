/**
 * Entity tags and conditional requests (RFC 9110 §8.8.3 and §13), as Django's `django.utils.http`
 * `parse_etags` / `quote_etag` and `django.utils.cache.get_conditional_response`.
 *
 * @module
 */
import { hash } from 'node:crypto'
import type { Request } from '../http/request.ts'
import { HttpResponse, HttpResponseNotModified } from '../http/response.ts'
import type { Response } from '../http/response.ts'

/**
 * A strong ETag for a body: the SHA-1 of the bytes, base64url, quoted. SHA-1 rather than Django's
 * MD5 because MD5 is disabled in FIPS mode; `crypto.hash` is the one-shot (no Hash object) form.
 */
export function contentEtag(content: string | Uint8Array): string {
  return `"${hash('sha1', content, 'base64url')}"`
}

/** Splits an `If-None-Match` / `If-Match` value into entity tags, `W/` kept; `['*']` for `*`. */
export function parseEtags(header: string): string[] {
  const text = header.trim()
  if (text === '*') return ['*']
  return text.match(/(?:W\/)?"[^"]*"/g) ?? []
}

/** Weak comparison (RFC 9110 §8.8.3.2): equal opaque tags, either side may be weak. */
function weakMatch(a: string, b: string): boolean {
  return (a.startsWith('W/') ? a.slice(2) : a) === (b.startsWith('W/') ? b.slice(2) : b)
}

/** Strong comparison: both strong and equal. */
function strongMatch(a: string, b: string): boolean {
  return !a.startsWith('W/') && a === b
}

/** An HTTP date in seconds since the epoch, or `null` when it does not parse. */
function parseHttpDate(text: string | undefined): number | null {
  if (!text) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000)
}

// Headers a 304 must repeat from the 200 it stands for (RFC 9110 §15.4.5).
const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'last-modified', 'vary']

function notModified(response: Response): Response {
  const out = new HttpResponseNotModified()
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = response.headers.get(name)
    if (value !== undefined) out.headers.set(name, value)
  }
  for (const [name, cookie] of response.cookies) out.cookies.set(name, cookie)
  discardBody(response)
  return out
}

function preconditionFailed(response: Response): Response {
  discardBody(response)
  return new HttpResponse('', { status: 412 })
}

/** Lets a streaming body we will not send release what it holds (an open file, a cursor). */
function discardBody(response: Response): void {
  if (response.streaming) void response.streamingContent[Symbol.asyncIterator]().return?.()?.catch(() => undefined)
}

/**
 * Answers a conditional request from a 2xx response's validators (RFC 9110 §13.2.2, the order
 * Django's `get_conditional_response` follows): `If-Match` and `If-Unmodified-Since` failures give
 * 412; an `If-None-Match` (weak comparison) or `If-Modified-Since` hit on GET/HEAD gives 304 with
 * the validator and caching headers; otherwise the response is returned as is.
 *
 * @param etag - the response's `ETag`, if any.
 * @param lastModified - the response's `Last-Modified`, if any.
 */
export function conditionalResponse(request: Request, response: Response, etag: string | undefined, lastModified: string | undefined): Response {
  if (response.status < 200 || response.status >= 300) return response
  const h = request.headers
  // Most requests carry no precondition: answer them without parsing anything.
  if (h['if-none-match'] === undefined && h['if-modified-since'] === undefined && h['if-match'] === undefined && h['if-unmodified-since'] === undefined) return response
  const lastModifiedTime = parseHttpDate(lastModified)
  const ifMatch = request.header('if-match')
  const safe = request.method === 'GET' || request.method === 'HEAD'
  if (ifMatch) {
    const tags = parseEtags(ifMatch)
    if (tags.length > 0) {
      const passes = etag !== undefined && (tags[0] === '*' || tags.some((t) => strongMatch(t, etag) && strongMatch(etag, t)))
      if (!passes) return preconditionFailed(response)
    }
  } else {
    const since = parseHttpDate(request.header('if-unmodified-since'))
    if (since !== null && (lastModifiedTime === null || lastModifiedTime > since)) return preconditionFailed(response)
  }
  const ifNoneMatch = request.header('if-none-match')
  if (ifNoneMatch) {
    const tags = parseEtags(ifNoneMatch)
    if (tags.length > 0 && etag !== undefined && (tags[0] === '*' || tags.some((t) => weakMatch(t, etag)))) {
      return safe ? notModified(response) : preconditionFailed(response)
    }
    return response
  }
  if (safe && lastModifiedTime !== null) {
    const since = parseHttpDate(request.header('if-modified-since'))
    if (since !== null && lastModifiedTime <= since) return notModified(response)
  }
  return response
}
