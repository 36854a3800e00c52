/**
 * The incoming request, independent of any server: the node:http adapter, the TestClient and the
 * Fetch adapter all build one. Headers are read at once; the body, query, cookies and forms are
 * parsed on first use, with Django's limits.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { settings } from '../core/settings.ts'
import { forEachChunk } from './body-reader.ts'
import { parseCookieHeader } from './cookies.ts'
import { BadRequest, DisallowedHost, RequestDataTooBig } from './errors.ts'
import { isAllowedHost, splitDomainPort } from './host.ts'
import { parseMultipart } from './multipart.ts'
import type { MultipartResult } from './multipart.ts'
import { QueryDict } from './query-dict.ts'
import { isTrustedProxy } from './trusted-proxies.ts'
import type { UploadedFile } from './uploaded-file.ts'
import { parseUrlencoded } from './urlencoded.ts'

/** Request headers: lower-case names, as node:http gives them. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>

/** Where a request's body comes from: bytes in memory, a byte stream (e.g. node's IncomingMessage), or none. */
export type RequestBodySource = Uint8Array | AsyncIterable<Uint8Array> | null

/**
 * Marks a request built by `TestClient`, so `getHost()` accepts `testserver` as Django's test runner
 * does. A symbol no wire input can set.
 * @internal
 */
export const FROM_TEST_CLIENT: unique symbol = Symbol('tango.fromTestClient')

/** What a server adapter hands to {@link Request}'s constructor. */
export interface RequestInit {
  /** The method as sent; it is upper-cased. */
  readonly method: string
  /** The request target: path and optional query, e.g. `/a%20b/?x=1`. */
  readonly url: string
  readonly headers: RequestHeaders
  readonly body?: RequestBodySource
  /** The peer's address on the socket. Default `127.0.0.1`. */
  readonly remoteAddress?: string
  /** Whether the connection itself is TLS. */
  readonly secure?: boolean
  /** @internal set by `TestClient` only. */
  readonly [FROM_TEST_CLIENT]?: boolean
}

/** The route a request resolved to, set by the handler before the view runs (as Django's `resolver_match`). */
export interface ResolverMatchInfo {
  /** The route's name, with namespaces: `news:detail`; `null` when unnamed. */
  readonly viewName: string | null
  /** The matched route pattern, e.g. `articles/<int:year>/`. */
  readonly route: string
  /** Captured parameters after conversion. */
  readonly params: Readonly<Record<string, unknown>>
}

const EMPTY_FORM = new QueryDict()
const EMPTY_FILES = new QueryDict<UploadedFile>()

/**
 * An HTTP request (as Django's `HttpRequest`).
 *
 * Projects and contrib apps add fields by declaration merging, e.g. `session` and `user`:
 * `declare module 'tango/http' { interface Request { session: Session } }`.
 */
export class Request {
  /** Upper-case method: `GET`, `POST`, ... */
  readonly method: string
  /** The path, percent-decoded (as Django's `request.path`). */
  readonly path: string
  /** The path as sent, still percent-encoded. */
  readonly rawPath: string
  /** The query string without `?`, as sent. */
  readonly queryString: string
  /** Headers, lower-case names. */
  readonly headers: RequestHeaders
  /** The socket peer's address. See {@link Request.clientAddress} for the client behind proxies. */
  readonly remoteAddress: string
  /** Set by the handler once the URL resolved. */
  resolverMatch: ResolverMatchInfo | null = null

  #body: RequestBodySource
  #bodyUsed: 'stream' | 'multipart' | null = null
  #bodyBytes: Promise<Buffer> | null = null
  #multipart: Promise<MultipartResult> | null = null
  #form: Promise<QueryDict> | null = null
  #query: QueryDict | null = null
  #cookies: Record<string, string> | null = null
  #secure: boolean
  #fromTestClient: boolean

  /**
   * @param init - method, target, headers, body source and peer.
   * @throws {@link BadRequest} when the path's percent-encoding is not valid UTF-8.
   */
  constructor(init: RequestInit) {
    this.method = init.method.toUpperCase()
    const url = init.url
    const q = url.indexOf('?')
    this.rawPath = q < 0 ? url : url.slice(0, q)
    this.queryString = q < 0 ? '' : url.slice(q + 1)
    this.path = decodePath(this.rawPath)
    this.headers = init.headers
    this.remoteAddress = init.remoteAddress ?? '127.0.0.1'
    this.#body = init.body ?? null
    this.#secure = init.secure ?? false
    this.#fromTestClient = init[FROM_TEST_CLIENT] === true
  }

  /** One header's value; repeated headers are joined with `, `. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()]
    return Array.isArray(value) ? value.join(', ') : value
  }

  /** The media type of `Content-Type`, lower-case, without parameters (as Django's `content_type`); `''` when absent. */
  get contentType(): string {
    const raw = this.header('content-type')
    if (!raw) return ''
    const semi = raw.indexOf(';')
    return (semi < 0 ? raw : raw.slice(0, semi)).trim().toLowerCase()
  }

