// The production side of static files over real HTTP (node:http, raw paths): STATIC_ROOT served
// with `immutable` for the manifest's hashed names and a short max-age otherwise, the precompressed
// .br/.gz variant the client's Accept-Encoding prefers (identity otherwise), ETag/304 and ranges on
// each variant, traversal attempts answered 404, and MEDIA_URL only in DEBUG.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { configure, defineApp } from '../../../framework/src/core/index.ts'
import { createHttpServer } from '../../../framework/src/http/node-adapter.ts'
import { HttpResponse } from '../../../framework/src/http/response.ts'
import { acceptedEncodings, IMMUTABLE_CACHE_CONTROL, staticFilesHandler } from '../../../framework/src/server/static-files.ts'

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

const CSS = `body { color: teal; }\n${'.rule { margin: 0 auto; padding: 1em; }\n'.repeat(100)}`
const HASHED = 'site.0123456789ab.css'

describe('serve: STATIC_ROOT as production serves it', () => {
  let root: string
  let server: Server
  let port: number

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tango-static-root-'))
    const staticRoot = join(root, 'collected')
    mkdirSync(join(staticRoot, 'css'), { recursive: true })
    mkdirSync(join(root, 'app', 'static', 'app'), { recursive: true })
    mkdirSync(join(root, 'media', 'up'), { recursive: true })
    for (const name of [`css/${HASHED}`, 'css/site.css']) {
      writeFileSync(join(staticRoot, name), CSS)
      writeFileSync(join(staticRoot, `${name}.gz`), gzipSync(CSS))
      writeFileSync(join(staticRoot, `${name}.br`), brotliCompressSync(CSS))
    }
    writeFileSync(join(staticRoot, 'css', 'plain.txt'), 'no variants')
    writeFileSync(join(staticRoot, 'staticfiles.json'), JSON.stringify({ paths: { 'css/site.css': `css/${HASHED}` }, version: '1.1', hash: 'x' }))
    writeFileSync(join(root, 'app', 'static', 'app', 'only-in-app.js'), 'app()')
    writeFileSync(join(root, 'secret.txt'), 'secret')
    writeFileSync(join(root, 'media', 'up', 'photo.txt'), 'uploaded')
    configure({
      SECRET_KEY: 'static-root-tests', REQUEST_LOGGING: false, STATIC_ROOT: staticRoot, MEDIA_ROOT: join(root, 'media'),
      INSTALLED_APPS: [defineApp({ label: 'app', dir: join(root, 'app') })],
    })
    server = createHttpServer(staticFilesHandler(async () => new HttpResponse('from the app'), { cacheControl: 'public, max-age=3600', useStaticRoot: true }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(async () => {
    await new Promise((resolve) => server.close(resolve))
    rmSync(root, { recursive: true, force: true })
  })

  test('a hashed name is immutable for a year; an unhashed one gets the short max-age', async () => {
    const hashed = await get(port, `/static/css/${HASHED}`)
    assert.equal(hashed.status, 200)
    assert.equal(hashed.headers['cache-control'], IMMUTABLE_CACHE_CONTROL)
    assert.equal(IMMUTABLE_CACHE_CONTROL, 'public, max-age=31536000, immutable')
    assert.equal(hashed.body.toString(), CSS)
    assert.match(String(hashed.headers['content-type']), /^text\/css/)
    const plain = await get(port, '/static/css/site.css')
    assert.equal(plain.headers['cache-control'], 'public, max-age=3600')
    assert.equal((await get(port, '/static/app/only-in-app.js')).headers['cache-control'], 'public, max-age=3600', 'the finders still answer what was not collected')
  })

  test('sends the .br or .gz variant the client prefers, with Content-Encoding and Vary', async () => {
    const br = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'gzip, deflate, br' })
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers.vary, 'Accept-Encoding')
    assert.match(String(br.headers['content-type']), /^text\/css/)
    assert.deepEqual(br.body, brotliCompressSync(CSS))
    assert.equal(br.headers['content-length'], String(br.body.length))
    const gz = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'gzip' })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.deepEqual(gz.body, gzipSync(CSS))
    const preferred = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'br;q=0.5, gzip;q=0.9' })
    assert.equal(preferred.headers['content-encoding'], 'gzip')
    const refused = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'br;q=0, gzip;q=0, *;q=1' })
    assert.equal(refused.headers['content-encoding'], undefined)
    const identity = await get(port, `/static/css/${HASHED}`)
    assert.equal(identity.headers['content-encoding'], undefined)
    assert.equal(identity.headers.vary, 'Accept-Encoding')
    assert.equal(identity.body.toString(), CSS)
    const none = await get(port, '/static/css/plain.txt', { 'accept-encoding': 'gzip, br' })
    assert.equal(none.headers['content-encoding'], undefined)
    assert.equal(none.headers.vary, undefined)
  })

  test('answers 304 to the ETag of the variant sent, and byte ranges of it', async () => {
    const first = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'gzip' })
    const again = await get(port, `/static/css/${HASHED}`, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) })
    assert.equal(again.status, 304)
    assert.equal(again.body.length, 0)
    const range = await get(port, `/static/css/${HASHED}`, { range: 'bytes=0-3' })
    assert.equal(range.status, 206)
    assert.equal(range.body.toString(), 'body')
    assert.equal(range.headers['content-range'], `bytes 0-3/${Buffer.byteLength(CSS)}`)
    const head = await get(port, `/static/css/${HASHED}`, {}, 'HEAD')
    assert.equal(head.status, 200)
    assert.equal(head.body.length, 0)
  })

  test('answers 404 to every traversal attempt', async () => {
    for (const path of ['/static/../secret.txt', '/static/css/../../secret.txt', '/static/%2e%2e/secret.txt', '/static/%2E%2E/%2e%2e/secret.txt',
      '/static/css%2f..%2f..%2fsecret.txt', '/static/..%5csecret.txt', '/static/css\\..\\..\\secret.txt', '/static/css/site.css%00.txt',
      `/static/${join(root, 'secret.txt')}`, `/static//${join(root, 'secret.txt').slice(1)}`, '/static/', '/static/css/']) {
      const answer = await get(port, path)
      assert.equal(answer.status, 404, path)
      assert.notEqual(answer.body.toString(), 'secret', path)
    }
  })

  test('refuses other methods, and leaves other paths to the app', async () => {
    assert.equal((await get(port, `/static/css/${HASHED}`, {}, 'POST')).status, 405)
    assert.equal((await get(port, '/news/')).body.toString(), 'from the app')
  })

  test('serves MEDIA_URL from MEDIA_ROOT only in DEBUG', async () => {
    assert.equal((await get(port, '/media/up/photo.txt')).body.toString(), 'from the app')
    configure({
      SECRET_KEY: 'static-root-tests', REQUEST_LOGGING: false, DEBUG: true, STATIC_ROOT: join(root, 'collected'), MEDIA_ROOT: join(root, 'media'),
    })
    const media = await get(port, '/media/up/photo.txt')
    assert.equal(media.status, 200)
    assert.equal(media.body.toString(), 'uploaded')
    assert.equal(media.headers['cache-control'], 'no-cache')
    assert.equal((await get(port, '/media/%2e%2e/secret.txt')).status, 404)
    assert.equal((await get(port, '/media/up/missing.txt')).status, 404)
  })
})

describe('Accept-Encoding negotiation', () => {
  test('orders by q, br first on a tie, * covers what is not named, q=0 refuses', () => {
    const codings = (header: string | undefined): string[] => acceptedEncodings(header).map((e) => e.coding)
    assert.deepEqual(codings('gzip, br'), ['br', 'gzip'])
    assert.deepEqual(codings('gzip;q=1.0, br;q=0.8'), ['gzip', 'br'])
    assert.deepEqual(codings('*'), ['br', 'gzip'])
    assert.deepEqual(codings('br;q=0, *'), ['gzip'])
    assert.deepEqual(codings('identity'), [])
    assert.deepEqual(codings('x-gzip'), ['gzip'])
    assert.deepEqual(codings(undefined), [])
    assert.deepEqual(codings(''), [])
  })
})
