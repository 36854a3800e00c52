import { randomBytes } from 'node:crypto'
import { beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure, Signer } from 'tango/core'
import { HttpResponse, redirect } from 'tango/http'
import type { Request } from 'tango/http'
import { createHandler } from 'tango/handler'
import type { Middleware } from 'tango/handler'
import { clearContextProcessors, getEngine, markSafe, registerContextProcessor, resetEngine } from 'tango/templates'
import { TestClient } from 'tango/test'
import { URLResolver, path } from 'tango/urls'
import {
  COOKIE_NAME, MAX_COOKIE_SIZE, MessageFailure, MessageMiddleware, SESSION_KEY, addMessage, getMessages, messages,
  messagesApp, messagesContextProcessor, setLevel,
} from 'tango/contrib/messages'
import type { SessionLike } from 'tango/contrib/messages'
import { SessionMiddleware } from 'tango/contrib/sessions'

const LIST = `{% for m in messages %}<li class="{{ m.tags }}" data-level="{{ m.level }}">{{ m.message }}</li>{% endfor %}`

async function page(request: Request, source = LIST): Promise<HttpResponse> {
  return new HttpResponse(await getEngine().renderString(source, {}, request))
}

async function addFromForm(request: Request): Promise<HttpResponse> {
  const form = await request.form()
  const level = form.get('level') ?? 'success'
  const count = Number(form.get('count') ?? '1')
  // Random padding per message, so compression cannot shrink a long list below the cookie limit.
  const pad = Number(form.get('pad') ?? '0')
  for (let i = 0; i < count; i += 1) {
    const text = (form.get('text') ?? 'Saved.') + (count > 1 ? ` #${i}<` : '') + randomBytes(pad).toString('hex')
    const extraTags = form.get('tags')
    const options = extraTags ? { extraTags } : {}
    if (level === 'debug') messages.debug(request, text, options)
    else if (level === 'info') messages.info(request, text, options)
    else if (level === 'warning') messages.warning(request, text, options)
    else if (level === 'error') messages.error(request, text, options)
    else messages.success(request, text, options)
  }
  return redirect('/')
}

const routes = new URLResolver([
  path('', (request) => page(request)),
  path('add/', addFromForm),
  path('quiet/', () => new HttpResponse('no template')),
  path('count/', (request) => page(request, '{{ messages.length }}|{{ DEFAULT_MESSAGE_LEVELS.SUCCESS }}')),
  path('debug-level/', (request) => {
    setLevel(request, messages.constants.DEBUG)
    messages.debug(request, 'debug shown')
    return redirect('/')
  }),
  path('safe/', (request) => {
    messages.info(request, markSafe('<b>bold</b>'))
    return redirect('/')
  }),
  path('api/', async (request) => {
    messages.warning(request, 'same request')
    const list = await getMessages(request)
    return new HttpResponse(list.map((m) => `${m.levelTag}:${String(m.message)}`).join(','))
  }),
])

/**
 * The sessions app is being written at the same time as this one; this in-memory object implements
 * the structural interface the messages app uses (`get`/`set`/`delete`), shared across requests as a
 * real session store would be.
 */
class FakeSession implements SessionLike {
  readonly data = new Map<string, unknown>()
  get(key: string): unknown {
    return this.data.get(key)
  }
  set(key: string, value: unknown): void {
    this.data.set(key, value)
  }
  delete(key: string): void {
    this.data.delete(key)
  }
}

function sessionMiddleware(session: FakeSession): Middleware {
  return (getResponse) => (request) => {
    Object.assign(request, { session })
    return getResponse(request)
  }
}

async function client(options: { storage?: 'cookie' | 'session' | 'fallback'; session?: FakeSession; level?: number } = {}): Promise<TestClient> {
  configure({ SECRET_KEY: 'messages-test-key', MESSAGE_STORAGE: options.storage ?? 'cookie', MESSAGE_LEVEL: options.level ?? 20 })
  resetEngine()
  const middleware = options.session ? [sessionMiddleware(options.session), MessageMiddleware] : [MessageMiddleware]
  return new TestClient(await createHandler({ resolver: routes, middleware, debug: false }))
}

