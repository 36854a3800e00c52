import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { redirect, HttpResponse, JsonResponse, StreamingResponse } from '../../../framework/src/http/response.ts'
import type { Request } from '../../../framework/src/http/request.ts'
import type { Response } from '../../../framework/src/http/response.ts'
import { TestClient } from '../../../framework/src/test/client.ts'

// Default settings: empty ALLOWED_HOSTS, DEBUG off. TestClient requests must still pass getHost().
configure({})

async function app(request: Request): Promise<Response> {
  switch (request.path) {
    case '/login/': {
      const response = redirect('/profile/')
      response.setCookie('sessionid', 'abc 123', { httpOnly: true })
      return response
    }
    case '/profile/':
      return new HttpResponse(`hello ${request.cookies.sessionid ?? 'nobody'} at ${request.getHost()}`)
    case '/logout/': {
      const response = new HttpResponse('bye')
      response.deleteCookie('sessionid')
      return response
    }
    case '/loop/':
      return redirect('/loop/')
    case '/keep/':
      return redirect('/echo/', { preserveRequest: true })
    case '/stream/':
      return new StreamingResponse(['x', 'y'])
    case '/echo/': {
      const files = await request.files()
      return new JsonResponse({
        method: request.method,
        type: request.contentType,
        query: request.query.lists(),
        form: (await request.form()).lists(),
        files: [...files].map(([name, f]) => [name, f.filename, f.content.toString()]),
        json: request.contentType === 'application/json' ? await request.json() : null,
        header: request.header('x-test') ?? null,
        secure: request.isSecure(),
      })
    }
    default:
      return new HttpResponse('not found', { status: 404 })
  }
}

describe('TestClient', () => {
  test('works with default settings: Host testserver is accepted for its requests', async () => {
    const client = new TestClient(app)
    const response = await client.get('/profile/')
    assert.equal(response.status, 200)
    assert.equal(response.text(), 'hello nobody at testserver')
  })

  test('keeps cookies across requests and forgets a deleted one', async () => {
    const client = new TestClient(app)
    await client.post('/login/')
    assert.equal(client.cookies.get('sessionid'), 'abc 123')
    assert.equal((await client.get('/profile/')).text(), 'hello abc 123 at testserver')
    await client.post('/logout/')
    assert.equal(client.cookies.has('sessionid'), false)
    assert.equal((await client.get('/profile/')).text(), 'hello nobody at testserver')
  })

  test('follows redirects when asked and records the chain; otherwise returns the redirect', async () => {
    const client = new TestClient(app)
    const stopped = await client.post('/login/')
    assert.equal(stopped.status, 302)
    assert.equal(stopped.url, '/profile/')
    const followed = await client.post('/login/', {}, { follow: true })
    assert.equal(followed.status, 200)
    assert.deepEqual(followed.redirectChain, [['/profile/', 302]])
    assert.equal(followed.request.method, 'GET')
    await assert.rejects(client.get('/loop/', { follow: true }), /redirects/)
  })

  test('307 keeps the method and body when following', async () => {
    const client = new TestClient(app)
    const response = await client.post('/keep/', { a: '1' }, { follow: true })
    assert.deepEqual((response.json() as { method: string; form: unknown }).form, { a: ['1'] })
  })

  test('encodes forms, JSON, multipart files, queries and headers', async () => {
    const client = new TestClient(app, { headers: { 'X-Test': 'default' } })
    const form = (await client.post('/echo/', { a: ['1', '2'], b: 3 }, { query: { q: 'x y' } })).json()
    assert.deepEqual(form, { method: 'POST', type: 'application/x-www-form-urlencoded', query: { q: ['x y'] }, form: { a: ['1', '2'], b: ['3'] }, files: [], json: null, header: 'default', secure: false })
    const json = (await client.put('/echo/', { n: [1, 2] }, { json: true, headers: { 'x-test': 'mine' }, secure: true })).json() as Record<string, unknown>
    assert.deepEqual([json.method, json.json, json.header, json.secure], ['PUT', { n: [1, 2] }, 'mine', true])
    const upload = (await client.post('/echo/', { title: 'T', doc: { filename: 'a.txt', content: 'file body', contentType: 'text/plain' } })).json() as Record<string, unknown>
    assert.deepEqual([upload.type, upload.form, upload.files], ['multipart/form-data', { title: ['T'] }, [['doc', 'a.txt', 'file body']]])
    for (const method of ['patch', 'delete'] as const) {
      assert.equal(((await client[method]('/echo/', 'raw')).json() as { method: string }).method, method.toUpperCase())
    }
  })

  test('HEAD and OPTIONS; streaming bodies are collected; json() insists on a JSON type', async () => {
    const client = new TestClient(app)
    const head = await client.head('/profile/')
    assert.equal(head.status, 200)
    assert.equal(head.content.length, 0)
    assert.equal((await client.options('/nowhere/')).status, 404)
    const stream = await client.get('/stream/')
    assert.equal(stream.text(), 'xy')
    assert.throws(() => stream.json(), /not "application\/json"/)
    assert.equal((await client.get('/stream/')).headers.get('Content-Type'), 'text/html; charset=utf-8')
  })
})
