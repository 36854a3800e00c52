// The `db` session engine on every database: the middleware scenarios, the store's own API (expiry,
// concurrent deletion, listing and ending a user's sessions) and the clearsessions command.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { migrate } from 'tango/db/migrations'
import sessionsApp, { CacheSessionStore, CachedDbSessionStore, DbSessionStore, Session, SessionInterrupted, clearsessions, getSessionStore } from 'tango/contrib/sessions'
import { URLResolver, path } from 'tango/urls'
import { createHandler } from 'tango/handler'
import { HttpResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { SessionMiddleware } from 'tango/contrib/sessions'
import { TestClient } from 'tango/test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { SECRET_KEY, client } from './helpers.ts'
import { sessionScenarios } from './scenarios.ts'

/** Captures what `fn` writes to stdout. */
async function captureStdout(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout)
  let out = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    await fn()
  } finally {
    process.stdout.write = write
  }
  return out
}

forEachDatabase('sessions, db engine', () => {
  before(async () => {
    await migrate()
  })

  sessionScenarios({ stored: true })

  test('the row holds signed data, the expiry and no user id for an anonymous session', async () => {
    const c = await client()
    await c.get('/set/', { query: { a: '1' } })
    const key = c.cookies.get('sessionid') as string
    assert.match(key, /^[a-z0-9]{32}$/)
    const row = await Session.objects.get({ sessionKey: key })
    assert.equal(row.userId, null)
    assert.ok(!row.sessionData.includes('"a"'), 'stored compressed and base64, as Django')
    const age = (row.expireDate.getTime() - Date.now()) / 1000
    assert.ok(age > 1_209_500 && age <= 1_209_600, `expiry ${age}s from now`)
  })

  test('an expired session is a fresh anonymous session', async () => {
    const c = await client()
    await c.get('/set/', { query: { a: '1' } })
    const key = c.cookies.get('sessionid') as string
    await Session.objects.filter({ sessionKey: key }).update({ expireDate: new Date(Date.now() - 1000) })
    const response = await c.get('/read/')
    assert.deepEqual(response.json(), { key: null, items: {} })
    assert.equal(response.cookies.get('sessionid')?.maxAge, 0)
  })

  test('a row whose data was edited in the database reads as empty, not as an error', async () => {
    const c = await client()
    await c.get('/set/', { query: { role: 'user' } })
    const key = c.cookies.get('sessionid') as string
    await Session.objects.filter({ sessionKey: key }).update({ sessionData: 'eyJyb2xlIjoiYWRtaW4ifQ:1abc:forged' })
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, {})
  })

  test('saving a session deleted during the request is a 400 (SessionInterrupted)', async () => {
    const routes = new URLResolver([
      path('race/', async (request: Request) => {
        await request.session.set('x', 1)
        // Another request (a logout elsewhere) deletes the row while this one runs.
        await Session.objects.filter({ sessionKey: request.session.sessionKey as string }).delete()
        return new HttpResponse('ok')
      }),
    ])
    const c = new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware] }))
    const first = new DbSessionStore()
    await first.set('seed', true)
    await first.save()
    c.cookies.set('sessionid', first.sessionKey as string)
    const response = await c.get('/race/')
    assert.equal(response.status, 400)
    assert.ok(new SessionInterrupted().code === 'E_SESSION_INTERRUPTED')
  })

  test('the store API: create, load lazily once, concurrent reads share the load', async () => {
    const store = new DbSessionStore()
    await store.update({ a: 1, b: [1, 2] })
    await store.save()
    const key = store.sessionKey as string
    const again = new DbSessionStore(key)
    assert.equal(again.accessed, false)
    const [a, b] = await Promise.all([again.get('a'), again.get('b')])
    assert.deepEqual([a, b], [1, [1, 2]])
    assert.equal(again.accessed, true)
    assert.equal(again.modified, false)
    assert.equal(await again.setDefault('c', 3), 3)
    assert.equal(await again.setDefault('a', 9), 1)
    assert.deepEqual(await again.keys(), ['a', 'b', 'c'])
    assert.equal(await again.delete('missing'), false)
    assert.equal(await store.exists(key), true)
  })

  test('listForUser and endOthers: a user sees their live sessions and ends the others', async () => {
    const make = async (userId: string | null): Promise<string> => {
      const s = new DbSessionStore()
      if (userId !== null) await s.set('_auth_user_id', userId)
      await s.set('device', `d-${Math.random()}`)
      await s.save()
      return s.sessionKey as string
    }
    const phone = await make('7')
    const laptop = await make('7')
    const tablet = await make('7')
    await make('8')
    await make(null)
    const expired = await make('7')
    await Session.objects.filter({ sessionKey: expired }).update({ expireDate: new Date(Date.now() - 1000) })

    const listed = await DbSessionStore.listForUser(7)
    assert.deepEqual(listed.map((s) => s.sessionKey).sort(), [phone, laptop, tablet].sort())
    assert.equal(listed[0]?.data._auth_user_id, '7')

    assert.equal(await getSessionStore().endOthers('7', laptop), 3, 'phone, tablet and the expired row')
    assert.deepEqual((await DbSessionStore.listForUser('7')).map((s) => s.sessionKey), [laptop])
    assert.equal((await DbSessionStore.listForUser('8')).length, 1, "another user's sessions are untouched")
    assert.equal(await DbSessionStore.endOthers('7', null), 1)
  })

  test('the user id hint follows the session value (login, logout)', async () => {
    const s = new DbSessionStore()
    await s.set('_auth_user_id', 5)
    await s.save()
    const key = s.sessionKey as string
    assert.equal((await Session.objects.get({ sessionKey: key })).userId, '5')
    await s.delete('_auth_user_id')
    await s.save()
    assert.equal((await Session.objects.get({ sessionKey: key })).userId, null)
  })

  test('clearsessions deletes expired rows only', async () => {
    await Session.objects.all().delete()
    const live = new DbSessionStore()
    await live.set('a', 1)
    await live.save()
    for (let i = 0; i < 2; i++) {
      const old = new DbSessionStore()
      await old.set('a', 1)
      await old.save()
      await Session.objects.filter({ sessionKey: old.sessionKey as string }).update({ expireDate: new Date(Date.now() - 60_000) })
    }
    assert.equal(await Session.objects.count(), 3)
    assert.ok(sessionsApp.commands.some((command) => command.name === 'clearsessions'))
    const out = await captureStdout(() => Promise.resolve(clearsessions.run([])))
    assert.equal(out, 'Deleted 2 expired sessions.\n')
    assert.deepEqual(await Session.objects.valuesList('sessionKey', { flat: true }), [live.sessionKey])
  })
}, { settings: { SECRET_KEY, SESSION_ENGINE: 'db', INSTALLED_APPS: [sessionsApp], REQUEST_LOGGING: false } })

describe('getSessionStore', () => {
  test('each engine name gives its store; an unknown one is refused', () => {
    assert.equal(getSessionStore('cache'), CacheSessionStore)
    assert.equal(getSessionStore('cachedDb'), CachedDbSessionStore)
    assert.equal(getSessionStore('db'), DbSessionStore)
    assert.throws(() => getSessionStore('file' as 'db'), /is not one of/)
  })
})
