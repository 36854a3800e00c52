/**
 * {@link TestResponse}: what `TestClient` returns, with the body already collected.
 *
 * @module
 */
import type { SetCookie } from '../http/cookies.ts'
import type { ResponseHeaders } from '../http/headers.ts'
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'

/**
 * A response as a test sees it (as Django's test `Response`): status, headers, the whole body as
 * bytes (streaming bodies are collected), the request that produced it and, when redirects were
 * followed, the chain.
 */
export class TestResponse {
  /** The status code. */
  readonly status: number
  /** The headers; `get(name)` is case-insensitive. */
  readonly headers: ResponseHeaders
  /** The body. Empty for HEAD, 1xx, 204 and 304, as a server would send it. */
  readonly content: Buffer
  /** The response object the handler returned (middleware and views may have attached more to it). */
  readonly response: Response
  /** The request that produced this response (the last one when redirects were followed). */
  readonly request: Request
  /** `[url, status]` of every redirect followed to get here (as Django's `redirect_chain`). */
  readonly redirectChain: readonly (readonly [string, number])[]

  /** @internal built by `TestClient`. */
  constructor(response: Response, request: Request, content: Buffer, redirectChain: readonly (readonly [string, number])[]) {
    this.status = response.status
    this.headers = response.headers
    this.content = content
    this.response = response
    this.request = request
    this.redirectChain = redirectChain
  }

  /** Cookies the response set, by name. */
  get cookies(): ReadonlyMap<string, SetCookie> {
    return this.response.cookies
  }

  /** The `Location` header, for redirects (as Django's `response.url`). */
  get url(): string | undefined {
    return this.headers.get('location')
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return this.content.toString('utf8')
  }

  /**
   * The body parsed as JSON.
   * @throws Error when the `Content-Type` is not JSON (as Django's `response.json()`), or SyntaxError.
   */
  json(): unknown {
    const type = this.headers.get('content-type') ?? ''
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
      throw new Error(`Content-Type header is ${JSON.stringify(type)}, not "application/json".`)
    }
    return JSON.parse(this.text()) as unknown
  }
}
