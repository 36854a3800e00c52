import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { toFetchHandler } from '../../../framework/src/http/fetch-adapter.ts'
import type { Request } from '../../../framework/src/http/request.ts'
import { HttpResponse, JsonResponse, StreamingResponse } from '../../../framework/src/http/response.ts'
import type { Response } from '../../../framework/src/http/response.ts'

configure({ ALLOWED_HOSTS: ['example.com'] })

const app = async (request: Request): Promise<Response> => {
  if (request.path === '/stream') return new StreamingResponse(['a', 'b', new TextEncoder().encode('c')])
  if (request.path === '/echo') {
    const form = await request.form()
    const response = new JsonResponse({ host: request.getHost(), secure: request.isSecure(), method: request.method, name: form.get('name'), q: request.query.get('q') })
    response.setCookie('seen', 'yes')
    return response
  }
  return new HttpResponse('plain', { contentType: 'text/plain' })
}
const handler = toFetchHandler(app)

describe('toFetchHandler', () => {
  test('round-trips a form POST with query, host, scheme and cookies', async () => {
    const response = await handler(new globalThis.Request('https://example.com/echo?q=1', {
      method: 'POST',
      body: 'name=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }))
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'application/json')
    assert.deepEqual(response.headers.getSetCookie(), ['seen=yes; Path=/'])
    assert.deepEqual(await response.json(), { host: 'example.com', secure: true, method: 'POST', name: 'Ada', q: '1' })
  })

  test('streams a StreamingResponse through a ReadableStream', async () => {
    const response = await handler(new globalThis.Request('http://example.com/stream'))
    assert.equal(await response.text(), 'abc')
  })

  test('HEAD has no body; a bad percent-encoding is a 400', async () => {
    const head = await handler(new globalThis.Request('http://example.com/', { method: 'HEAD' }))
    assert.equal(head.status, 200)
    assert.equal(await head.text(), '')
    const bad = await handler(new globalThis.Request('http://example.com/%E0%A4%A'))
    assert.equal(bad.status, 400)
  })
})
