import { beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import { HttpResponse, StreamingResponse } from 'tango/http'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { RequestLoggingMiddleware, SecurityMiddleware } from 'tango/middleware'
import { configureLogging } from '../../../framework/src/core/logging.ts'
import { LogSink, makeRequest } from '../handler/helpers.ts'

const routes = new URLResolver([
  path('hello/', () => new HttpResponse('héllo')),
  path('stream/', () => new StreamingResponse(['abc', new Uint8Array(5)])),
])

let sink: LogSink
beforeEach(() => {
  configure({ ALLOWED_HOSTS: ['testserver'] })
  sink = new LogSink()
  configureLogging({ level: 'info', destination: sink })
})

const app = (): ReturnType<typeof createHandler> => createHandler({ resolver: routes, middleware: [RequestLoggingMiddleware, SecurityMiddleware] })

describe('RequestLoggingMiddleware', () => {
  test('logs one line per request with method, path, status, bytes and ms', async () => {
    const handler = await app()
    await handler(makeRequest('/hello/'))
    await handler(makeRequest('/nope/', { method: 'POST' }))
    await handler(makeRequest('/hello/', { headers: { host: 'bad.test' } }))
    const lines = sink.lines.filter((l) => l.name === 'tango.request.access')
    assert.equal(lines.length, 3)
    assert.deepEqual(
      lines.map(({ method, path, status, bytes }) => ({ method, path, status, bytes })),
      [
        { method: 'GET', path: '/hello/', status: 200, bytes: 6 },
        { method: 'POST', path: '/nope/', status: 404, bytes: lines[1]?.bytes },
        { method: 'GET', path: '/hello/', status: 400, bytes: lines[2]?.bytes },
      ],
    )
    assert.equal(typeof lines[0]?.ms, 'number')
    assert.equal(lines[0]?.msg, 'GET /hello/ 200')
  })

  test('counts a streamed body and logs once it has been read', async () => {
    const response = await (await app())(makeRequest('/stream/'))
    assert.equal(sink.lines.length, 0)
    if (!response.streaming) throw new Error('expected a stream')
    for await (const _chunk of response.streamingContent) {
      // drain, as the server adapter does
    }
    assert.equal(sink.lines.length, 1)
    assert.equal(sink.lines[0]?.bytes, 8)
  })

  test('is a pass-through when REQUEST_LOGGING is false or the level is above info', async () => {
    configure({ ALLOWED_HOSTS: ['testserver'], REQUEST_LOGGING: false })
    await (await app())(makeRequest('/hello/'))
    configure({ ALLOWED_HOSTS: ['testserver'] })
    configureLogging({ level: 'warn', destination: sink })
    await (await app())(makeRequest('/hello/'))
    assert.equal(sink.lines.length, 0)
  })
})
