// Shared by the handler and middleware tests: requests and a log sink.
import { Request } from 'tango/http'
import type { RequestHeaders } from 'tango/http'

/** A request to `testserver` (the host the tests allow). */
export function makeRequest(url: string, options: { method?: string; headers?: RequestHeaders; secure?: boolean } = {}): Request {
  return new Request({
    method: options.method ?? 'GET',
    url,
    headers: { host: 'testserver', ...options.headers },
    secure: options.secure ?? false,
  })
}

/** Collects pino's JSON lines in memory. */
export class LogSink {
  readonly lines: Record<string, unknown>[] = []
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>)
  }
}

/** The response body as text. */
export function text(response: { streaming: boolean; content?: string | Uint8Array }): string {
  if (response.streaming || response.content === undefined) throw new Error('expected an in-memory response')
  return typeof response.content === 'string' ? response.content : Buffer.from(response.content).toString('utf8')
}
