/**
 * The response family: {@link HttpResponse} for a body in memory, {@link StreamingResponse} for a body
 * produced piece by piece, {@link JsonResponse}, and redirects. As Django's `HttpResponse` family.
 *
 * @module
 */
import { STATUS_CODES } from 'node:http'
import type { CookieOptions, SetCookie } from './cookies.ts'
import { ResponseHeaders } from './headers.ts'

/** What {@link HttpResponse} takes besides its content. */
export interface ResponseInit {
  /** Status code; default 200. */
  readonly status?: number
  /** `Content-Type`; default `text/html; charset=utf-8`. */
  readonly contentType?: string
  /** Extra headers. */
  readonly headers?: Readonly<Record<string, string>>
  /** Reason phrase; default the standard one for the status. */
  readonly reason?: string
}

/** Fields every response has, in memory or streaming. */
export abstract class BaseResponse {
  /** Status code. */
  status: number
  /** Reason phrase written on the status line. */
  reason: string
  /** Headers, names in lower case. */
  readonly headers: ResponseHeaders
  /** Cookies to set, by name. */
  readonly cookies = new Map<string, SetCookie>()
  /** `true` when the body is {@link StreamingResponse.streamingContent}, not `content`. */
  abstract readonly streaming: boolean

  constructor(init: ResponseInit = {}) {
    this.status = init.status ?? 200
    this.reason = init.reason ?? STATUS_CODES[this.status] ?? 'Unknown Status'
    this.headers = new ResponseHeaders(init.headers)
    this.headers.setDefault('content-type', init.contentType ?? 'text/html; charset=utf-8')
  }

  /**
   * Sets a cookie (as Django's `set_cookie`).
   * @param name - an RFC 6265 token.
   * @param value - any string; it is percent-encoded on the wire.
   * @param options - lifetime (`maxAge` in seconds), scope and flags.
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    this.cookies.set(name, { ...options, name, value })
  }

  /** Tells the client to forget a cookie (as Django's `delete_cookie`): an empty value that expired in 1970. */
  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain' | 'sameSite' | 'secure'> = {}): void {
    this.cookies.set(name, { ...options, name, value: '', maxAge: 0, expires: new Date(0) })
  }
}

/** A response whose body is in memory: a string (encoded as UTF-8) or bytes. */
export class HttpResponse extends BaseResponse {
  readonly streaming = false
  /** The body. Strings are written as UTF-8. */
  content: string | Uint8Array

  /**
   * @param content - the body; default empty.
   * @param init - status, content type, headers.
   * @example `new HttpResponse('<h1>Hi</h1>')`, `new HttpResponse('', { status: 204 })`
   */
  constructor(content: string | Uint8Array = '', init: ResponseInit = {}) {
    super(init)
    this.content = content
  }
}

/** A response whose body is produced by an async iterable (as Django's `StreamingHttpResponse`). */
export class StreamingResponse extends BaseResponse {
  readonly streaming = true
  /** The body, consumed once by the server adapter. */
  streamingContent: AsyncIterable<string | Uint8Array>

  /**
   * @param content - yields the body's pieces; strings are written as UTF-8.
   * @param init - status, content type, headers.
   */
  constructor(content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, init: ResponseInit = {}) {
    super(init)
    this.streamingContent = toAsync(content)
  }
}

async function* fromSync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}

function toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
  return Symbol.asyncIterator in items ? items : fromSync(items)
}

/** Any response a view or middleware may return. */
export type Response = HttpResponse | StreamingResponse

/**
 * A JSON body with `Content-Type: application/json` (as Django's `JsonResponse`).
 * @param data - anything `JSON.stringify` takes.
 * @param init - status and headers.
 * @throws TypeError from `JSON.stringify` for cycles or BigInt.
 */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, init: Omit<ResponseInit, 'contentType'> = {}) {
    super(JSON.stringify(data) ?? 'null', { ...init, contentType: 'application/json' })
  }
}

/** 302 Found to `location` (as Django's `HttpResponseRedirect`). */
export class HttpResponseRedirect extends HttpResponse {
  constructor(location: string, status: 301 | 302 | 303 | 307 | 308 = 302) {
    super('', { status, headers: { location } })
  }
}

/** 301 Moved Permanently to `location` (as Django's `HttpResponsePermanentRedirect`). */
export class HttpResponsePermanentRedirect extends HttpResponseRedirect {
  constructor(location: string) {
    super(location, 301)
  }
}

/** 304 Not Modified: no body, as RFC 9110 §15.4.5. */
export class HttpResponseNotModified extends HttpResponse {
  constructor() {
    super('', { status: 304 })
    this.headers.delete('content-type')
  }
}

/**
 * Redirects to a URL (as Django's `redirect` shortcut, for URLs; `reverse` a route name first).
 * @param location - an absolute path or URL.
 * @param options - `permanent` for 301 (or 308 with `preserveRequest`), else 302 (or 307).
 */
export function redirect(location: string, options: { permanent?: boolean; preserveRequest?: boolean } = {}): HttpResponseRedirect {
  const status = options.permanent ? (options.preserveRequest ? 308 : 301) : options.preserveRequest ? 307 : 302
  return new HttpResponseRedirect(location, status)
}
