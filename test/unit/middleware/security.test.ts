import { beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import { HttpResponse } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { SecurityMiddleware, XFrameOptionsMiddleware, xframeOptionsExempt } from 'tango/middleware'
import { makeRequest } from '../handler/helpers.ts'

const routes = new URLResolver([
  path('', () => new HttpResponse('home')),
  path('own-headers/', () => new HttpResponse('own', { headers: { 'referrer-policy': 'no-referrer', 'x-frame-options': 'SAMEORIGIN' } })),
  path('embed/', xframeOptionsExempt(() => new HttpResponse('embed'))),
  path('health/', () => new HttpResponse('ok')),
])

const app = (): ReturnType<typeof createHandler> => createHandler({ resolver: routes, middleware: [SecurityMiddleware, XFrameOptionsMiddleware], debug: false })

describe('SecurityMiddleware', () => {
  beforeEach(() => {
    configure({ ALLOWED_HOSTS: ['testserver', '.example.com'] })
  })

  test('adds nosniff, Referrer-Policy and Cross-Origin-Opener-Policy', async () => {
    const response = await (await app())(makeRequest('/'))
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(response.headers.get('referrer-policy'), 'same-origin')
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin')
  })

  test('never overwrites headers the view set', async () => {
    const response = await (await app())(makeRequest('/own-headers/'))
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer')
    assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN')
  })

  test('rejects a host outside ALLOWED_HOSTS with 400, and accepts subdomains of a dotted entry', async () => {
    const handler = await app()
    const evil = await handler(makeRequest('/', { headers: { host: 'evil.test' } }))
    assert.equal(evil.status, 400)
    assert.equal((await handler(makeRequest('/', { headers: { host: 'www.example.com:8080' } }))).status, 200)
  })

  test('settings off send nothing', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'], SECURE_CONTENT_TYPE_NOSNIFF: false, SECURE_REFERRER_POLICY: null, SECURE_CROSS_ORIGIN_OPENER_POLICY: null })
    const response = await (await app())(makeRequest('/'))
    assert.equal(response.headers.has('x-content-type-options'), false)
    assert.equal(response.headers.has('referrer-policy'), false)
    assert.equal(response.headers.has('cross-origin-opener-policy'), false)
  })

  test('sends HSTS only over HTTPS, with includeSubDomains and preload', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'], SECURE_HSTS_SECONDS: 3600, SECURE_HSTS_INCLUDE_SUBDOMAINS: true, SECURE_HSTS_PRELOAD: true })
    const handler = await app()
    assert.equal((await handler(makeRequest('/'))).headers.has('strict-transport-security'), false)
    const secure = await handler(makeRequest('/', { secure: true }))
    assert.equal(secure.headers.get('strict-transport-security'), 'max-age=3600; includeSubDomains; preload')
  })

  test('SECURE_SSL_REDIRECT answers plain HTTP with a 301 to https, keeping path and query, except exempt paths', async () => {
    configure({ ALLOWED_HOSTS: ['testserver', 'secure.test'], SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^health/$'] })
    const handler = await app()
    const redirected = await handler(makeRequest('/a%20b/?x=1'))
    assert.equal(redirected.status, 301)
    assert.equal(redirected.headers.get('location'), 'https://testserver/a%20b/?x=1')
    assert.equal(redirected.headers.get('x-content-type-options'), 'nosniff')
    assert.equal((await handler(makeRequest('/', { secure: true }))).status, 200)
    assert.equal((await handler(makeRequest('/health/'))).status, 200)
    configure({ ALLOWED_HOSTS: ['testserver'], SECURE_SSL_REDIRECT: true, SECURE_SSL_HOST: 'secure.test' })
    assert.equal((await (await app())(makeRequest('/x'))).headers.get('location'), 'https://secure.test/x')
  })
})

describe('XFrameOptionsMiddleware', () => {
  beforeEach(() => {
    configure({ ALLOWED_HOSTS: ['testserver'] })
  })

  test('sends DENY by default and X_FRAME_OPTIONS when set', async () => {
    assert.equal((await (await app())(makeRequest('/'))).headers.get('x-frame-options'), 'DENY')
    configure({ ALLOWED_HOSTS: ['testserver'], X_FRAME_OPTIONS: 'SAMEORIGIN' })
    assert.equal((await (await app())(makeRequest('/'))).headers.get('x-frame-options'), 'SAMEORIGIN')
  })

  test('leaves responses of xframeOptionsExempt views alone', async () => {
    const response = await (await app())(makeRequest('/embed/'))
    assert.equal(response.status, 200)
    assert.equal(response.headers.has('x-frame-options'), false)
  })
})
