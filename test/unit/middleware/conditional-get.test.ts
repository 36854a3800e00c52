import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import { HttpResponse, StreamingResponse } from 'tango/http'
import type { Response } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { ConditionalGetMiddleware } from 'tango/middleware'
import { makeRequest } from '../handler/helpers.ts'

const LAST_MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT'

const routes = new URLResolver([
  path('page/', () => new HttpResponse('the page', { headers: { 'cache-control': 'max-age=60' } })),
  path('no-store/', () => new HttpResponse('private', { headers: { 'cache-control': 'private, no-store' } })),
  path('dated/', () => {
    const response = new StreamingResponse(['file body'])
    response.headers.set('last-modified', LAST_MODIFIED)
    return response
  }),
  path('created/', () => new HttpResponse('made', { status: 201 })),
])

let handler: (request: ReturnType<typeof makeRequest>) => Promise<Response>
before(async () => {
  configure({ ALLOWED_HOSTS: ['testserver'] })
  handler = await createHandler({ resolver: routes, middleware: [ConditionalGetMiddleware] })
})

describe('ConditionalGetMiddleware', () => {
  test('sets a strong ETag on 200 GET responses and answers a matching If-None-Match with 304', async () => {
    const first = await handler(makeRequest('/page/'))
    const etag = first.headers.get('etag')
    assert.match(etag ?? '', /^"[\w-]+"$/)
    const again = await handler(makeRequest('/page/', { headers: { 'if-none-match': `"other", W/${etag}` } }))
    assert.equal(again.status, 304)
    assert.equal(again.headers.get('etag'), etag)
    assert.equal(again.headers.get('cache-control'), 'max-age=60')
    assert.equal(again.streaming ? '' : again.content, '')
  })

  test('a different ETag gets the full page; HEAD gets 304 too; POST is untouched', async () => {
    assert.equal((await handler(makeRequest('/page/', { headers: { 'if-none-match': '"nope"' } }))).status, 200)
    const etag = (await handler(makeRequest('/page/'))).headers.get('etag') ?? ''
    assert.equal((await handler(makeRequest('/page/', { method: 'HEAD', headers: { 'if-none-match': etag } }))).status, 304)
    const post = await handler(makeRequest('/page/', { method: 'POST', headers: { 'if-none-match': etag } }))
    assert.equal(post.status, 200)
    assert.equal(post.headers.has('etag'), false)
  })

  test('If-None-Match: * matches any representation', async () => {
    assert.equal((await handler(makeRequest('/page/', { headers: { 'if-none-match': '*' } }))).status, 304)
  })

  test('no ETag for no-store responses or non-200 statuses', async () => {
    assert.equal((await handler(makeRequest('/no-store/'))).headers.has('etag'), false)
    assert.equal((await handler(makeRequest('/created/'))).headers.has('etag'), false)
  })

  test('If-Modified-Since against Last-Modified, on a streaming response too', async () => {
    const notModified = await handler(makeRequest('/dated/', { headers: { 'if-modified-since': LAST_MODIFIED } }))
    assert.equal(notModified.status, 304)
    assert.equal(notModified.headers.get('last-modified'), LAST_MODIFIED)
    const older = await handler(makeRequest('/dated/', { headers: { 'if-modified-since': 'Tue, 20 Oct 2015 07:28:00 GMT' } }))
    assert.equal(older.status, 200)
  })

  test('a failed If-Match precondition is 412', async () => {
    assert.equal((await handler(makeRequest('/page/', { headers: { 'if-match': '"stale"' } }))).status, 412)
    const etag = (await handler(makeRequest('/page/'))).headers.get('etag') ?? ''
    assert.equal((await handler(makeRequest('/page/', { headers: { 'if-match': etag } }))).status, 200)
  })
})