  /**
   * Query parameters (as Django's `request.GET`), parsed on first use.
   * @throws {@link BadRequest} (400) for a malformed percent-encoding or more than
   *   `DATA_UPLOAD_MAX_NUMBER_FIELDS` parameters.
   */
  get query(): QueryDict {
    return (this.#query ??= parseQuery(this.queryString))
  }

  /** Cookies by name (as Django's `request.COOKIES`). Malformed pairs are skipped. */
  get cookies(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookieHeader(this.header('cookie')))
  }

  /**
   * The client's address: the socket peer, or, when the peer is a trusted proxy listed in
   * `FORWARDED_ALLOW_IPS` (addresses, CIDR ranges or `*`), the nearest untrusted address in
   * `X-Forwarded-For`. A header from an untrusted peer is ignored: anyone can send one.
   */
  get clientAddress(): string {
    const trusted = settings.FORWARDED_ALLOW_IPS
    if (!isTrustedProxy(this.remoteAddress, trusted)) return this.remoteAddress
    const forwarded = this.header('x-forwarded-for')
    if (!forwarded) return this.remoteAddress
    const hops = forwarded.split(',').map((h) => h.trim()).filter(Boolean)
    // Walk from the nearest hop; the first address we do not trust is the client.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string
      if (!isTrustedProxy(hop, trusted)) return hop
    }
    return hops[0] ?? this.remoteAddress
  }

  /** `https` when the connection is TLS or a trusted proxy says so through `SECURE_PROXY_SSL_HEADER`. */
  get scheme(): 'http' | 'https' {
    if (this.#secure) return 'https'
    const proxyHeader = settings.SECURE_PROXY_SSL_HEADER
    if (proxyHeader !== null && this.header(proxyHeader[0]) === proxyHeader[1]) return 'https'
    return 'http'
  }

  /** Whether the request came over HTTPS (as Django's `is_secure`). */
  isSecure(): boolean {
    return this.scheme === 'https'
  }

  /**
   * The host the client asked for, checked against `ALLOWED_HOSTS` (as Django's `get_host`).
   * With `DEBUG` and empty `ALLOWED_HOSTS`, `localhost`, `127.0.0.1` and `[::1]` are allowed.
   * Requests from `TestClient` may also use `testserver`, as Django's test runner allows.
   * @throws {@link DisallowedHost} (400) for a missing, malformed or unlisted host.
   */
  getHost(): string {
    const host = (settings.USE_X_FORWARDED_HOST && this.header('x-forwarded-host')) || this.header('host') || ''
    const allowed = settings.ALLOWED_HOSTS.length === 0 && settings.DEBUG ? ['localhost', '127.0.0.1', '[::1]'] : settings.ALLOWED_HOSTS
    const domain = splitDomainPort(host)
    if (domain !== null && (isAllowedHost(domain, allowed) || (this.#fromTestClient && domain === 'testserver'))) return host
    throw new DisallowedHost(host ? `Invalid HTTP_HOST header: '${host}'. You may need to add '${domain ?? host}' to ALLOWED_HOSTS.` : 'The request has no Host header.')
  }

  /** An absolute URL for `location` (default: this request's path and query), as Django's `build_absolute_uri`. */
  buildAbsoluteUri(location?: string): string {
    const base = `${this.scheme}://${this.getHost()}`
    if (location === undefined) return base + this.rawPath + (this.queryString ? `?${this.queryString}` : '')
    return new URL(location, base + this.rawPath).href
  }

  /**
   * The raw body, read once and kept (as Django's `request.body`).
   * @throws {@link RequestDataTooBig} (413) past `DATA_UPLOAD_MAX_MEMORY_SIZE` bytes, checked against
   *   `Content-Length` before reading and again while reading (so chunked bodies are caught too).
   * @throws TangoError `E_BODY_CONSUMED` after {@link Request.stream} or a multipart {@link Request.form}
   *   consumed the body (as Django's `RawPostDataException`).
   */
  body(): Promise<Buffer> {
    return (this.#bodyBytes ??= this.#readBody(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
  }

  /**
   * The body parsed as JSON.
   * @throws {@link BadRequest} (400, `E_BAD_REQUEST_BODY`) for malformed JSON, naming the parser's complaint.
   * @throws {@link RequestDataTooBig} (413) as {@link Request.body}.
   */
  async json(): Promise<unknown> {
    const bytes = await this.body()
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown
    } catch (error) {
      throw new BadRequest(`Malformed JSON in request body: ${(error as Error).message}`, 'E_BAD_REQUEST_BODY')
    }
  }

  /**
   * The form fields (as Django's `request.POST`, for any method): parsed from an
   * `application/x-www-form-urlencoded` or `multipart/form-data` body; empty for other types.
   * @throws {@link BadRequest} (400) for a malformed body or percent-encoding;
   *   `TooManyFieldsSent` / `TooManyFilesSent` (400) past `DATA_UPLOAD_MAX_NUMBER_FIELDS` /
   *   `DATA_UPLOAD_MAX_NUMBER_FILES`; {@link RequestDataTooBig} (413) when the fields pass
   *   `DATA_UPLOAD_MAX_MEMORY_SIZE` or a file passes `FILE_UPLOAD_MAX_SIZE`.
   */
  form(): Promise<QueryDict> {
    return (this.#form ??= this.#parseForm())
  }

  /**
   * Uploaded files of a `multipart/form-data` body (as Django's `request.FILES`), kept in memory;
   * empty for other types. Errors as {@link Request.form}.
   */
  async files(): Promise<QueryDict<UploadedFile>> {
    if (this.contentType !== 'multipart/form-data') return EMPTY_FILES
    return (await this.#parseMultipart()).files
  }

  /**
   * The body as a stream, for views that handle large uploads themselves. Not limited by
   * `DATA_UPLOAD_MAX_MEMORY_SIZE`. After {@link Request.body} it replays the kept bytes.
   * @throws TangoError `E_BODY_CONSUMED` when the body was already streamed or parsed as multipart.
   */
  stream(): AsyncIterable<Uint8Array> {
    if (this.#bodyBytes !== null) return replay(this.#bodyBytes)
    const source = this.#take('stream')
    if (source === null) return emptyStream()
    if (source instanceof Uint8Array) return oneChunk(source)
    return source
  }

  async #parseForm(): Promise<QueryDict> {
    const type = this.contentType
    if (type === 'multipart/form-data') return (await this.#parseMultipart()).fields
    if (type !== 'application/x-www-form-urlencoded') return EMPTY_FORM
    const bytes = await this.body()
    return parseUrlencoded(bytes.toString('utf8'), settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, 'form body')
  }

  #parseMultipart(): Promise<MultipartResult> {
    return (this.#multipart ??= this.#startMultipart())
  }

  async #startMultipart(): Promise<MultipartResult> {
    const source = this.#bodyBytes !== null ? replay(this.#bodyBytes) : this.#take('multipart')
    return parseMultipart(source === null ? emptyStream() : source instanceof Uint8Array ? oneChunk(source) : source, this.headers, {
      maxMemorySize: settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
      maxNumberFields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
      maxNumberFiles: settings.DATA_UPLOAD_MAX_NUMBER_FILES,
      maxFileSize: settings.FILE_UPLOAD_MAX_SIZE,
    })
  }

  /** Hands the body source to one reader; a second reader gets a clear error instead of an empty body. */
  #take(by: 'stream' | 'multipart'): RequestBodySource {
    if (this.#bodyUsed !== null) {
      throw new TangoError('E_BODY_CONSUMED', `The request body was already consumed by ${this.#bodyUsed === 'stream' ? 'request.stream()' : 'a multipart request.form()/files()'}; it can be read only once.`)
    }
    this.#bodyUsed = by
    const source = this.#body
    this.#body = null
    return source
  }

  async #readBody(limit: number | null): Promise<Buffer> {
    const declared = Number(this.header('content-length') ?? NaN)
    if (limit !== null && declared > limit) {
      this.#discard()
      throw new RequestDataTooBig()
    }
    const source = this.#take(this.#bodyUsed ?? 'stream')
    if (source === null) return Buffer.alloc(0)
    if (source instanceof Uint8Array) {
      if (limit !== null && source.byteLength > limit) throw new RequestDataTooBig()
      return Buffer.from(source.buffer, source.byteOffset, source.byteLength)
    }
    const chunks: Uint8Array[] = []
    let size = 0
    await forEachChunk(source, (chunk) => {
      size += chunk.byteLength
      if (limit !== null && size > limit) throw new RequestDataTooBig()
      chunks.push(chunk)
    })
    return Buffer.concat(chunks, size)
  }

  /** Drops an unread body without buffering it, so a refused upload costs no memory. */
  #discard(): void {
    if (this.#bodyUsed !== null) return
    const source = this.#take('stream')
    const resumable = source as { resume?: () => void } | null
    if (resumable && typeof resumable.resume === 'function') resumable.resume()
  }
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  // an empty body
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

async function* replay(bytes: Promise<Buffer>): AsyncGenerator<Uint8Array> {
  yield await bytes
}

/**
 * Percent-decodes a path as UTF-8.
 * @throws {@link BadRequest} (`E_BAD_PERCENT_ENCODING`) for a malformed escape or bytes that are not UTF-8.
 */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new BadRequest(`The request path ${JSON.stringify(raw.slice(0, 200))} has a malformed percent-encoding.`, 'E_BAD_PERCENT_ENCODING')
  }
}

/**
 * Parses a query string into an immutable {@link QueryDict} (as Django's `QueryDict(query_string)`).
 * @param query - without the leading `?`.
 * @param maxFields - default `settings.DATA_UPLOAD_MAX_NUMBER_FIELDS`.
 * @throws {@link BadRequest} for a malformed percent-encoding; `TooManyFieldsSent` past `maxFields`.
 */
export function parseQuery(query: string, maxFields: number | null = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS): QueryDict {
  return parseUrlencoded(query, maxFields, 'query string')
}
