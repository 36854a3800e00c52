/**
 * The node:http adapter: turns node's `IncomingMessage` into a {@link Request}, runs a
 * {@link RequestHandler}, and writes the {@link Response} back. This is the hot path, so the write
 * side builds one flat header array and calls `writeHead` + `end` once for in-memory bodies.
 *
 * @module
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { serializeCookie } from './cookies.ts'
import { HttpError } from './errors.ts'
import { Request } from './request.ts'
import type { Response, StreamingResponse } from './response.ts'
import type { RequestHandler } from './types.ts'

/** A node:http `'request'` listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Builds the node:http `'request'` listener for a handler.
 *
 * - The body is handed to the {@link Request} as the `IncomingMessage` stream, unread: nothing is
 *   buffered until the view asks (a view that never reads a 10 MB upload costs no memory; node
 *   drains it after the response).
 * - A request whose target is malformed (e.g. a bad percent-encoding) gets that {@link HttpError}'s
 *   status with a short text body, without calling the handler.
 * - In-memory bodies get `Content-Length`; streaming bodies are written with backpressure (chunked
 *   unless the response set `Content-Length`). HEAD, 1xx, 204 and 304 get no body.
 * - If the handler rejects (it should not: `createHandler()` turns errors into responses), the
 *   client gets a bare 500 and the error is logged to stderr.
 *
 * @param handler - the application.
 * @returns a listener for `http.createServer`, `https.createServer` or `server.on('request')`.
 */
export function createNodeListener(handler: RequestHandler): NodeListener {
  return function tangoListener(req: IncomingMessage, res: ServerResponse): void {
    let request: Request
    try {
      const headers = req.headers
      request = new Request({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers,
        // No Content-Length and no Transfer-Encoding means no body (RFC 9112 §6.3): skip the stream.
        body: headers['content-length'] === undefined && headers['transfer-encoding'] === undefined ? null : req,
        remoteAddress: req.socket.remoteAddress ?? '',
        secure: (req.socket as Partial<TLSSocket>).encrypted === true,
      })
    } catch (error) {
      writeError(res, error)
      return
    }
    handler(request).then((response) => writeResponse(req, res, response), (error: unknown) => writeError(res, error))
  }
}

/**
 * Writes a response to node's `ServerResponse`.
 * @internal exported for the server package's own fast paths and tests.
 */
export function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): void {
  try {
    const status = response.status
    const noBody = status === 204 || status === 304 || status < 200
    const head = req.method === 'HEAD'
    const headers: string[] = []
    let keepLength = response.streaming || noBody
    if (head && !keepLength && response.headers.has('content-length')) keepLength = true
    for (const [name, value] of response.headers) {
      if (!keepLength && name === 'content-length') continue
      headers.push(name, value)
    }
    if (response.cookies.size > 0) for (const cookie of response.cookies.values()) headers.push('set-cookie', serializeCookie(cookie))
    if (response.streaming) {
      res.writeHead(status, response.reason, headers)
      if (head || noBody) {
        res.end()
        void closeIterator(response.streamingContent)
      } else {
        void writeStream(res, response)
      }
      return
    }
    const content = response.content
    if (!keepLength) headers.push('content-length', String(typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength))
    res.writeHead(status, response.reason, headers)
    // node itself drops the body of HEAD, 1xx, 204 and 304 responses.
    if (head || noBody) res.end()
    else res.end(content)
  } catch (error) {
    writeError(res, error)
  }
}

async function writeStream(res: ServerResponse, response: StreamingResponse): Promise<void> {
  try {
    for await (const chunk of response.streamingContent) {
      if (res.destroyed) break
      if (!res.write(chunk) && !(await drained(res))) break
    }
    res.end()
  } catch (error) {
    // The status line is gone already: cut the connection so the client sees a truncated body
    // rather than a complete-looking one.
    console.error('tango: error while streaming a response body', error)
    res.destroy()
  }
}

