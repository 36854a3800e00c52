/**
 * `RequestLoggingMiddleware`: one log line per request, the access log.
 *
 * @module
 */
import { getLogger } from '../core/logging.ts'
import type { Logger } from '../core/logging.ts'
import { settings } from '../core/settings.ts'
import type { Request } from '../http/request.ts'
import type { Response, StreamingResponse } from '../http/response.ts'
import type { Middleware } from '../handler/types.ts'

/**
 * Writes one JSON line per request to the `tango.request.access` logger at `info`: `method`,
 * `path`, `status`, `bytes` (the body's size; for a streaming body, the bytes actually produced) and
 * `ms` (time to the response, or to the end of a streamed body), e.g.
 * `{"level":30,"time":…,"name":"tango.request.access","method":"GET","path":"/","status":200,"bytes":13,"ms":0.41,"msg":"GET / 200"}`.
 *
 * Put it outermost, so it sees the final status and the whole time. It is a pass-through (no cost)
 * when `REQUEST_LOGGING` is false or the logger's level is above `info` when the chain is built
 * (e.g. `TANGO_LOG_LEVEL=warn`). pino formats the line synchronously and writes it asynchronously.
 */
export const RequestLoggingMiddleware: Middleware = (getResponse) => {
  const logger = getLogger('tango.request.access')
  if (!settings.REQUEST_LOGGING || !logger.isLevelEnabled('info')) return getResponse
  return async function requestLoggingMiddleware(request) {
    const started = performance.now()
    const response = await getResponse(request)
    if (response.streaming && request.method !== 'HEAD' && response.status >= 200 && response.status !== 204 && response.status !== 304) {
      response.streamingContent = countStream(response.streamingContent, response, request, logger, started)
      return response
    }
    // A body that will not be sent (HEAD, 204, 304) is logged at once: its stream may never be read.
    const content = response.streaming ? '' : response.content
    const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength
    log(logger, request, response, bytes, started)
    return response
  }
}

function log(logger: Logger, request: Request, response: Response, bytes: number, started: number): void {
  const ms = Math.round((performance.now() - started) * 100) / 100
  logger.info({ method: request.method, path: request.path, status: response.status, bytes, ms }, `${request.method} ${request.path} ${response.status}`)
}

/** Passes a streaming body through, counting bytes, and logs once it ends (or is abandoned). */
async function* countStream(source: AsyncIterable<string | Uint8Array>, response: StreamingResponse, request: Request, logger: Logger, started: number): AsyncGenerator<string | Uint8Array> {
  // `source` is taken before the response's streamingContent is replaced by this generator.
  let bytes = 0
  try {
    for await (const chunk of source) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
      yield chunk
    }
  } finally {
    log(logger, request, response, bytes, started)
  }
}
