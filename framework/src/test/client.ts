/**
 * {@link TestClient}: drives a {@link RequestHandler} in-process, as Django's test `Client`: no socket,
 * a cookie jar across requests, optional redirect following.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { FROM_TEST_CLIENT, Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'
import type { RequestHandler } from '../http/types.ts'
import { TestResponse } from './test-response.ts'
import { dontEnforceCsrfChecks } from '../middleware/csrf/token.ts'

/** A file to upload in a form posted by {@link TestClient} (sent as `multipart/form-data`). */
export interface TestFile {
  readonly filename: string
  readonly content: string | Uint8Array
  /** Default `application/octet-stream`. */
  readonly contentType?: string
}

/** One form value: scalars are `String()`-ed; a {@link TestFile} makes the body multipart. */
export type FormValue = string | number | boolean | TestFile

/** What `post`, `put`, `patch` and `delete` send: raw text or bytes, or an object of form fields (arrays repeat a field). */
export type RequestData = string | Uint8Array | Readonly<Record<string, FormValue | readonly FormValue[]>>

/** Options for every request. */
export interface ClientRequestOptions {
  /** Query parameters added to the path's own; arrays repeat the name. */
  readonly query?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>
  /** Extra request headers (any case); they override the client's defaults. */
  readonly headers?: Readonly<Record<string, string>>
  /** Follow redirects, recording them in `response.redirectChain` (as Django's `follow=True`). */
  readonly follow?: boolean
  /** Pretend the request came over HTTPS (as Django's `secure=True`). */
  readonly secure?: boolean
}

/** Options for requests with a body. */
export interface ClientDataOptions extends ClientRequestOptions {
  /** Send `data` as JSON with `Content-Type: application/json`. */
  readonly json?: boolean
  /** The `Content-Type` for raw string or byte data (default `application/octet-stream`). */
  readonly contentType?: string
}

/** Client-wide defaults. */
export interface TestClientOptions {
  /** Headers sent with every request, e.g. `{ 'accept-language': 'fr' }`. */
  readonly headers?: Readonly<Record<string, string>>
  /** The peer address requests appear to come from (default `127.0.0.1`). */
  readonly remoteAddress?: string
  /**
   * Check CSRF tokens as a browser's requests would be (default `false`: as Django's test client,
   * requests skip `CsrfViewMiddleware`'s checks so tests can post without fetching a token first).
   */
  readonly enforceCsrfChecks?: boolean
}

/** Most redirects followed before giving up (a loop, most likely). */
const MAX_REDIRECTS = 20
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const encoder = new TextEncoder()

/**
 * An in-process HTTP client for tests (as Django's `django.test.Client`). Requests go straight to
 * the handler as {@link Request} objects with `Host: testserver`, which `Request.getHost()` accepts
 * for TestClient requests whatever `ALLOWED_HOSTS` says (Django's test runner does the same).
 *
 * Cookies the responses set are kept and sent back (a simple jar: one value per name, `Max-Age=0`
 * or a past `Expires` deletes; domain and path are ignored).
 *
 * @example
 * ```ts
 * const client = new TestClient(await createHandler())
 * const response = await client.post('/login/', { username: 'ada', password: 's3cret' }, { follow: true })
 * assert.equal(response.status, 200)
 * assert.deepEqual(response.redirectChain, [['/profile/', 302]])
 * ```
 */
export class TestClient {
  /** The cookie jar: name → value, sent with every request. Tests may edit it. */
  readonly cookies = new Map<string, string>()
  readonly #handler: RequestHandler
  readonly #options: TestClientOptions

  /**
   * @param handler - the application, e.g. `await createHandler()`.
   * @param options - default headers and peer address.
   */
  constructor(handler: RequestHandler, options: TestClientOptions = {}) {
    this.#handler = handler
    this.#options = options
  }

  /** GET `path` (which may carry a query string). */
  get(path: string, options: ClientRequestOptions = {}): Promise<TestResponse> {
    return this.request('GET', path, undefined, options)
  }

  /** HEAD `path`; the response has headers and no body. */
  head(path: string, options: ClientRequestOptions = {}): Promise<TestResponse> {
    return this.request('HEAD', path, undefined, options)
  }

  /** OPTIONS `path`. */
  options(path: string, options: ClientRequestOptions = {}): Promise<TestResponse> {
    return this.request('OPTIONS', path, undefined, options)
  }

  /** POST `data`: an object is a urlencoded form (multipart with files), or JSON with `json: true`. */
  post(path: string, data?: RequestData, options: ClientDataOptions = {}): Promise<TestResponse> {
    return this.request('POST', path, data, options)
  }

  /** PUT `data`, encoded as for {@link TestClient.post}. */
  put(path: string, data?: RequestData, options: ClientDataOptions = {}): Promise<TestResponse> {
    return this.request('PUT', path, data, options)
  }

  /** PATCH `data`, encoded as for {@link TestClient.post}. */
  patch(path: string, data?: RequestData, options: ClientDataOptions = {}): Promise<TestResponse> {
    return this.request('PATCH', path, data, options)
  }

  /** DELETE, with optional `data` encoded as for {@link TestClient.post}. */
  delete(path: string, data?: RequestData, options: ClientDataOptions = {}): Promise<TestResponse> {
    return this.request('DELETE', path, data, options)
  }