describe('messages app', () => {
  beforeEach(() => {
    registerContextProcessor(messagesContextProcessor)
  })

  test('a message added on POST is shown once on the next GET, then gone', async () => {
    const c = await client()
    const posted = await c.post('/add/', { text: 'Profile saved.' })
    assert.equal(posted.status, 302)
    assert.ok(c.cookies.has(COOKIE_NAME), 'the message travels in the messages cookie')
    const first = await c.get('/')
    assert.equal(first.text(), '<li class="success" data-level="25">Profile saved.</li>')
    assert.equal(c.cookies.has(COOKIE_NAME), false, 'showing the messages deletes the cookie')
    assert.equal((await c.get('/')).text(), '')
  })

  test('messages not shown are kept, in order, until a page shows them', async () => {
    const c = await client()
    await c.post('/add/', { text: 'first', level: 'info' })
    await c.get('/quiet/')
    await c.post('/add/', { text: 'second', level: 'error', tags: 'sticky' })
    assert.equal((await c.get('/count/')).text(), '2|25', 'messages.length counts without marking them shown')
    assert.equal((await c.get('/')).text(), '<li class="info" data-level="20">first</li><li class="sticky error" data-level="40">second</li>')
    assert.equal((await c.get('/')).text(), '')
  })

  test('levels below MESSAGE_LEVEL are dropped; setLevel lowers it for one request', async () => {
    let c = await client()
    await c.post('/add/', { text: 'dbg', level: 'debug' })
    assert.equal(c.cookies.has(COOKIE_NAME), false)
    await c.get('/debug-level/')
    assert.equal((await c.get('/')).text(), '<li class="debug" data-level="10">debug shown</li>')

    c = await client({ level: 10 })
    await c.post('/add/', { text: 'dbg', level: 'debug' })
    assert.equal((await c.get('/')).text(), '<li class="debug" data-level="10">dbg</li>')

    c = await client({ level: 30 })
    await c.post('/add/', { text: 'ok', level: 'success' })
    await c.post('/add/', { text: 'bad', level: 'error' })
    assert.equal((await c.get('/')).text(), '<li class="error" data-level="40">bad</li>')
  })

  test('message text is escaped in templates; text marked safe is not', async () => {
    const c = await client()
    await c.post('/add/', { text: '<script>alert(1)</script>' })
    const shown = (await c.get('/')).text()
    assert.ok(!shown.includes('<script>'), shown)
    assert.ok(shown.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), shown)
    await c.get('/safe/')
    assert.equal((await c.get('/')).text(), '<li class="info" data-level="20"><b>bold</b></li>')
  })

  test('a tampered or foreign cookie is ignored and removed, never an error', async () => {
    const c = await client()
    await c.post('/add/', { text: 'real' })
    const value = c.cookies.get(COOKIE_NAME) as string
    c.cookies.set(COOKIE_NAME, `${value.slice(0, -2)}xx`)
    const response = await c.get('/')
    assert.equal(response.status, 200)
    assert.equal(response.text(), '')
    assert.equal(c.cookies.has(COOKIE_NAME), false)
    // Signed with another key: as good as forged.
    c.cookies.set(COOKIE_NAME, new Signer({ key: 'other', salt: 'tango.contrib.messages' }).signObject([['__json_message', 0, 25, 'forged']]))
    assert.equal((await c.get('/')).text(), '')
  })

  test('cookie storage alone keeps the newest messages under the size limit', async () => {
    const c = await client()
    await c.post('/add/', { text: 'long', count: 10, pad: 300 })
    const cookie = c.cookies.get(COOKIE_NAME) as string
    assert.ok(encodeURIComponent(cookie).length <= MAX_COOKIE_SIZE)
    const shown = (await c.get('/')).text()
    assert.ok(shown.includes('long #9&lt;'), 'the newest message was kept')
    assert.ok(!shown.includes('long #0&lt;'), 'the oldest message was dropped')
  })

  test('fallback: what does not fit in the cookie overflows into the session, and comes back in order', async () => {
    const session = new FakeSession()
    const c = await client({ storage: 'fallback', session })
    await c.post('/add/', { text: 'small' })
    assert.equal(session.data.has(SESSION_KEY), false, 'a small message needs no session write')
    assert.equal((await c.get('/')).text(), '<li class="success" data-level="25">small</li>')

    await c.post('/add/', { text: 'long', count: 12, pad: 200 })
    assert.ok(c.cookies.has(COOKIE_NAME))
    assert.ok(encodeURIComponent(c.cookies.get(COOKIE_NAME) as string).length <= MAX_COOKIE_SIZE)
    assert.equal(typeof session.data.get(SESSION_KEY), 'string', 'the overflow is in the session')
    const shown = (await c.get('/')).text()
    const order = [...shown.matchAll(/#(\d+)&lt;/g)].map((m) => Number(m[1]))
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    assert.equal(c.cookies.has(COOKIE_NAME), false)
    assert.equal(session.data.has(SESSION_KEY), false, 'shown messages leave the session')
    assert.equal((await c.get('/')).text(), '')
  })

  test('fallback overflow works with the real SessionMiddleware (signed-cookie sessions)', async () => {
    configure({ SECRET_KEY: 'messages-test-key', MESSAGE_STORAGE: 'fallback', SESSION_ENGINE: 'signedCookies' })
    resetEngine()
    const c = new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, MessageMiddleware], debug: false }))
    await c.post('/add/', { text: 'long', count: 12, pad: 200 })
    assert.ok(c.cookies.has(COOKIE_NAME))
    assert.ok(c.cookies.has('sessionid'), 'the overflow went into the session')
    const order = [...(await c.get('/')).text().matchAll(/#(\d+)&lt;/g)].map((m) => Number(m[1]))
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    assert.equal(c.cookies.has(COOKIE_NAME), false)
    assert.equal((await c.get('/')).text(), '', 'the session no longer holds them')
  })

  test('session storage keeps messages in the session only', async () => {
    const session = new FakeSession()
    const c = await client({ storage: 'session', session })
    await c.post('/add/', { text: 'in the session', level: 'warning' })
    assert.equal(c.cookies.has(COOKIE_NAME), false)
    assert.ok(session.data.has(SESSION_KEY))
    assert.equal((await c.get('/')).text(), '<li class="warning" data-level="30">in the session</li>')
    assert.equal(session.data.has(SESSION_KEY), false)
  })

  test('session storage without a session is a configuration error (500)', async () => {
    const c = await client({ storage: 'session' })
    assert.equal((await c.get('/quiet/')).status, 500)
  })

  test('getMessages includes messages added during the request and marks them used', async () => {
    const c = await client()
    await c.post('/add/', { text: 'earlier', level: 'info' })
    assert.equal((await c.get('/api/')).text(), 'info:earlier,warning:same request')
    assert.equal(c.cookies.has(COOKIE_NAME), false)
  })

  test('without MessageMiddleware adding throws MessageFailure unless failSilently', async () => {
    configure({ SECRET_KEY: 'k' })
    const handler = await createHandler({
      resolver: new URLResolver([
        path('loud/', (request) => {
          try {
            addMessage(request, 25, 'x')
            return new HttpResponse('added')
          } catch (error) {
            return new HttpResponse(error instanceof MessageFailure ? error.code : 'other')
          }
        }),
        path('silent/', (request) => {
          messages.success(request, 'x', { failSilently: true })
          return page(request, '[{% for m in messages %}{{ m }}{% endfor %}]')
        }),
      ]),
      middleware: [],
      debug: false,
    })
    const c = new TestClient(handler)
    assert.equal((await c.get('/loud/')).text(), 'E_MESSAGE_FAILURE')
    assert.equal((await c.get('/silent/')).text(), '[]')
  })

  test('the app registers its context processor when ready', async () => {
    assert.equal(messagesApp.label, 'messages')
    clearContextProcessors()
    const c = await client()
    assert.equal((await c.get('/count/')).text(), '|')
    await messagesApp.ready?.()
    assert.equal((await c.get('/count/')).text(), '0|25')
  })
})
