// The redis backend against a real server (TEST_REDIS_URL, database 15, a unique KEY_PREFIX per
// run): the shared behaviour suite, plus native TTLs, clear leaving other keys alone, and the lazy
// import. In CI a missing TEST_REDIS_URL fails; elsewhere the suite is skipped with one line.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { RedisCache } from 'tango/cache'
import type { RedisClientSlice } from 'tango/cache'
import { cacheBehaviour } from './behaviour.ts'

const url = process.env.TEST_REDIS_URL

if (!url) {
  if (process.env.CI === 'true') {
    describe('cache backend: redis', () => {
      test('TEST_REDIS_URL is set in CI', () => {
        assert.fail('CI=true but TEST_REDIS_URL is not set: the redis cache tests cannot run (e.g. redis://127.0.0.1:6379/15).')
      })
    })
  } else {
    process.stderr.write('Redis cache tests skipped: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to run them.\n')
  }
} else {
  const location = (() => {
    const u = new URL(url)
    u.pathname = '/15'
    return u.toString()
  })()
  const run = `tango-test-${randomBytes(4).toString('hex')}`
  let n = 0

  describe('cache backend: redis', () => {
    const probe = new RedisCache({ alias: 'probe', setting: { BACKEND: 'redis', LOCATION: location, KEY_PREFIX: `${run}-probe` } })
    let client: RedisClientSlice
    before(async () => {
      client = await probe.client()
    })
    after(async () => {
      for await (const keys of client.scanIterator({ MATCH: `${run}*`, COUNT: 500 })) if (keys.length > 0) await client.unlink(keys)
      await probe.close()
    })

    cacheBehaviour({
      make: (extra = {}) => new RedisCache({ alias: 'default', setting: { BACKEND: 'redis', LOCATION: location, ...extra, KEY_PREFIX: `${run}-${n++}${extra.KEY_PREFIX ?? ''}` } }),
    })

    test('timeouts are Redis TTLs; integers are stored as digits so INCR works natively', async () => {
      const c = new RedisCache({ alias: 'x', setting: { BACKEND: 'redis', LOCATION: location, KEY_PREFIX: `${run}-ttl` } })
      await c.set('n', 41, 30)
      await c.set('forever', 'x', null)
      const key = c.makeKey('n')
      assert.equal(await client.get(key), '41')
      const ttl = Number(await (client as unknown as { pTTL(k: string): Promise<number> }).pTTL(key))
      assert.ok(ttl > 25_000 && ttl <= 30_000, String(ttl))
      assert.equal(Number(await (client as unknown as { pTTL(k: string): Promise<number> }).pTTL(c.makeKey('forever'))), -1)
      assert.equal(await c.incr('n'), 42)
      assert.ok(Number(await (client as unknown as { pTTL(k: string): Promise<number> }).pTTL(key)) > 25_000, 'incr kept the TTL')
      await c.close()
    })

    test('clear deletes only this cache\'s KEY_PREFIX keys, never the whole database', async () => {
      const mine = new RedisCache({ alias: 'x', setting: { BACKEND: 'redis', LOCATION: location, KEY_PREFIX: `${run}-mine` } })
      const theirs = new RedisCache({ alias: 'y', setting: { BACKEND: 'redis', LOCATION: location, KEY_PREFIX: `${run}-mine*` } })
      await client.set(`${run}-foreign`, 'not a cache key')
      await mine.set('a', 1)
      await theirs.set('a', 2)
      await mine.clear()
      assert.equal(await mine.get('a'), undefined)
      assert.equal(await theirs.get('a'), 2, 'a prefix with glob characters is matched literally')
      assert.equal(await client.get(`${run}-foreign`), 'not a cache key')
      await mine.close()
      await theirs.close()
    })

    test('a cache closed with close() reconnects on next use', async () => {
      const c = new RedisCache({ alias: 'x', setting: { BACKEND: 'redis', LOCATION: location, KEY_PREFIX: `${run}-reopen` } })
      await c.set('a', 1)
      await c.close()
      assert.equal(await c.get('a'), 1)
      await c.close()
    })

    test('LOCATION falls back to env REDIS_URL; neither is an ImproperlyConfigured error', () => {
      const saved = process.env.REDIS_URL
      try {
        process.env.REDIS_URL = 'redis://example.invalid:6379/3'
        assert.equal(new RedisCache({ alias: 'x', setting: { BACKEND: 'redis' } }).url, 'redis://example.invalid:6379/3')
        delete process.env.REDIS_URL
        assert.throws(() => new RedisCache({ alias: 'x', setting: { BACKEND: 'redis' } }), /REDIS_URL/)
      } finally {
        if (saved === undefined) delete process.env.REDIS_URL
        else process.env.REDIS_URL = saved
      }
    })
  })
}
