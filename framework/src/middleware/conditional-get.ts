/**
 * `ConditionalGetMiddleware` (as Django's `django.middleware.http.ConditionalGetMiddleware`).
 *
 * @module
 */
import type { Middleware } from '../handler/types.ts'
import { conditionalResponse, contentEtag } from './etags.ts'

/**
 * Makes GET and HEAD responses revalidatable: a 200 in-memory response without an `ETag` gets one
 * (the SHA-1 of its body, unless `Cache-Control` says `no-store`), then a request whose
 * `If-None-Match` matches it (weak comparison, RFC 9110 §13.1.2), or whose `If-Modified-Since` is
 * not older than `Last-Modified`, gets 304 Not Modified instead of the body; a failed `If-Match` /
 * `If-Unmodified-Since` gets 412. Streaming responses get no computed ETag, but their own
 * `ETag` / `Last-Modified` (e.g. a `FileResponse`'s) are honoured.
 *
 * Put it after (inside) `GZipMiddleware`, so the ETag is computed on the uncompressed body and
 * gzip then weakens it.
 */
export const ConditionalGetMiddleware: Middleware = (getResponse) => {
  return async function conditionalGetMiddleware(request) {
    const response = await getResponse(request)
    const method = request.method
    if ((method !== 'GET' && method !== 'HEAD') || response.status !== 200) return response
    const headers = response.headers
    let etag = headers.get('etag')
    if (etag === undefined && !response.streaming && response.content.length > 0 && !noStore(headers.get('cache-control'))) {
      etag = contentEtag(response.content)
      headers.set('etag', etag)
    }
    const lastModified = headers.get('last-modified')
    if (etag === undefined && lastModified === undefined) return response
    return conditionalResponse(request, response, etag, lastModified)
  }
}

function noStore(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(?:^|,)\s*no-store\s*(?:,|$)/i.test(cacheControl)
}
