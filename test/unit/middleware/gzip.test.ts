import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { configure } from 'tango/core'
import { HttpResponse, JsonResponse, StreamingResponse } from 'tango/http'
import type { Response } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { ConditionalGetMiddleware, GZipMiddleware, chooseEncoding, isCompressible } from 'tango/middleware'
import { makeRequest } from '../handler/helpers.ts'

const page = '<p>Hello, compressible world!</p>\n'.repeat(40)
const big = 'x'.repeat(200 * 1024)

const routes = new URLResolver([
  path('page/', () => new HttpResponse(page)),
  path('big/', () => new HttpResponse(big, { contentType: 'text/plain' })),
  path('json/', () => new JsonResponse({ items: Array.from({ length: 50 }, (_, i) => ({ i, name: `item ${i}` })) })),
  path('tiny/', () => new HttpResponse('short')),
  path('png/', () => new HttpResponse(new Uint8Array(4096), { contentType: 'image/png' })),
  path('encoded/', () => new HttpResponse(page, { headers: { 'content-encoding': 'identity' } })),
  path('stream/', () => new StreamingResponse((async function* () {
    for (let i = 0; i < 20; i++) yield `chunk ${i} `.repeat(20)
  })(), { contentType: 'text/plain', headers: { 'content-length': '999' } })),
])

let handler: (request: ReturnType<typeof makeRequest>) => Promise<Response>
before(async () => {
  configure({ ALLOWED_HOSTS: ['testserver'] })
  handler = await createHandler({ resolver: routes, middleware: [GZipMiddleware, ConditionalGetMiddleware] })
})

function bytes(response: Response): Buffer {
  assert.equal(response.streaming, false)
  if (response.streaming) throw new Error('unreachable')
  return Buffer.from(response.content)
}

async function streamed(response: Response): Promise<Buffer> {
  if (!response.streaming) throw new Error('expected a stream')
  const parts: Buffer[] = []
  for await (const chunk of response.streamingContent) parts.push(Buffer.from(chunk))
  return Buffer.concat(parts)
}

describe('GZipMiddleware', () => {
  test('gzips a text page for a gzip client, adds Vary and weakens the ETag', async () => {
    const response = await handler(makeRequest('/page/', { headers: { 'accept-encoding': 'gzip, deflate' } }))
    assert.equal(response.headers.get('content-encoding'), 'gzip')
    assert.equal(response.headers.get('vary'), 'Accept-Encoding')
    assert.match(response.headers.get('etag') ?? '', /^W\/"/)
    assert.equal(gunzipSync(bytes(response)).toString(), page)
  })

  test('prefers brotli when accepted, and round-trips JSON', async () => {
    const response = await handler(makeRequest('/json/', { headers: { 'accept-encoding': 'gzip, deflate, br' } }))
    assert.equal(response.headers.get('content-encoding'), 'br')
    const decoded = JSON.parse(brotliDecompressSync(bytes(response)).toString()) as { items: unknown[] }
    assert.equal(decoded.items.length, 50)
  })

  test('compresses a large body (the async path) correctly', async () => {
    const response = await handler(makeRequest('/big/', { headers: { 'accept-encoding': 'br' } }))
    assert.equal(response.headers.get('content-encoding'), 'br')
    assert.equal(brotliDecompressSync(bytes(response)).toString(), big)
  })

  test('leaves alone: no Accept-Encoding (but still Vary), short bodies, images, already encoded', async () => {
    const plain = await handler(makeRequest('/page/'))
    assert.equal(plain.headers.has('content-encoding'), false)
    assert.equal(plain.headers.get('vary'), 'Accept-Encoding')
    const accept = { headers: { 'accept-encoding': 'gzip, br' } }
    for (const url of ['/tiny/', '/png/']) {
      const response = await handler(makeRequest(url, accept))
      assert.equal(response.headers.has('content-encoding'), false, url)
      assert.equal(response.headers.has('vary'), false, url)
    }
    assert.equal((await handler(makeRequest('/encoded/', accept))).headers.get('content-encoding'), 'identity')
  })

  test('compresses a streaming body as a stream and drops its Content-Length', async () => {
    const response = await handler(makeRequest('/stream/', { headers: { 'accept-encoding': 'gzip' } }))
    assert.equal(response.headers.get('content-encoding'), 'gzip')
    assert.equal(response.headers.has('content-length'), false)
    let expected = ''
    for (let i = 0; i < 20; i++) expected += `chunk ${i} `.repeat(20)
    assert.equal(gunzipSync(await streamed(response)).toString(), expected)
  })

  test('a 304 for the weakened ETag of the compressed page', async () => {
    const first = await handler(makeRequest('/page/', { headers: { 'accept-encoding': 'gzip' } }))
    const etag = first.headers.get('etag') ?? ''
    const again = await handler(makeRequest('/page/', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } }))
    assert.equal(again.status, 304)
    assert.equal(again.headers.has('content-encoding'), false)
  })
})

describe('chooseEncoding and isCompressible', () => {
  test('honours q-values, * and x-gzip; brotli wins ties', () => {
    assert.equal(chooseEncoding('gzip, deflate, br'), 'br')
    assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip')
    assert.equal(chooseEncoding('gzip;q=1, br;q=0.5'), 'gzip')
    assert.equal(chooseEncoding('x-gzip'), 'gzip')
    assert.equal(chooseEncoding('*'), 'br')
    assert.equal(chooseEncoding('*;q=0'), null)
    assert.equal(chooseEncoding('identity'), null)
    assert.equal(chooseEncoding(undefined), null)
    assert.equal(chooseEncoding('gzip;q=0, br;q=0'), null)
  })

  test('text, JSON, JavaScript, XML and SVG are compressible; images are not', () => {
    for (const type of ['text/html; charset=utf-8', 'application/json', 'application/ld+json', 'text/javascript', 'application/javascript', 'application/xml', 'image/svg+xml', 'application/atom+xml']) {
      assert.equal(isCompressible(type), true, type)
    }
    for (const type of ['image/png', 'application/octet-stream', 'application/zip', 'font/woff2', undefined]) assert.equal(isCompressible(type), false, String(type))
  })
})
