// The default stack end to end over real HTTP on 127.0.0.1, through the node adapter.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { configure } from 'tango/core'
import { HttpResponse, createHttpServer } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { DEFAULT_MIDDLEWARE } from 'tango/middleware'
import { configureLogging } from '../../../framework/src/core/logging.ts'
import { LogSink } from '../handler/helpers.ts'

const page = '<li>an item of a long enough list</li>\n'.repeat(30)
const sink = new LogSink()
let server: Server
let port = 0

before(async () => {
  configure({ ALLOWED_HOSTS: ['localhost'] })
  configureLogging({ level: 'info', destination: sink })
  const routes = new URLResolver([
    path('plaintext', () => new HttpResponse('Hello, World!', { contentType: 'text/plain' })),
    path('list/', () => new HttpResponse(page)),
  ])
  server = createHttpServer(await createHandler({ resolver: routes, middleware: DEFAULT_MIDDLEWARE }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: `localhost:${port}`, connection: 'close', ...headers } }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('DEFAULT_MIDDLEWARE over HTTP', () => {
  test('plaintext gets the security headers, an ETag and one access-log line', async () => {
    const before = sink.lines.length
    const res = await get('/plaintext')
    assert.equal(res.status, 200)
    assert.equal(res.body.toString(), 'Hello, World!')
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['x-frame-options'], 'DENY')
    assert.equal(res.headers['referrer-policy'], 'same-origin')
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin')
    assert.match(res.headers.etag ?? '', /^"/)
    assert.equal(res.headers['content-encoding'], undefined)
    const lines = sink.lines.slice(before)
    assert.equal(lines.length, 1)
    assert.deepEqual({ ...lines[0], time: 0, ms: 0, pid: 0 }, { level: 30, time: 0, pid: 0, name: 'tango.request.access', method: 'GET', path: '/plaintext', status: 200, bytes: 13, ms: 0, msg: 'GET /plaintext 200' })
  })

  test('a long page is gzipped with a weak ETag, and revalidates to 304', async () => {
    const res = await get('/list/', { 'accept-encoding': 'gzip' })
    assert.equal(res.headers['content-encoding'], 'gzip')
    assert.equal(res.headers.vary, 'Accept-Encoding')
    assert.equal(gunzipSync(res.body).toString(), page)
    const etag = res.headers.etag ?? ''
    assert.match(etag, /^W\/"/)
    const again = await get('/list/', { 'accept-encoding': 'gzip', 'if-none-match': etag })
    assert.equal(again.status, 304)
    assert.equal(again.body.byteLength, 0)
  })

  test('APPEND_SLASH redirects, unknown paths are 404, and a bad Host is 400', async () => {
    const redirect = await get('/list?x=1')
    assert.equal(redirect.status, 301)
    assert.equal(redirect.headers.location, '/list/?x=1')
    assert.equal((await get('/nope/')).status, 404)
    assert.equal((await get('/plaintext', { host: 'evil.test' })).status, 400)
  })
})
