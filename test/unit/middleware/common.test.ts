import { beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import { Http404, HttpResponse } from 'tango/http'
import { URLResolver, path, rePath } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { CommonMiddleware } from 'tango/middleware'
import { makeRequest, text } from '../handler/helpers.ts'

const routes = new URLResolver([
  path('articles/', () => new HttpResponse('articles')),
  path('articles/<slug:slug>/', () => {
    throw new Http404('No such article')
  }),
  path('raw', () => new HttpResponse('raw')),
])

const app = (): ReturnType<typeof createHandler> => createHandler({ resolver: routes, middleware: [CommonMiddleware] })

describe('CommonMiddleware (APPEND_SLASH)', () => {
  beforeEach(() => {
    configure({ ALLOWED_HOSTS: ['testserver'] })
  })

  test('redirects with 301 to the slashed path when only it matches, keeping the query string', async () => {
    const response = await (await app())(makeRequest('/articles?page=2'))
    assert.equal(response.status, 301)
    assert.equal(response.headers.get('location'), '/articles/?page=2')
  })

  test('no redirect when the slashed path matches nothing, or a view raised the 404', async () => {
    const handler = await app()
    assert.equal((await handler(makeRequest('/nothing'))).status, 404)
    // `/articles/x` does not match, `/articles/x/` does but its view raises: Django redirects; the
    // redirected request then gets the view's 404.
    assert.equal((await handler(makeRequest('/articles/x'))).status, 301)
    const viewRaised = await handler(makeRequest('/articles/x/'))
    assert.equal(viewRaised.status, 404)
    assert.equal(viewRaised.headers.has('location'), false)
    assert.equal(text(await handler(makeRequest('/raw'))), 'raw')
  })

  test('a path starting with // is not turned into a scheme-relative redirect', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'] })
    const handler = await createHandler({ resolver: new URLResolver([rePath('^/evil\\.test/$', () => new HttpResponse('x'))]), middleware: [CommonMiddleware] })
    const response = await handler(makeRequest('//evil.test'))
    assert.equal(response.status, 301)
    assert.equal(response.headers.get('location'), '/%2Fevil.test/')
  })

  test('POST is redirected without DEBUG but fails loudly with DEBUG', async () => {
    assert.equal((await (await app())(makeRequest('/articles', { method: 'POST' }))).status, 301)
    configure({ ALLOWED_HOSTS: ['testserver'], DEBUG: true })
    const response = await (await app())(makeRequest('/articles', { method: 'POST' }))
    assert.equal(response.status, 500)
    assert.match(text(response), /APPEND_SLASH/)
    assert.match(text(response), /\/articles\//)
  })

  test('APPEND_SLASH = false turns it off', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'], APPEND_SLASH: false })
    assert.equal((await (await app())(makeRequest('/articles'))).status, 404)
  })
})
