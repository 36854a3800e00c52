/**
 * The Fetch API adapter: runs a {@link RequestHandler} behind a standard
 * `(Request) => Promise<Response>` function, for runtimes and tools that speak Fetch (service
 * workers, edge runtimes, `Bun.serve`, `Deno.serve`, undici-based test tools).
 *
 * @module
 */
import { serializeCookie } from './cookies.ts'
import { HttpError } from './errors.ts'
import { Request } from './request.ts'
import type { RequestHeaders } from './request.ts'
import type { Response } from './response.ts'
import type { RequestHandler } from './types.ts'

/** What the host runtime knows about the connection, which a Fetch `Request` does not carry. */
export interface FetchConnectionInfo {
  /** The peer's address; default `127.0.0.1`. */
  readonly remoteAddress?: string
}

/** A standard Fetch handler. */
export type FetchHandler = (request: globalThis.Request, info?: FetchConnectionInfo) => Promise<globalThis.Response>

/**
 * Wraps a handler as a Fetch API handler. Request bodies stream in from the Fetch `ReadableStream`
 * (parsed lazily, with the same limits as under node:http); streaming responses stream out through a
 * pull-based `ReadableStream` (backpressure from the consumer; cancelling it closes the
 * response's iterator). HEAD, 1xx, 204 and 304 get no body; a malformed request target gets its
 * 400 without calling the handler; a rejected handler gets a logged 500.
 *
 * @param handler - the application.
 * @returns `(request, info?) => Promise<Response>`; `info.remoteAddress` names the peer.
 * @example
 * ```ts
 * const fetchHandler = toFetchHandler(await createHandler())
 * const response = await fetchHandler(new Request('http://localhost/news/'))
 * ```
 */
export function toFetchHandler(handler: RequestHandler): FetchHandler {
  return async (fetchRequest, info) => {
    const url = new URL(fetchRequest.url)
    const headers: Record<string, string> = {}
    fetchRequest.headers.forEach((value, name) => {
      headers[name] = value
    })
    if (headers.host === undefined) headers.host = url.host
    let request: Request
    try {
      request = new Request({
        method: fetchRequest.method,
        url: url.pathname + url.search,
        headers: headers as RequestHeaders,
        body: fetchRequest.body === null ? null : (fetchRequest.body as AsyncIterable<Uint8Array>),
        remoteAddress: info?.remoteAddress ?? '127.0.0.1',
        secure: url.protocol === 'https:',
      })
    } catch (error) {
      return errorResponse(error)
    }
    let response: Response
    try {
      response = await handler(request)
    } catch (error) {
      return errorResponse(error)
    }
    return toFetchResponse(response, request.method === 'HEAD')
  }
}

/**
 * Converts a Tango response to a Fetch `Response`.
 * @param response - the Tango response.
 * @param head - `true` for a HEAD request: headers only.
 */
export function toFetchResponse(response: Response, head = false): globalThis.Response {
  const headers = new Headers()
  for (const [name, value] of response.headers) headers.set(name, value)
  for (const cookie of response.cookies.values()) headers.append('set-cookie', serializeCookie(cookie))
  const status = response.status
  const init = { status, statusText: response.reason, headers }
  if (head || status === 204 || status === 304 || status < 200) {
    if (response.streaming) void response.streamingContent[Symbol.asyncIterator]().return?.()
    return new globalThis.Response(null, init)
  }
  if (!response.streaming) return new globalThis.Response(response.content, init)
  const iterator = response.streamingContent[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  return new globalThis.Response(body, init)
}

function errorResponse(error: unknown): globalThis.Response {
  if (error instanceof HttpError) {
    return new globalThis.Response(error.message, { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...error.headers } })
  }
  console.error('tango: the request handler failed', error)
  return new globalThis.Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
