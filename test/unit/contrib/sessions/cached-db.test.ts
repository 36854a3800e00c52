// The `cachedDb` session engine on every database: the middleware scenarios, reads served from the
// cache without a query, the database as the source of truth when the cache is cleared, and ending
// a user's other sessions in both.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { caches, closeCaches } from 'tango/cache'
import { captureQueries } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import sessionsApp, { CACHED_DB_SESSION_KEY_PREFIX, CachedDbSessionStore, Session, getSessionStore } from 'tango/contrib/sessions'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { SECRET_KEY, client } from './helpers.ts'
import { sessionScenarios } from './scenarios.ts'

forEachDatabase('sessions, cachedDb engine', () => {
  before(async () => {
    await migrate()
  })
  after(() => closeCaches())

  sessionScenarios({ stored: true })

  test('a session is written to the table and the cache; reads come from the cache with no query', async () => {
    assert.equal(getSessionStore(), CachedDbSessionStore)
    const c = await client()
    await c.get('/set/', { query: { a: '1' } })
    const key = c.cookies.get('sessionid') as string
    assert.equal(await Session.objects.filter({ sessionKey: key }).count(), 1)
    assert.deepEqual(await caches.get('default').get(CACHED_DB_SESSION_KEY_PREFIX + key), { a: '1' })
    const store = new CachedDbSessionStore(key)
    const { queries } = await captureQueries(() => store.items())
    assert.deepEqual(await store.items(), [['a', '1']])
    assert.equal(queries.length, 0, 'served by the cache')
  })

  test('when the cache lost the session, the database still has it and refills the cache', async () => {
    const c = await client()
    await c.get('/set/', { query: { b: '2' } })
    const key = c.cookies.get('sessionid') as string
    await caches.get('default').clear()
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, { b: '2' })
    assert.deepEqual(await caches.get('default').get(CACHED_DB_SESSION_KEY_PREFIX + key), { b: '2' })
  })

  test('flush and endOthers remove sessions from the table and the cache', async () => {
    const c = await client()
    await c.get('/set/', { query: { c: '3' } })
    const key = c.cookies.get('sessionid') as string
    await c.get('/flush/')
    assert.equal(await caches.get('default').has(CACHED_DB_SESSION_KEY_PREFIX + key), false)
    assert.equal(await Session.objects.filter({ sessionKey: key }).count(), 0)

    const stores = [new CachedDbSessionStore(), new CachedDbSessionStore()]
    for (const s of stores) {
      await s.set('_auth_user_id', 77)
      await s.save()
    }
    const [keep, other] = stores.map((s) => s.sessionKey as string)
    assert.equal(await CachedDbSessionStore.endOthers(77, keep ?? null), 1)
    assert.equal(await caches.get('default').has(CACHED_DB_SESSION_KEY_PREFIX + other), false)
    assert.equal(await caches.get('default').has(CACHED_DB_SESSION_KEY_PREFIX + keep), true)
    assert.deepEqual(await new CachedDbSessionStore(other).items(), [])
  })
}, { settings: { SECRET_KEY, SESSION_ENGINE: 'cachedDb', REQUEST_LOGGING: false, INSTALLED_APPS: [sessionsApp] } })
