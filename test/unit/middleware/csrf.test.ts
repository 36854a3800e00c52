import { beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import type { SettingsInput } from 'tango/core'
import { HttpResponse, JsonResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import type { Middleware } from 'tango/handler'
import { escapeHtml, getEngine } from 'tango/templates'
import { TestClient } from 'tango/test'
import type { TestResponse } from 'tango/test'
import {
  CSRF_SESSION_KEY, CSRF_TOKEN_LENGTH, CsrfViewMiddleware, csrfExempt, csrfProtect, dontEnforceCsrfChecks, ensureCsrfCookie,
  getToken, rotateToken,
} from 'tango/middleware'
import { maskCipherSecret, unmaskCipherToken, getNewCsrfString } from '../../../framework/src/middleware/csrf/token.ts'

// Side effects of the views: a POST that reaches a view leaves a trace here.
let hits: string[] = []

async function formPage(request: Request): Promise<HttpResponse> {
  return new HttpResponse(await getEngine().renderString('<form method="post">{{ csrf_input() }}</form><p>{{ csrf_token }}</p>', {}, request))
}

function recorder(name: string) {
  return (request: Request): HttpResponse => {
    hits.push(`${name} ${request.method}`)
    return new HttpResponse(`${name} done`)
  }
}

const routes = new URLResolver([
  path('form/', formPage),
  path('plain/', () => new HttpResponse('no token here')),
  path('submit/', recorder('submit')),
  path('hook/', csrfExempt(recorder('hook'))),
  path('login/', (request: Request) => {
    rotateToken(request)
    return new HttpResponse('logged in')
  }),
  path('api/token/', (request: Request) => new JsonResponse({ token: getToken(request) })),
  path('spa/', ensureCsrfCookie(() => new HttpResponse('<div id="app"></div>'))),
])

// Without the middleware, Django's rule: every view that renders the token is wrapped too.
const protectedRoutes = new URLResolver([
  path('form/', csrfProtect(formPage)),
  path('protected/', csrfProtect(recorder('protected'))),
  path('open/', recorder('open')),
])

// The sessions app is written elsewhere; this is the structural contract CSRF relies on
// (`request.session.get/set`), kept in memory per `sid` cookie.
const sessions = new Map<string, Map<string, unknown>>()
const MemorySessionMiddleware: Middleware = (getResponse) => async (request) => {
  let sid = request.cookies.sid
  if (sid === undefined || !sessions.has(sid)) {
    sid = String(sessions.size + 1)
    sessions.set(sid, new Map())
  }
  const store = sessions.get(sid) as Map<string, unknown>
  ;(request as unknown as { session: unknown }).session = { get: (key: string) => store.get(key), set: (key: string, value: unknown) => store.set(key, value) }
  const response = await getResponse(request)
  response.setCookie('sid', sid)
  return response
}

async function client(extra: SettingsInput = {}, middleware: Middleware[] = [CsrfViewMiddleware], resolver = routes): Promise<TestClient> {
  configure({ ALLOWED_HOSTS: ['testserver'], DEBUG: true, ...extra })
  return new TestClient(await createHandler({ resolver, middleware, debug: false }), { enforceCsrfChecks: true })
}

function tokenIn(response: TestResponse): string {
  const match = /name="csrfmiddlewaretoken" value="([a-zA-Z0-9]+)"/.exec(response.text())
  assert.ok(match, `no token in ${response.text()}`)
  return match[1] as string
}

async function tokenFrom(c: TestClient, url = '/form/'): Promise<string> {
  const page = await c.get(url)
  assert.equal(page.status, 200)
  return tokenIn(page)
}

function assertRejected(response: TestResponse, reason: string): void {
  assert.equal(response.status, 403)
  assert.match(response.text(), /CSRF verification failed\. Request aborted\./)
  assert.ok(response.text().includes(escapeHtml(reason)), `expected "${reason}" in the page`)
  assert.deepEqual(hits, [], 'the view must not run')
}

describe('CsrfViewMiddleware', () => {
  beforeEach(() => {
    hits = []
  })

  test('a page that renders csrf_input() sets the cookie with Vary: Cookie; one that does not, sets nothing', async () => {
    const c = await client({ CSRF_COOKIE_SECURE: true, CSRF_COOKIE_SAMESITE: 'Strict' })
    const page = await c.get('/form/')
    const token = tokenIn(page)
    assert.equal(token.length, CSRF_TOKEN_LENGTH)
    assert.ok(page.text().includes(`<p>${token}</p>`), 'csrf_token and csrf_input() share one token per render')
    const cookie = page.cookies.get('csrftoken')
    assert.ok(cookie)
    assert.match(cookie.value, /^[a-zA-Z0-9]{32}$/)
    assert.equal(cookie.maxAge, 31_449_600)
    assert.equal(cookie.secure, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.equal(cookie.httpOnly, false)
    assert.equal(page.headers.get('vary'), 'Cookie')
    const plain = await c.get('/plain/')
    assert.equal(plain.cookies.size, 0)
    assert.equal(plain.headers.has('vary'), false)
  })

  test('a POST without a token is a 403 and the view does not run', async () => {
    const c = await client()
    assertRejected(await c.post('/submit/', { name: 'x' }), 'CSRF cookie not set.')
    await c.get('/form/')
    assertRejected(await c.post('/submit/', { name: 'x' }), 'CSRF token missing.')
  })

  test('a valid token in the csrfmiddlewaretoken field passes', async () => {
    const c = await client()
    const token = await tokenFrom(c)
    const response = await c.post('/submit/', { csrfmiddlewaretoken: token, name: 'x' })
    assert.equal(response.status, 200)
    assert.deepEqual(hits, ['submit POST'])
  })

  test('the token also comes in multipart forms, and in the X-CSRFToken header for fetch()', async () => {
    const c = await client()
    const token = await tokenFrom(c)
    assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: token, file: { filename: 'a.txt', content: 'hi' } })).status, 200)
    assert.equal((await c.post('/submit/', { a: 1 }, { json: true, headers: { 'X-CSRFToken': token } })).status, 200)
    assert.equal((await c.delete('/submit/', undefined, { headers: { 'x-csrftoken': token } })).status, 200)
    assert.deepEqual(hits, ['submit POST', 'submit POST', 'submit DELETE'])
  })

  test('a token from another client (another secret) is rejected', async () => {
    const victim = await client()
    const attacker = new TestClient(await createHandler({ resolver: routes, middleware: [CsrfViewMiddleware], debug: false }), { enforceCsrfChecks: true })
    await tokenFrom(victim)
    const foreign = await tokenFrom(attacker)
    assertRejected(await victim.post('/submit/', { csrfmiddlewaretoken: foreign }), 'CSRF token incorrect.')
    assertRejected(await victim.post('/submit/', {}, { json: true, headers: { 'x-csrftoken': foreign } }), 'CSRF token incorrect.')
  })

  test('malformed tokens and cookies are rejected with the reason, and a bad cookie is replaced', async () => {
    const c = await client()
    const token = await tokenFrom(c)
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token.slice(1) }), 'CSRF token from POST has incorrect length.')
    assertRejected(await c.post('/submit/', {}, { headers: { 'x-csrftoken': `${token.slice(1)}!` } }), "CSRF token from the 'x-csrftoken' HTTP header has invalid characters.")
    c.cookies.set('csrftoken', 'short')
    const response = await c.post('/submit/', { csrfmiddlewaretoken: token })
    assertRejected(response, 'CSRF cookie has incorrect length.')
    assert.match(response.cookies.get('csrftoken')?.value ?? '', /^[a-zA-Z0-9]{32}$/)
  })

  test('masked tokens differ on every render, and every one of them validates', async () => {
    const c = await client()
    const tokens = [await tokenFrom(c), await tokenFrom(c), await tokenFrom(c)]
    assert.equal(new Set(tokens).size, 3)
    const secret = c.cookies.get('csrftoken')
    for (const token of tokens) {
      assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: token })).status, 200)
      assert.equal(c.cookies.get('csrftoken'), secret, 'the secret stays the same across renders')
    }
    assert.equal(hits.length, 3)
  })

  test('rotateToken() (at login) invalidates tokens made from the old secret', async () => {
    const c = await client()
    const before = await tokenFrom(c)
    const oldSecret = c.cookies.get('csrftoken')
    const login = await c.post('/login/', { csrfmiddlewaretoken: before })
    assert.equal(login.status, 200)
    assert.notEqual(c.cookies.get('csrftoken'), oldSecret)
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: before }), 'CSRF token incorrect.')
    assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: await tokenFrom(c) })).status, 200)
  })

  test('getToken() in a JSON view hands out a token and sets the cookie', async () => {
    const c = await client()
    const response = await c.get('/api/token/')
    const { token } = response.json() as { token: string }
    assert.ok(response.cookies.has('csrftoken'))
    assert.equal((await c.post('/submit/', {}, { json: true, headers: { 'x-csrftoken': token } })).status, 200)
  })

  test('safe methods pass without a token; PUT, PATCH and DELETE are checked like POST', async () => {
    const c = await client()
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE']) assert.equal((await c.request(method, '/submit/', undefined)).status, 200)
    hits = []
    assertRejected(await c.put('/submit/', { a: '1' }), 'CSRF cookie not set.')
    assertRejected(await c.patch('/submit/', { a: '1' }), 'CSRF cookie not set.')
    assertRejected(await c.delete('/submit/'), 'CSRF cookie not set.')
  })

  test('csrfExempt views are not checked', async () => {
    const c = await client()
    assert.equal((await c.post('/hook/', { event: 'paid' })).status, 200)
    assert.deepEqual(hits, ['hook POST'])
  })

  test('an Origin from another site is rejected even with a valid token', async () => {
    const c = await client()
    const token = await tokenFrom(c)
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'https://evil.example' } }), 'Origin checking failed - https://evil.example does not match any trusted origins.')
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'null' } }), 'Origin checking failed - null')
    // The site's own origin must match the scheme too.
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'https://testserver' } }), 'Origin checking failed')
    assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'http://testserver' } })).status, 200)
  })

  test('CSRF_TRUSTED_ORIGINS lets listed origins and wildcard subdomains through', async () => {
    const c = await client({ CSRF_TRUSTED_ORIGINS: ['https://partner.test', 'https://*.example.com'] })
    const token = await tokenFrom(c)
    for (const origin of ['https://partner.test', 'https://app.example.com', 'https://example.com']) {
      assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin } })).status, 200, origin)
    }
    hits = []
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'http://app.example.com' } }), 'Origin checking failed')
    assertRejected(await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'https://example.com.evil.test' } }), 'Origin checking failed')
  })

  test('on HTTPS without Origin, the Referer must be present, https and same-site or trusted', async () => {
    const c = await client({ CSRF_TRUSTED_ORIGINS: ['https://*.example.com'] })
    const page = await c.get('/form/', { secure: true })
    const token = tokenIn(page)
    const post = (headers: Record<string, string>): Promise<TestResponse> => c.post('/submit/', { csrfmiddlewaretoken: token }, { secure: true, headers })
    assertRejected(await post({}), 'Referer checking failed - no Referer.')
    assertRejected(await post({ referer: 'https://evil.example/page' }), 'Referer checking failed - https://evil.example/page does not match any trusted origins.')
    assertRejected(await post({ referer: 'http://testserver/form/' }), 'Referer checking failed - Referer is insecure while host is secure.')
    assertRejected(await post({ referer: 'not a url' }), 'Referer checking failed - Referer is malformed.')
    assert.equal((await post({ referer: 'https://testserver/form/' })).status, 200)
    assert.equal((await post({ referer: 'https://shop.example.com/cart' })).status, 200)
    // An Origin header takes the Referer's place.
    assert.equal((await post({ origin: 'https://testserver' })).status, 200)
    assert.equal(hits.length, 3)
  })

  test('without DEBUG the page hides the reason but still explains a missing cookie', async () => {
    const c = await client({ DEBUG: false })
    const response = await c.post('/submit/', { x: '1' })
    assert.equal(response.status, 403)
    assert.doesNotMatch(response.text(), /Reason given for failure/)
    assert.match(response.text(), /requires a CSRF cookie/)
    await c.get('/form/')
    const evil = await c.post('/submit/', { x: '1' }, { headers: { origin: 'https://evil.example' } })
    assert.equal(evil.status, 403)
    assert.doesNotMatch(evil.text(), /evil\.example/)
  })

  test('the reason is HTML-escaped on the DEBUG page', async () => {
    const c = await client()
    const response = await c.post('/submit/', {}, { headers: { origin: 'https://<script>.test' } })
    assert.ok(response.text().includes('https://&lt;script&gt;.test'))
    assert.ok(!response.text().includes('<script>.test'))
  })

  test('dontEnforceCsrfChecks() exempts one request; TestClient uses it unless enforceCsrfChecks', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'] })
    const inner = await createHandler({ resolver: routes, middleware: [CsrfViewMiddleware], debug: false })
    const enforced = new TestClient((request) => {
      dontEnforceCsrfChecks(request)
      return inner(request)
    }, { enforceCsrfChecks: true })
    assert.equal((await enforced.post('/submit/', { x: '1' })).status, 200)
    assert.equal((await new TestClient(inner).post('/submit/', { x: '1' })).status, 200, 'skipped by default, as Django\'s test client')
    assert.equal((await new TestClient(inner, { enforceCsrfChecks: true }).post('/submit/', { x: '1' })).status, 403)
  })

  test('ensureCsrfCookie sends the cookie though the page renders no token', async () => {
    const c = await client()
    const response = await c.get('/spa/')
    assert.match(response.cookies.get('csrftoken')?.value ?? '', /^[a-zA-Z0-9]{32}$/)
  })

  test('CSRF_USE_SESSIONS keeps the secret in request.session and sets no CSRF cookie', async () => {
    sessions.clear()
    const c = await client({ CSRF_USE_SESSIONS: true }, [MemorySessionMiddleware, CsrfViewMiddleware])
    const page = await c.get('/form/')
    const token = tokenIn(page)
    assert.equal(page.cookies.has('csrftoken'), false)
    const store = sessions.get(c.cookies.get('sid') as string)
    assert.match(String(store?.get(CSRF_SESSION_KEY)), /^[a-zA-Z0-9]{32}$/)
    assert.equal((await c.post('/submit/', { csrfmiddlewaretoken: token })).status, 200)
    const other = await client({ CSRF_USE_SESSIONS: true }, [MemorySessionMiddleware, CsrfViewMiddleware])
    await other.get('/form/')
    hits = []
    assertRejected(await other.post('/submit/', { csrfmiddlewaretoken: token }), 'CSRF token incorrect.')
  })

  test('CSRF_USE_SESSIONS without a session is a configuration error (500)', async () => {
    const c = await client({ CSRF_USE_SESSIONS: true })
    assert.equal((await c.get('/form/')).status, 500)
  })
})

