import { afterEach, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from 'tango/core'
import { BadRequest, Http404, HttpResponse, MethodNotAllowed, PermissionDenied } from 'tango/http'
import type { Request } from 'tango/http'
import { URLResolver, path, resetUrlCaches, setRootUrlconf } from 'tango/urls'
import { createHandler, getHandler, resetHandler } from 'tango/handler'
import type { Middleware } from 'tango/handler'
import { configureLogging } from '../../../framework/src/core/logging.ts'
import { gotRequestException, requestFinished, requestStarted } from '../../../framework/src/core/signals.ts'
import { LogSink, makeRequest, text } from './helpers.ts'

class TemplateSyntaxError extends Error {
  readonly templateName = 'news/detail.html'
  readonly line = 7
}

const routes = new URLResolver([
  path('', () => new HttpResponse('home')),
  path('articles/<int:year>/', (_request, { year }) => new HttpResponse(`year ${year}`), { name: 'articles' }),
  path('missing/', () => {
    throw new Http404('No article <b>here</b>')
  }),
  path('forbidden/', () => {
    throw new PermissionDenied()
  }),
  path('bad/', () => {
    throw new BadRequest('Bad <input>')
  }),
  path('post-only/', () => {
    throw new MethodNotAllowed(['POST'])
  }),
  path('crash/', () => {
    throw new TypeError('kaboom in the view')
  }),
  path('template-crash/', () => {
    throw new TemplateSyntaxError('unexpected end of block')
  }),
  path('nothing/', (() => undefined) as never),
])

let sink: LogSink
beforeEach(() => {
  configure({ ALLOWED_HOSTS: ['testserver'], SECRET_KEY: 'super-secret-value', DATABASE_URL: 'postgres://app:hunter2@db/app' })
  sink = new LogSink()
  configureLogging({ level: 'info', destination: sink })
})

describe('createHandler: routing and error conversion', () => {
  test('resolves the path, passes converted params to the view and sets request.resolverMatch', async () => {
    let seen: Request | null = null
    const spy: Middleware = (getResponse) => async (request) => {
      seen = request
      return getResponse(request)
    }
    const handler = await createHandler({ resolver: routes, middleware: [spy] })
    const response = await handler(makeRequest('/articles/2024/'))
    assert.equal(response.status, 200)
    assert.equal(text(response), 'year 2024')
    assert.equal((seen as Request | null)?.resolverMatch?.viewName, 'articles')
  })

  test('HTTP errors become responses with their status, headers and an escaped message', async () => {
    const handler = await createHandler({ resolver: routes, debug: false })
    const missing = await handler(makeRequest('/missing/'))
    assert.equal(missing.status, 404)
    assert.match(text(missing), /No article &lt;b&gt;here&lt;\/b&gt;/)
    assert.equal((await handler(makeRequest('/forbidden/'))).status, 403)
    const bad = await handler(makeRequest('/bad/'))
    assert.equal(bad.status, 400)
    assert.match(text(bad), /Bad &lt;input&gt;/)
    const notAllowed = await handler(makeRequest('/post-only/'))
    assert.equal(notAllowed.status, 405)
    assert.equal(notAllowed.headers.get('allow'), 'POST')
  })

  test('an unmatched path is a plain 404 without DEBUG, listing no patterns', async () => {
    const handler = await createHandler({ resolver: routes, debug: false })
    const response = await handler(makeRequest('/nope/'))
    assert.equal(response.status, 404)
    assert.doesNotMatch(text(response), /articles/)
  })

  test('in DEBUG an unmatched path lists the patterns tried and the path', async () => {
    const handler = await createHandler({ resolver: routes, debug: true })
    const body = text(await handler(makeRequest('/nope/')))
    assert.match(body, /articles\/&lt;int:year&gt;\//)
    assert.match(body, /template-crash\//)
    assert.match(body, /\/nope\//)
  })

  test('without DEBUG a crash is a bare 500 with the stack logged', async () => {
    const handler = await createHandler({ resolver: routes, debug: false })
    const response = await handler(makeRequest('/crash/?token=abc'))
    assert.equal(response.status, 500)
    const body = text(response)
    assert.doesNotMatch(body, /kaboom|TypeError|super-secret/)
    const logged = sink.lines.find((l) => l.level === 50)
    assert.ok(logged, 'an error line is logged')
    assert.equal(logged.path, '/crash/')
    assert.match(JSON.stringify(logged.err), /kaboom in the view/)
    assert.match(String((logged.err as { stack?: string }).stack), /base-handler\.test\.ts/)
  })

  test('in DEBUG a crash shows the error, stack, request and settings with secrets masked', async () => {
    const handler = await createHandler({ resolver: routes, debug: true })
    const response = await handler(makeRequest('/crash/?token=abc&page=2', { headers: { cookie: 'sessionid=s3cr3t', authorization: 'Bearer xyz', 'x-custom': 'visible' } }))
    assert.equal(response.status, 500)
    const body = text(response)
    assert.match(body, /TypeError/)
    assert.match(body, /kaboom in the view/)
    assert.match(body, /base-handler\.test\.ts/)
    assert.match(body, /x-custom/)
    assert.match(body, /visible/)
    assert.match(body, /SECRET_KEY/)
    assert.match(body, /\*{20}/)
    for (const secret of ['super-secret-value', 'hunter2', 's3cr3t', 'Bearer xyz', 'abc']) assert.ok(!body.includes(secret), `${secret} must be masked`)
    assert.match(body, /postgres:\/\/app:\*{20}@db\/app/)
    assert.match(body, /page<\/th><td>2/)
  })

  test('the DEBUG page shows where a template error happened', async () => {
    const handler = await createHandler({ resolver: routes, debug: true })
    const body = text(await handler(makeRequest('/template-crash/')))
    assert.match(body, /news\/detail\.html/)
    assert.match(body, /line 7/)
  })

  test('a view that returns no response is a 500 naming the view', async () => {
    const handler = await createHandler({ resolver: routes, debug: true })
    const response = await handler(makeRequest('/nothing/'))
    assert.equal(response.status, 500)
    assert.match(text(response), /didn&#39;t return a response\. It returned undefined/)
  })

  test('an HttpError thrown by a middleware becomes its response', async () => {
    const guard: Middleware = () => () => {
      throw new PermissionDenied('Keep out')
    }
    const handler = await createHandler({ resolver: routes, middleware: [guard] })
    const response = await handler(makeRequest('/'))
    assert.equal(response.status, 403)
    assert.match(text(response), /Keep out/)
  })

  test('handler404 and handler500 views replace the default pages without DEBUG', async () => {
    const handler = await createHandler({
      resolver: routes,
      debug: false,
      handler404: (_request, { exception }) => new HttpResponse(`custom 404: ${(exception as Error).message}`, { status: 404 }),
      handler500: () => new HttpResponse('custom 500', { status: 500 }),
    })
    assert.match(text(await handler(makeRequest('/missing/'))), /^custom 404: No article/)
    assert.equal(text(await handler(makeRequest('/crash/'))), 'custom 500')
  })
})

describe('createHandler: middleware hooks and order', () => {
  test('middleware runs outermost first on the way in and last on the way out', async () => {
    const trace: string[] = []
    const named = (name: string): Middleware => (getResponse) => async (request) => {
      trace.push(`in ${name}`)
      const response = await getResponse(request)
      trace.push(`out ${name}`)
      return response
    }
    const handler = await createHandler({ resolver: routes, middleware: [named('a'), named('b')] })
    await handler(makeRequest('/'))
    assert.deepEqual(trace, ['in a', 'in b', 'out b', 'out a'])
  })

  test('processView can short-circuit the view; the first non-empty answer wins', async () => {
    const calls: string[] = []
    const first: Middleware = (getResponse) => Object.assign((request: Request) => getResponse(request), {
      processView: (_request: Request, _view: unknown, params: Readonly<Record<string, unknown>>) => {
        calls.push(`first ${String(params.year)}`)
        return null
      },
    })
    const second: Middleware = (getResponse) => Object.assign((request: Request) => getResponse(request), {
      processView: () => {
        calls.push('second')
        return new HttpResponse('from processView')
      },
    })
    const handler = await createHandler({ resolver: routes, middleware: [first, second] })
    const response = await handler(makeRequest('/articles/1999/'))
    assert.equal(text(response), 'from processView')
    assert.deepEqual(calls, ['first 1999', 'second'])
  })

  test('processException turns a view error into a response, innermost middleware first', async () => {
    const calls: string[] = []
    const outer: Middleware = (getResponse) => Object.assign((request: Request) => getResponse(request), {
      processException: () => {
        calls.push('outer')
        return new HttpResponse('outer handled', { status: 503 })
      },
    })
    const inner: Middleware = (getResponse) => Object.assign((request: Request) => getResponse(request), {
      processException: (_request: Request, error: unknown) => {
        calls.push(`inner ${(error as Error).message}`)
        return undefined
      },
    })
    const handler = await createHandler({ resolver: routes, middleware: [outer, inner] })
    const response = await handler(makeRequest('/crash/'))
    assert.equal(response.status, 503)
    assert.deepEqual(calls, ['inner kaboom in the view', 'outer'])
  })
})

describe('createHandler: signals and the default handler', () => {
  afterEach(() => {
    requestStarted.disconnectAll()
    requestFinished.disconnectAll()
    gotRequestException.disconnectAll()
    resetHandler()
    resetUrlCaches()
  })

  test('sends requestStarted, requestFinished and gotRequestException', async () => {
    const events: string[] = []
    requestStarted.connect(({ request }) => {
      events.push(`started ${request.path}`)
    })
    requestFinished.connect(({ response }) => {
      events.push(`finished ${response.status}`)
    })
    gotRequestException.connect(({ error }) => {
      events.push(`exception ${(error as Error).message}`)
    })
    const handler = await createHandler({ resolver: routes, debug: false })
    await handler(makeRequest('/'))
    await handler(makeRequest('/crash/'))
    assert.deepEqual(events, ['started /', 'finished 200', 'started /crash/', 'exception kaboom in the view', 'finished 500'])
  })

  test('getHandler builds from settings once and caches; resetHandler rebuilds', async () => {
    setRootUrlconf([path('', () => new HttpResponse('root'))])
    const a = await getHandler()
    assert.equal(a, await getHandler())
    assert.equal(text(await a(makeRequest('/'))), 'root')
    resetHandler()
    assert.notEqual(a, await getHandler())
  })
})