  /**
   * Sends any method.
   * @throws Error after {@link MAX_REDIRECTS} redirects when following (a redirect loop).
   */
  async request(method: string, path: string, data: RequestData | undefined, options: ClientDataOptions = {}): Promise<TestResponse> {
    let body = data === undefined ? null : encodeBody(data, options)
    let target = withQuery(path, options.query)
    const chain: [string, number][] = []
    for (;;) {
      const request = this.#build(method, target, body, options)
      const response = await this.#handler(request)
      this.#storeCookies(response)
      const content = await collect(response, method === 'HEAD')
      const location = response.headers.get('location')
      if (!options.follow || !REDIRECTS.has(response.status) || location === undefined) {
        return new TestResponse(response, request, content, chain)
      }
      chain.push([location, response.status])
      if (chain.length > MAX_REDIRECTS) throw new Error(`TestClient: more than ${MAX_REDIRECTS} redirects, the last to ${location}; is there a loop?`)
      const next = new URL(location, `http://testserver${target}`)
      target = next.pathname + next.search
      // RFC 9110 §15.4: 307 and 308 repeat the method and body; the others become GET.
      if (response.status !== 307 && response.status !== 308) {
        method = method === 'HEAD' ? 'HEAD' : 'GET'
        body = null
      }
    }
  }

  #build(method: string, target: string, body: EncodedBody | null, options: ClientRequestOptions): Request {
    const headers: Record<string, string> = { host: 'testserver' }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
    if (body !== null) {
      headers['content-type'] = body.contentType
      headers['content-length'] = String(body.bytes.byteLength)
    }
    for (const source of [this.#options.headers, options.headers]) {
      if (source) for (const name in source) headers[name.toLowerCase()] = source[name] as string
    }
    const request = new Request({
      method,
      url: target,
      headers,
      body: body?.bytes ?? null,
      remoteAddress: this.#options.remoteAddress ?? '127.0.0.1',
      secure: options.secure ?? false,
      [FROM_TEST_CLIENT]: true,
    })
    if (!this.#options.enforceCsrfChecks) dontEnforceCsrfChecks(request)
    return request
  }

  #storeCookies(response: Response): void {
    const now = Date.now()
    for (const cookie of response.cookies.values()) {
      const expired = (cookie.maxAge !== undefined && cookie.maxAge <= 0) || (cookie.maxAge === undefined && cookie.expires !== undefined && cookie.expires.getTime() <= now)
      if (expired) this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
  }
}

interface EncodedBody {
  readonly bytes: Uint8Array
  readonly contentType: string
}

function isFile(value: FormValue): value is TestFile {
  return typeof value === 'object' && value !== null && 'filename' in value
}

function encodeBody(data: RequestData, options: ClientDataOptions): EncodedBody {
  if (options.json) {
    const bytes = data instanceof Uint8Array ? data : encoder.encode(typeof data === 'string' ? data : JSON.stringify(data))
    return { bytes, contentType: 'application/json' }
  }
  if (typeof data === 'string') return { bytes: encoder.encode(data), contentType: options.contentType ?? 'application/octet-stream' }
  if (data instanceof Uint8Array) return { bytes: data, contentType: options.contentType ?? 'application/octet-stream' }
  const pairs: [string, FormValue][] = []
  for (const name in data) {
    const value = data[name] as FormValue | readonly FormValue[]
    if (Array.isArray(value)) for (const v of value as readonly FormValue[]) pairs.push([name, v])
    else pairs.push([name, value as FormValue])
  }
  if (pairs.some(([, v]) => isFile(v))) return encodeMultipart(pairs)
  const params = new URLSearchParams()
  for (const [name, value] of pairs) params.append(name, String(value))
  return { bytes: encoder.encode(params.toString()), contentType: 'application/x-www-form-urlencoded' }
}

/** RFC 7578 `multipart/form-data`, as a browser would send the form. */
function encodeMultipart(pairs: readonly [string, FormValue][]): EncodedBody {
  const boundary = `----TangoTestBoundary${randomBytes(8).toString('hex')}`
  const parts: Uint8Array[] = []
  const quote = (s: string): string => s.replace(/["\r\n]/g, (c) => encodeURIComponent(c))
  for (const [name, value] of pairs) {
    if (isFile(value)) {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.filename)}"\r\nContent-Type: ${value.contentType ?? 'application/octet-stream'}\r\n\r\n`))
      parts.push(typeof value.content === 'string' ? encoder.encode(value.content) : value.content)
      parts.push(encoder.encode('\r\n'))
    } else {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${String(value)}\r\n`))
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`))
  return { bytes: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

function withQuery(path: string, query: ClientRequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const name in query) {
    const value = query[name]
    if (Array.isArray(value)) for (const v of value as readonly unknown[]) params.append(name, String(v))
    else params.append(name, String(value))
  }
  const text = params.toString()
  if (!text) return path
  return path + (path.includes('?') ? '&' : '?') + text
}

/** The body as a server would send it: collected from a stream, dropped for HEAD, 1xx, 204 and 304. */
async function collect(response: Response, head: boolean): Promise<Buffer> {
  const bodyless = head || response.status === 204 || response.status === 304 || response.status < 200
  if (!response.streaming) {
    if (bodyless) return Buffer.alloc(0)
    return typeof response.content === 'string' ? Buffer.from(response.content) : Buffer.from(response.content)
  }
  if (bodyless) {
    await response.streamingContent[Symbol.asyncIterator]().return?.()
    return Buffer.alloc(0)
  }
  const chunks: Buffer[] = []
  for await (const chunk of response.streamingContent) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks)
}
