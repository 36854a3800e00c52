/**
 * Shared pieces of the sessions tests: a tiny site whose views use `request.session`, served by the
 * real handler with `SessionMiddleware`, and a `TestClient` on it.
 */
import { createHandler } from 'tango/handler'
import { HttpResponse, JsonResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { TestClient } from 'tango/test'
import { URLResolver, path } from 'tango/urls'
import { SessionMiddleware } from 'tango/contrib/sessions'

export const SECRET_KEY = 'sessions-test-secret-key-0123456789'

const routes = new URLResolver([
  path('untouched/', () => new HttpResponse('nothing')),
  path('read/', async (request: Request) => {
    // Items first: loading is what finds out a key is unknown (and drops it).
    const items = Object.fromEntries(await request.session.items())
    return new JsonResponse({ key: request.session.sessionKey, items })
  }),
  path('set/', async (request: Request) => {
    for (const [name, value] of Object.entries(request.query.dict())) await request.session.set(name, value)
    return new HttpResponse('set')
  }),
  path('count/', async (request: Request) => {
    const n = ((await request.session.get<number>('n')) ?? 0) + 1
    await request.session.set('n', n)
    return new HttpResponse(String(n))
  }),
  path('pop/', async (request: Request) => new JsonResponse({ popped: (await request.session.pop('a', null)) ?? null, has: await request.session.has('a') })),
  path('cycle/', async (request: Request) => {
    await request.session.cycleKey()
    return new HttpResponse('cycled')
  }),
  path('flush/', async (request: Request) => {
    await request.session.flush()
    return new HttpResponse('flushed')
  }),
  path('expiry/', async (request: Request) => {
    await request.session.set('x', 1)
    const seconds = request.query.get('seconds')
    await request.session.setExpiry(seconds === null ? null : Number(seconds))
    return new JsonResponse({ age: await request.session.getExpiryAge(), browserClose: await request.session.getExpireAtBrowserClose() })
  }),
  path('fail/', async (request: Request) => {
    await request.session.set('lost', true)
    return new HttpResponse('oops', { status: 500 })
  }),
])

/** A client on a fresh handler (build it after `configure()`: the middleware reads settings once). */
export async function client(): Promise<TestClient> {
  return new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware] }))
}
