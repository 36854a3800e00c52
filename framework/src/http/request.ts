/**
 * The incoming request, independent of any server: the node:http adapter, the TestClient and the
 * Fetch adapter all build one. Headers are read at once; the body, query, cookies and forms are
 * parsed on first use, with Django's limits.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import { parseCookieHeader } from './cookies.ts'
import { BadRequest, DisallowedHost, RequestDataTooBig } from './errors.ts'

/** Request headers: lower-case names, as node:http gives them. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>

/** Where a request's body comes from: bytes in memory, a byte stream (e.g. node's IncomingMessage), or none. */
export type RequestBodySource = Uint8Array | AsyncIterable<Uint8Array> | null

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
  #bodyBytes: Promise<Buffer> | null = null
  #query: URLSearchParams | null = null
  #cookies: Record<string, string> | null = null
  #secure: boolean

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
  }

  /** One header's value; repeated headers are joined with `, `. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()]
    return Array.isArray(value) ? value.join(', ') : value
  }

  /** Query parameters (as Django's `request.GET`). Parsed on first use. */
  get query(): URLSearchParams {
    return (this.#query ??= parseQuery(this.queryString))
  }

  /** Cookies by name (as Django's `request.COOKIES`). Malformed pairs are skipped. */
  get cookies(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookieHeader(this.header('cookie')))
  }

  /**
   * The client's address: the socket peer, or, when the peer is a trusted proxy listed in
   * `FORWARDED_ALLOW_IPS`, the nearest untrusted address in `X-Forwarded-For`.
   */
  get clientAddress(): string {
    const trusted = settings.FORWARDED_ALLOW_IPS
    if (trusted.length === 0 || !isTrusted(this.remoteAddress, trusted)) return this.remoteAddress
    const forwarded = this.header('x-forwarded-for')
    if (!forwarded) return this.remoteAddress
    const hops = forwarded.split(',').map((h) => h.trim()).filter(Boolean)
    // Walk from the nearest hop; the first address we do not trust is the client.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string
      if (!isTrusted(hop, trusted)) return hop
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
   * @throws {@link DisallowedHost} (400) for a missing, malformed or unlisted host.
   */
  getHost(): string {
    const host = (settings.USE_X_FORWARDED_HOST && this.header('x-forwarded-host')) || this.header('host') || ''
    const allowed = settings.ALLOWED_HOSTS.length === 0 && settings.DEBUG ? ['localhost', '127.0.0.1', '[::1]'] : settings.ALLOWED_HOSTS
    const domain = splitDomainPort(host)
    if (domain !== null && isAllowedHost(domain, allowed)) return host
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
   *   `Content-Length` before reading and again while reading.
   */
  body(): Promise<Buffer> {
    return (this.#bodyBytes ??= this.#readBody(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
  }

  /**
   * The body parsed as JSON.
   * @throws {@link BadRequest} (400) for malformed JSON, naming the parser's complaint.
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
   * The body as a stream, for views that handle large uploads themselves. Not limited by
   * `DATA_UPLOAD_MAX_MEMORY_SIZE`; cannot be combined with {@link Request.body}.
   */
  stream(): AsyncIterable<Uint8Array> {
    const source = this.#body
    this.#body = null
    if (source === null) return emptyStream()
    if (source instanceof Uint8Array) return oneChunk(source)
    return source
  }

  async #readBody(limit: number | null): Promise<Buffer> {
    const declared = Number(this.header('content-length') ?? NaN)
    if (limit !== null && declared > limit) {
      this.#discard()
      throw new RequestDataTooBig()
    }
    const source = this.#body
    this.#body = null
    if (source === null) return Buffer.alloc(0)
    if (source instanceof Uint8Array) {
      if (limit !== null && source.byteLength > limit) throw new RequestDataTooBig()
      return Buffer.from(source.buffer, source.byteOffset, source.byteLength)
    }
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of source) {
      size += chunk.byteLength
      if (limit !== null && size > limit) throw new RequestDataTooBig()
      chunks.push(chunk)
    }
    return Buffer.concat(chunks, size)
  }

  /** Drops an unread body without buffering it, so a refused upload costs no memory. */
  #discard(): void {
    const source = this.#body
    this.#body = null
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

/**
 * Percent-decodes a path as UTF-8.
 * @throws {@link BadRequest} for a malformed escape or bytes that are not UTF-8.
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
 * Parses a query string, checking that every escape decodes.
 * @throws {@link BadRequest} for a malformed percent-encoding.
 */
export function parseQuery(query: string): URLSearchParams {
  if (query.includes('%')) {
    for (const part of query.split(/[&=]/)) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '))
      } catch {
        throw new BadRequest(`The query string has a malformed percent-encoding near ${JSON.stringify(part.slice(0, 100))}.`, 'E_BAD_PERCENT_ENCODING')
      }
    }
  }
  return new URLSearchParams(query)
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  const bare = address.startsWith('::ffff:') ? address.slice(7) : address
  return trusted.includes('*') || trusted.includes(address) || trusted.includes(bare)
}

/** Splits `host[:port]` and returns the lower-cased domain, or `null` when malformed (as Django's `split_domain_port`). */
function splitDomainPort(host: string): string | null {
  const lower = host.toLowerCase()
  if (!/^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/.test(lower)) return null
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1)
  const colon = lower.lastIndexOf(':')
  const domain = colon < 0 ? lower : lower.slice(0, colon)
  return domain.endsWith('.') ? domain.slice(0, -1) : domain
}

/** Django's `validate_host`: exact names, `.example.com` for a domain and its subdomains, `*` for any. */
function isAllowedHost(domain: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    const p = pattern.toLowerCase()
    if (p === '*' || p === domain) return true
    if (p.startsWith('.') && (domain.endsWith(p) || domain === p.slice(1))) return true
  }
  return false
}
