// The `cache` session engine on a locmem cache (and on Redis when TEST_REDIS_URL is set): the
// middleware scenarios with no database at all, plus what is particular to it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { TangoError, configure } from 'tango/core'
import { caches, closeCaches } from 'tango/cache'
import { CACHE_SESSION_KEY_PREFIX, CacheSessionStore, getSessionStore } from 'tango/contrib/sessions'
import { SECRET_KEY, client } from './helpers.ts'
import { sessionScenarios } from './scenarios.ts'

function engineSuite(name: string, caches_: Record<string, { BACKEND: 'locmem' | 'redis'; LOCATION?: string; KEY_PREFIX?: string }>): void {
  describe(`sessions, cache engine (${name})`, () => {
    before(() => {
      // No database: this engine must never touch one.
      configure({ SECRET_KEY, SESSION_ENGINE: 'cache', SESSION_CACHE_ALIAS: 'sessions', CACHES: caches_, REQUEST_LOGGING: false, DATABASE_URL: 'sqlite:////nonexistent/dir/never.sqlite3' })
    })
    after(async () => {
      await caches.get('sessions').clear()
      await closeCaches()
    })

    sessionScenarios({ stored: true })

    test('getSessionStore gives the cache store; the session is in the SESSION_CACHE_ALIAS cache under the prefixed key', async () => {
      assert.equal(getSessionStore(), CacheSessionStore)
      const c = await client()
      await c.get('/set/', { query: { a: '1' } })
      const key = c.cookies.get('sessionid') as string
      assert.match(key, /^[a-z0-9]{32}$/)
      assert.deepEqual(await caches.get('sessions').get(CACHE_SESSION_KEY_PREFIX + key), { a: '1' })
      assert.equal(await caches.get('default').has(CACHE_SESSION_KEY_PREFIX + key), false)
    })

    test('the cache entry lives as long as the session (its timeout is the expiry age)', async () => {
      const c = await client()
      await c.get('/expiry/', { query: { seconds: '1' } })
      const key = c.cookies.get('sessionid') as string
      assert.ok(await caches.get('sessions').has(CACHE_SESSION_KEY_PREFIX + key))
      await new Promise((resolve) => setTimeout(resolve, 1100))
      assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, {}, 'expired with the cache entry')
    })

    test('a cookie with spaces, control characters or junk is an unknown session, never an invalid-key error', async () => {
      for (const junk of ['has space in it', 'x'.repeat(300), 'abc\u0001defghijk']) {
        const store = new CacheSessionStore(junk)
        assert.deepEqual(await store.items(), [])
        assert.equal(store.sessionKey, null)
        assert.equal(await store.exists(junk), false)
      }
    })

    test('clearing the cache ends every session; listing a user\'s sessions is not supported', async () => {
      const c = await client()
      await c.get('/set/', { query: { a: '1' } })
      await caches.get('sessions').clear()
      assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, {})
      await assert.rejects(CacheSessionStore.listForUser(1), (e: unknown) => e instanceof TangoError && e.code === 'E_SESSION_NOT_SUPPORTED')
      assert.equal(await CacheSessionStore.clearExpired(), 0)
    })
  })
}

engineSuite('locmem', { default: { BACKEND: 'locmem' }, sessions: { BACKEND: 'locmem', LOCATION: 'sessions' } })

const redisUrl = process.env.TEST_REDIS_URL
if (redisUrl) {
  const u = new URL(redisUrl)
  u.pathname = '/15'
  engineSuite('redis', { default: { BACKEND: 'locmem' }, sessions: { BACKEND: 'redis', LOCATION: u.toString(), KEY_PREFIX: `tango-sessions-${randomBytes(4).toString('hex')}` } })
}
