// The per-site cache middleware and cachePage through the real handler and TestClient: what is
// stored, what is served, Vary-aware keys, and Django's refusals (non-GET, non-200, private,
// no-store, max-age=0, a new cookie for a cookie-less request varying on Cookie).
import assert from 'node:assert/strict'
import { before, beforeEach, describe, test } from 'node:test'
import { configure, override } from 'tango/core'
import { FetchFromCacheMiddleware, UpdateCacheMiddleware, cacheMiddleware, cachePage, caches, getCacheKey, neverCache, patchCacheControl, patchVaryHeaders } from 'tango/cache'
import { createHandler } from 'tango/handler'
import { HttpResponse, StreamingResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { TestClient } from 'tango/test'
import { URLResolver, path } from 'tango/urls'

let renders = 0
function counted(build: (request: Request) => HttpResponse | StreamingResponse) {
  return (request: Request) => {
    renders += 1
    return build(request)
  }
}

const routes = new URLResolver([
  path('page/', counted(() => new HttpResponse(`page ${renders}`))),
  path('form/', counted((request) => new HttpResponse(`${request.method} ${renders}`))),
  path('missing/', counted(() => new HttpResponse('nope', { status: 404 }))),
  path('private/', counted(() => {
    const r = new HttpResponse(`private ${renders}`)
    patchCacheControl(r, { private: true })
    return r
  })),
  path('nostore/', counted(() => new HttpResponse(`nostore ${renders}`, { headers: { 'cache-control': 'no-store' } }))),
  path('maxage0/', counted(() => new HttpResponse(`m0 ${renders}`, { headers: { 'cache-control': 'max-age=0' } }))),
  path('maxage5/', counted(() => new HttpResponse(`m5 ${renders}`, { headers: { 'cache-control': 'max-age=5' } }))),
  path('never/', neverCache(counted(() => new HttpResponse(`never ${renders}`)))),
  path('stream/', counted(() => new StreamingResponse([`stream ${renders}`]))),
  path('lang/', counted((request) => {
    const r = new HttpResponse(`lang ${request.header('accept-language') ?? '-'} ${renders}`)
    patchVaryHeaders(r, ['Accept-Language'])
    return r
  })),
  path('cookie/', counted((request) => {
    const r = new HttpResponse(`cookie ${renders}`)
    patchVaryHeaders(r, ['Cookie'])
    if (!request.cookies.sid) r.setCookie('sid', 'new-session')
    return r
  })),
  path('view/', cachePage(30)(counted(() => new HttpResponse(`view ${renders}`, { headers: { 'cache-control': 'max-age=999' } })))),
  path('uncached/', counted(() => new HttpResponse(`uncached ${renders}`))),
])

async function siteClient(): Promise<TestClient> {
  return new TestClient(await createHandler({ resolver: routes, middleware: [UpdateCacheMiddleware, FetchFromCacheMiddleware] }))
}

async function twice(c: TestClient, url: string, options: Parameters<TestClient['get']>[1] = {}): Promise<[string, string]> {
  return [(await c.get(url, options)).text(), (await c.get(url, options)).text()]
}

describe('cache middleware and cachePage', () => {
  before(() => {
    configure({ REQUEST_LOGGING: false, CACHE_MIDDLEWARE_SECONDS: 60, CACHES: { default: { BACKEND: 'locmem', LOCATION: 'middleware-tests' } } })
  })
  beforeEach(async () => {
    renders = 0
    await caches.get('default').clear()
  })

  test('a GET 200 is stored and served from the cache with Expires, max-age and Age', async () => {
    const c = await siteClient()
    const first = await c.get('/page/')
    assert.equal(first.text(), 'page 1')
    assert.equal(first.headers.get('cache-control'), 'max-age=60')
    const expires = Date.parse(first.headers.get('expires') ?? '')
    assert.ok(Math.abs(expires - Date.now() - 60_000) < 2_000)
    const second = await c.get('/page/')
    assert.equal(second.text(), 'page 1', 'served from the cache')
    assert.ok(['0', '1'].includes(second.headers.get('age') ?? ''), 'Age: seconds since stored (Expires has one-second precision)')
    assert.equal(renders, 1)
    assert.equal((await c.get('/page/', { query: { q: '1' } })).text(), 'page 2', 'the query string is part of the key')
  })

  test('HEAD is answered from a cached GET; POST is never cached nor served from the cache', async () => {
    const c = await siteClient()
    await c.get('/form/')
    const head = await c.head('/form/')
    assert.equal(head.status, 200)
    assert.equal(renders, 1)
    assert.equal((await c.post('/form/')).text(), 'POST 2')
    assert.equal((await c.post('/form/')).text(), 'POST 3')
  })

  test('non-200, streaming, private, no-store, max-age=0 and never_cache responses are not stored', async () => {
    const c = await siteClient()
    for (const url of ['/missing/', '/private/', '/nostore/', '/maxage0/', '/never/']) {
      renders = 0
      await twice(c, url)
      assert.equal(renders, 2, url)
    }
    renders = 0
    await c.get('/stream/')
    await c.get('/stream/')
    assert.equal(renders, 2, 'streaming')
    const never = await c.get('/never/')
    assert.equal(never.headers.get('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private')
  })

  test("a response's max-age sets how long it is kept (the middleware's default is only the fallback)", async () => {
    const c = await siteClient()
    const first = await c.get('/maxage5/')
    assert.equal(first.headers.get('cache-control'), 'max-age=5')
    await c.get('/maxage5/')
    assert.equal(renders, 1)
  })

  test('Vary headers are part of the key: each Accept-Language gets its own page', async () => {
    const c = await siteClient()
    assert.deepEqual(await twice(c, '/lang/', { headers: { 'accept-language': 'fr' } }), ['lang fr 1', 'lang fr 1'])
    assert.deepEqual(await twice(c, '/lang/', { headers: { 'accept-language': 'de' } }), ['lang de 2', 'lang de 2'])
    assert.equal((await c.get('/lang/', { headers: { 'accept-language': 'fr' } })).text(), 'lang fr 1')
    assert.equal(renders, 2)
  })

  test("a response that sets a cookie for a cookie-less request varying on Cookie is not stored (Django's rule)", async () => {
    const anonymous = await siteClient()
    const first = await anonymous.get('/cookie/', { headers: { cookie: '' } })
    assert.equal(first.cookies.get('sid')?.value, 'new-session')
    const other = await siteClient()
    const second = await other.get('/cookie/')
    assert.equal(second.text(), 'cookie 2', 'the first response (with its Set-Cookie) was not kept')
    assert.equal(second.cookies.get('sid')?.value, 'new-session', 'everyone gets their own new session')
  })

  test('getCacheKey is null until a response was learned, then names the stored page', async () => {
    const handler = await createHandler({ resolver: routes, middleware: [UpdateCacheMiddleware, FetchFromCacheMiddleware] })
    const { Request } = await import('tango/http')
    const request = new Request({ method: 'GET', url: '/page/', headers: { host: 'localhost' } })
    configure({ REQUEST_LOGGING: false, CACHE_MIDDLEWARE_SECONDS: 60, ALLOWED_HOSTS: ['localhost'], CACHES: { default: { BACKEND: 'locmem', LOCATION: 'middleware-tests' } } })
    assert.equal(await getCacheKey(request), null)
    await new TestClient(handler).get('/page/', { headers: { host: 'localhost' } })
    const key = await getCacheKey(request)
    // Django's key, with its language and time zone suffix (USE_I18N, USE_TZ).
    assert.match(key ?? '', /^views\.decorators\.cache\.cache_page\.\.GET\.[0-9a-f]{32}\.[0-9a-f]{32}\.en-us\.UTC$/)
    assert.ok(await caches.get('default').has(key ?? ''))
    // Another language, another page: a Russian render is never served to an English request.
    assert.equal(await override('ru', () => getCacheKey(request)), null)
    configure({ REQUEST_LOGGING: false, USE_I18N: false, USE_TZ: false, CACHE_MIDDLEWARE_SECONDS: 60, ALLOWED_HOSTS: ['localhost'], CACHES: { default: { BACKEND: 'locmem', LOCATION: 'middleware-tests' } } })
    await new TestClient(handler).get('/page/', { headers: { host: 'localhost' } })
    assert.match((await getCacheKey(request)) ?? '', /^views\.decorators\.cache\.cache_page\.\.GET\.[0-9a-f]{32}\.[0-9a-f]{32}$/, 'no suffix without USE_I18N and USE_TZ')
  })

  test('cachePage caches one view for its seconds, overriding the view\'s max-age', async () => {
    const c = new TestClient(await createHandler({ resolver: routes, middleware: [] }))
    const first = await c.get('/view/')
    assert.equal(first.headers.get('cache-control'), 'max-age=30')
    assert.deepEqual([first.text(), (await c.get('/view/')).text()], ['view 1', 'view 1'])
    assert.deepEqual(await twice(c, '/uncached/'), ['uncached 2', 'uncached 3'], 'other views are untouched')
  })

  test('cacheMiddleware(options) uses its own cache alias and key prefix', async () => {
    configure({ REQUEST_LOGGING: false, CACHES: { default: { BACKEND: 'locmem', LOCATION: 'middleware-tests' }, pages: { BACKEND: 'locmem', LOCATION: 'pages' } } })
    try {
      const c = new TestClient(await createHandler({ resolver: routes, middleware: [cacheMiddleware({ cache: 'pages', keyPrefix: 'site', pageTimeout: 10 })] }))
      assert.deepEqual(await twice(c, '/page/'), ['page 1', 'page 1'])
      const pages = caches.get('pages')
      assert.equal((pages as unknown as { size: number }).size, 2, 'the header list and the page, in the pages cache')
    } finally {
      configure({ REQUEST_LOGGING: false, CACHE_MIDDLEWARE_SECONDS: 60, CACHES: { default: { BACKEND: 'locmem', LOCATION: 'middleware-tests' } } })
    }
  })
})