/** Resolves `true` on `'drain'`, `false` when the connection closes first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose)
      resolve(true)
    }
    const onClose = (): void => {
      res.off('drain', onDrain)
      resolve(false)
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/** Lets an unread streaming body release what it holds (files, cursors) by running its `finally`. */
async function closeIterator(content: AsyncIterable<string | Uint8Array>): Promise<void> {
  try {
    await content[Symbol.asyncIterator]().return?.()
  } catch {
    // a body that fails while closing has nothing left to tell the client
  }
}

/** Answers an {@link HttpError} with its status and message, anything else with a logged 500. */
function writeError(res: ServerResponse, error: unknown): void {
  let status = 500
  let body = 'Internal Server Error'
  if (error instanceof HttpError) {
    status = error.status
    body = error.message
  } else {
    console.error('tango: the request handler failed', error)
  }
  if (res.headersSent) {
    res.destroy()
    return
  }
  const headers: string[] = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(body))]
  if (error instanceof HttpError) for (const name in error.headers) headers.push(name, error.headers[name] as string)
  res.writeHead(status, headers)
  res.end(body)
}

/** What {@link createHttpServer} takes. All times are milliseconds. */
export interface HttpServerOptions {
  /**
   * Most time to receive the request line and headers (default 20 000). Cuts slowloris clients that
   * trickle headers to pin a connection; 20 s is generous for any real client on a slow link.
   */
  readonly headersTimeout?: number
  /**
   * Most time to receive the whole request, body included (default 60 000; node's own is 300 000).
   * A minute uploads tens of megabytes on a slow line; beyond that, use a dedicated upload path.
   */
  readonly requestTimeout?: number
  /**
   * Idle time before a keep-alive connection is closed (default 5 000, node's). Behind a load
   * balancer, set it above the balancer's idle timeout so the balancer closes first.
   */
  readonly keepAliveTimeout?: number
  /**
   * Largest request line plus headers, in bytes (default 16 384). Larger gets 431. Enough for big
   * cookies; small enough that a flood of huge headers cannot eat memory.
   */
  readonly maxHeaderSize?: number
  /**
   * How often node checks connections against `headersTimeout` and `requestTimeout` (default
   * 1 000; node's is 30 000, which lets a slow client overstay a timeout by up to 30 s).
   */
  readonly connectionsCheckingInterval?: number
}

/** The production defaults of {@link createHttpServer}, documented on {@link HttpServerOptions}. */
export const DEFAULT_SERVER_OPTIONS: Readonly<Required<HttpServerOptions>> = Object.freeze({
  headersTimeout: 20_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  maxHeaderSize: 16 * 1024,
  connectionsCheckingInterval: 1_000,
})

/**
 * Creates a node:http server for a handler, with production limits set (see
 * {@link HttpServerOptions} for each value and why). `maxRequestsPerSocket` is left unlimited; the
 * socket inactivity `timeout` stays 0 so long streaming responses are not cut.
 *
 * @param handler - the application.
 * @param options - override any limit, e.g. a short `headersTimeout` in a test.
 * @returns an unstarted server: call `listen()`.
 * @example
 * ```ts
 * const server = createHttpServer(await createHandler())
 * server.listen(8000, '127.0.0.1')
 * ```
 */
export function createHttpServer(handler: RequestHandler, options: HttpServerOptions = {}): Server {
  const o = { ...DEFAULT_SERVER_OPTIONS, ...options }
  const server = createServer(
    {
      headersTimeout: o.headersTimeout,
      requestTimeout: Math.max(o.requestTimeout, o.headersTimeout),
      keepAliveTimeout: o.keepAliveTimeout,
      maxHeaderSize: o.maxHeaderSize,
      connectionsCheckingInterval: o.connectionsCheckingInterval,
    },
    createNodeListener(handler),
  )
  server.keepAliveTimeout = o.keepAliveTimeout
  return server
}