describe('csrfProtect without the middleware', () => {
  beforeEach(() => {
    hits = []
  })

  test('protects the wrapped view only', async () => {
    const c = await client({}, [], protectedRoutes)
    assertRejected(await c.post('/protected/', { x: '1' }), 'CSRF cookie not set.')
    assert.equal((await c.post('/open/', { x: '1' })).status, 200)
    hits = []
    const token = await tokenFrom(c)
    assert.equal((await c.post('/protected/', { csrfmiddlewaretoken: token })).status, 200)
    assert.deepEqual(hits, ['protected POST'])
  })

  test('with the middleware too, the request is checked once and still passes', async () => {
    const c = await client({}, [CsrfViewMiddleware], protectedRoutes)
    const token = await tokenFrom(c)
    assert.equal((await c.post('/protected/', { csrfmiddlewaretoken: token })).status, 200)
  })
})

describe('token masking', () => {
  test('unmasking a masked secret gives the secret back', () => {
    for (let i = 0; i < 20; i++) {
      const secret = getNewCsrfString()
      const token = maskCipherSecret(secret)
      assert.match(token, /^[a-zA-Z0-9]{64}$/)
      assert.equal(unmaskCipherToken(token), secret)
    }
  })

  test("unmasks Django's own test vectors (csrf_tests: TEST_SECRET and its two masked forms)", () => {
    const secret = 'lcccccccX2kcccccccY2jcccccccssIC'
    assert.equal(unmaskCipherToken('1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD'), secret)
    assert.equal(unmaskCipherToken('2JgchWvM1tpxT2lfz9aydoXW9yT1DN3NdLiejYxOOlzzV4nhBbYqmqZYbAV3V5Bf'), secret)
  })
})
