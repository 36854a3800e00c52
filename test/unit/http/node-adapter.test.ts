import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { Http404, MethodNotAllowed } from '../../../framework/src/http/errors.ts'
import { HttpResponse, JsonResponse, StreamingResponse } from '../../../framework/src/http/response.ts'
import type { Request } from '../../../framework/src/http/request.ts'
import { withServer } from './serve.ts'

configure({ ALLOWED_HOSTS: ['127.0.0.1'] })

async function app(request: Request): Promise<HttpResponse | StreamingResponse> {
  switch (request.path) {
    case '/text': {
      const response = new HttpResponse('héllo')
      response.setCookie('a', '1')
      response.setCookie('b', 'two words', { httpOnly: true })
      return response
    }
    case '/stream':
      return new StreamingResponse((async function* () {
        yield 'one,'
        yield new TextEncoder().encode('two')
      })())
    case '/empty':
      return new HttpResponse('', { status: 204 })
    case '/boom':
      throw new Error('handler bug')
    case '/404':
      throw new Http404('No such page')
    case '/405':
      throw new MethodNotAllowed(['GET'])
    case '/ignore-body':
      return new HttpResponse('ignored')
    default:
      return new JsonResponse({ path: request.path, client: request.clientAddress, secure: request.isSecure() })
  }
}

describe('node adapter', () => {
  test('writes status, Content-Length, body and one Set-Cookie line per cookie', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/text`)
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-length'), String(Buffer.byteLength('héllo')))
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8')
      assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=two%20words; Path=/; HttpOnly'])
      assert.equal(await response.text(), 'héllo')
    })
  })

  test('a bad percent-encoding in the path is a 400 with a clear message, never a 500', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/a%E0%A4%A`)
      assert.equal(response.status, 400)
      assert.match(await response.text(), /malformed percent-encoding/)
    })
  })

  test('HEAD gets the headers, including Content-Length, and no body', async () => {
    await withServer(app, async (_base, port) => {
      const { status, headers, body } = await rawRequest(port, 'HEAD', '/text')
      assert.equal(status, 200)
      assert.equal(headers['content-length'], String(Buffer.byteLength('héllo')))
      assert.equal(body, '')
    })
  })

  test('streams a StreamingResponse chunked', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/stream`)
      assert.equal(response.headers.get('transfer-encoding'), 'chunked')
      assert.equal(await response.text(), 'one,two')
    })
  })

  test('204 has no body and no Content-Length', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/empty`)
      assert.equal(response.status, 204)
      assert.equal(response.headers.get('content-length'), null)
      assert.equal(await response.text(), '')
    })
  })

  test('HttpErrors from the handler become their status; other failures a bare 500', async () => {
    await withServer(app, async (base) => {
      const notFound = await fetch(`${base}/404`)
      assert.equal(notFound.status, 404)
      assert.equal(await notFound.text(), 'No such page')
      const notAllowed = await fetch(`${base}/405`)
      assert.equal(notAllowed.status, 405)
      assert.equal(notAllowed.headers.get('allow'), 'GET')
      const originalError = console.error
      console.error = () => {}
      try {
        const failed = await fetch(`${base}/boom`)
        assert.equal(failed.status, 500)
        assert.equal(await failed.text(), 'Internal Server Error')
      } finally {
        console.error = originalError
      }
    })
  })

  test('a large body the view never reads is not a problem and the connection stays usable', async () => {
    await withServer(app, async (base) => {
      const big = new Uint8Array(10 * 1024 * 1024)
      const response = await fetch(`${base}/ignore-body`, { method: 'POST', body: big })
      assert.equal(response.status, 200)
      assert.equal(await response.text(), 'ignored')
      const again = await fetch(`${base}/text`)
      assert.equal(again.status, 200)
    })
  })

  test('X-Forwarded-For is ignored from an untrusted peer', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/who`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
      assert.equal(((await response.json()) as { client: string }).client, '127.0.0.1')
    })
  })

  test('headers past maxHeaderSize are refused with 431', async () => {
    await withServer(app, async (_base, port) => {
      const socket = connect(port, '127.0.0.1')
      let received = ''
      socket.on('data', (chunk) => (received += chunk.toString()))
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      socket.end(`GET /text HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`)
      await new Promise<void>((resolve) => socket.once('close', () => resolve()))
      assert.match(received, /^HTTP\/1\.1 431/)
    })
  })

  test('slow headers are cut by headersTimeout (slowloris does not pin the server)', async () => {
    await withServer(app, async (_base, port) => {
      const socket = connect(port, '127.0.0.1')
      let received = ''
      socket.on('data', (chunk) => (received += chunk.toString()))
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      socket.write('GET /text HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
      const closed = await new Promise<boolean>((resolve) => {
        const guard = setTimeout(() => resolve(false), 5000)
        socket.once('close', () => {
          clearTimeout(guard)
          resolve(true)
        })
      })
      socket.destroy()
      assert.equal(closed, true, 'the server should close a connection whose headers never finish')
      assert.ok(received === '' || received.startsWith('HTTP/1.1 408'), `unexpected reply: ${received}`)
    }, { headersTimeout: 300, requestTimeout: 300, connectionsCheckingInterval: 50 })
  })
})

/** A request through node:http, which (unlike fetch) exposes a HEAD response's headers as sent. */
function rawRequest(port: number, method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
