/**
 * The behaviour every storing cache backend shares (Django's `BaseCacheTests`), defined once and run
 * by locmem.test.ts, database.test.ts (SQLite and PostgreSQL), file.test.ts and redis.test.ts.
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CacheSetting } from '../../../framework/src/core/settings.ts'
import { CacheMiss, CacheValueError, InvalidCacheKey } from 'tango/cache'
import type { BaseCache } from 'tango/cache'

/** What a backend's test file provides. */
export interface BehaviourTarget {
  /** A cache of the backend under test; `extra` overrides fields of its `CACHES` entry. */
  make(extra?: Partial<Omit<CacheSetting, 'BACKEND'>>): BaseCache
  /** Entries stored now, expired ones included (for culling); omit when the backend has no cap. */
  count?(cache: BaseCache): Promise<number>
}

/** Defines the shared tests (call inside a describe whose setup made the backend usable). */
export function cacheBehaviour(target: BehaviourTarget): void {
  const made: BaseCache[] = []
  const fresh = async (extra: Partial<Omit<CacheSetting, 'BACKEND'>> = {}): Promise<BaseCache> => {
    const cache = target.make(extra)
    made.push(cache)
    await cache.clear()
    return cache
  }
  after(async () => {
    for (const cache of made) await cache.close()
  })

  test('set then get returns the value; a missing key gives undefined or the default', async () => {
    const c = await fresh()
    await c.set('greeting', 'hello')
    assert.equal(await c.get('greeting'), 'hello')
    assert.equal(await c.get('missing'), undefined)
    assert.equal(await c.get('missing', 'fallback'), 'fallback')
    await c.set('greeting', { replaced: true })
    assert.deepEqual(await c.get('greeting'), { replaced: true })
  })

  test('values round-trip with their types: Date, Buffer, Uint8Array, BigInt, Map, Set, undefined, NaN, nested', async () => {
    const c = await fresh()
    const value = {
      when: new Date('2024-02-29T12:34:56.789Z'),
      bytes: Buffer.from([0, 1, 2, 255]),
      view: new Uint8Array([9, 8, 7]),
      big: 12345678901234567890n,
      map: new Map<unknown, unknown>([['a', 1], [2, new Set(['x'])]]),
      set: new Set([1, 'two', null]),
      list: [1, 'two', null, undefined, { deep: [true, false] }],
      nothing: undefined,
      nan: Number.NaN,
      inf: -Infinity,
      $t: 'a key that looks like a tag',
    }
    await c.set('typed', value)
    const back = (await c.get('typed')) as typeof value
    assert.deepEqual(back, value)
    assert.ok(back.when instanceof Date)
    assert.ok(Buffer.isBuffer(back.bytes))
    assert.ok(back.view instanceof Uint8Array && !Buffer.isBuffer(back.view))
    assert.equal(typeof back.big, 'bigint')
    assert.ok('nothing' in back)
    await c.set('stored-undefined', undefined)
    assert.equal(await c.has('stored-undefined'), true)
    assert.equal(await c.get('stored-undefined', 'default'), undefined, 'a stored undefined is a hit, not the default')
  })

  test('what you get back is a copy: changing it does not change the cache', async () => {
    const c = await fresh()
    const list = [1, 2]
    await c.set('list', list)
    list.push(3)
    const got = (await c.get('list')) as number[]
    got.push(4)
    assert.deepEqual(await c.get('list'), [1, 2])
  })

  test('values the serializer does not take are refused with E_CACHE_VALUE', async () => {
    const c = await fresh()
    class Point {
      x = 1
    }
    await assert.rejects(c.set('f', () => 1), CacheValueError)
    await assert.rejects(c.set('p', new Point()), (e: unknown) => e instanceof CacheValueError && e.code === 'E_CACHE_VALUE')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await assert.rejects(c.set('cycle', cyclic), CacheValueError)
    assert.equal(await c.has('f'), false)
  })

  test('entries expire after their timeout in seconds; null keeps them; the default is TIMEOUT', async () => {
    // Margins of a second or more: CI runs suites side by side on two cores, and a loaded event loop
    // can add hundreds of milliseconds between a set and the next get.
    const c = await fresh({ TIMEOUT: 2 })
    await c.set('short', 1, 0.3)
    await c.set('forever', 2, null)
    await c.set('default', 3)
    assert.equal(await c.get('short'), 1)
    await sleep(600)
    assert.equal(await c.get('short'), undefined)
    assert.equal(await c.has('short'), false)
    assert.equal(await c.get('default'), 3)
    await sleep(1600)
    assert.equal(await c.get('default'), undefined, 'TIMEOUT 2 s passed')
    assert.equal(await c.get('forever'), 2)
  })

  test('a timeout of 0 (or less) stores nothing and removes an existing value', async () => {
    const c = await fresh()
    await c.set('k', 'v')
    await c.set('k', 'w', 0)
    assert.equal(await c.get('k'), undefined)
    await c.set('n', 'v', -5)
    assert.equal(await c.has('n'), false)
    assert.equal(await c.add('z', 1, 0), true, 'add with 0 says it would have stored')
    assert.equal(await c.has('z'), false)
  })

  test('add stores only when the key is absent or expired', async () => {
    const c = await fresh()
    assert.equal(await c.add('a', 1), true)
    assert.equal(await c.add('a', 2), false)
    assert.equal(await c.get('a'), 1)
    await c.set('b', 1, 0.1)
    await sleep(150)
    assert.equal(await c.add('b', 2), true, 'an expired entry does not block add')
    assert.equal(await c.get('b'), 2)
  })

  test('delete and has', async () => {
    const c = await fresh()
    await c.set('a', 1)
    assert.equal(await c.has('a'), true)
    assert.equal(await c.delete('a'), true)
    assert.equal(await c.delete('a'), false)
    assert.equal(await c.has('a'), false)
  })

  test('getOrSet returns the stored value, or stores the value or the (async) function\'s result', async () => {
    const c = await fresh()
    assert.equal(await c.getOrSet('v', 'computed'), 'computed')
    assert.equal(await c.get('v'), 'computed')
    assert.equal(await c.getOrSet('v', 'other'), 'computed')
    let calls = 0
    const fn = async (): Promise<number> => {
      calls += 1
      return 42
    }
    assert.equal(await c.getOrSet('f', fn), 42)
    assert.equal(await c.getOrSet('f', fn), 42)
    assert.equal(calls, 1)
    assert.equal(await c.getOrSet('zero', () => 'not kept', 0), 'not kept')
    assert.equal(await c.has('zero'), false)
  })

  test('stampede guard: 25 concurrent getOrSet misses for one key run the function once', async () => {
    const c = await fresh()
    let calls = 0
    const slow = async (): Promise<{ n: number }> => {
      calls += 1
      await sleep(50)
      return { n: calls }
    }
    const results = await Promise.all(Array.from({ length: 25 }, () => c.getOrSet('hot', slow, 60)))
    assert.equal(calls, 1)
    for (const r of results) assert.deepEqual(r, { n: 1 })
    // A failure is shared too, and the next call tries again.
    let failing = 0
    const boom = async (): Promise<never> => {
      failing += 1
      await sleep(20)
      throw new Error('backend down')
    }
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => c.getOrSet('cold', boom)))
    assert.equal(failing, 1)
    assert.ok(settled.every((s) => s.status === 'rejected'))
    assert.equal(await c.getOrSet('cold', 'later'), 'later')
  })

  test('getMany, setMany and deleteMany', async () => {
    const c = await fresh()
    assert.deepEqual(await c.setMany({ a: 1, b: 'two', c: [3] }), [])
    await c.setMany(new Map([['d', 4]]))
    const found = await c.getMany(['a', 'b', 'c', 'd', 'nope'])
    assert.deepEqual([...found], [['a', 1], ['b', 'two'], ['c', [3]], ['d', 4]])
    await c.deleteMany(['a', 'c'])
    assert.deepEqual([...(await c.getMany(['a', 'b', 'c']))], [['b', 'two']])
    await c.setMany({ e: 1 }, 0.1)
    await sleep(150)
    assert.equal((await c.getMany(['e'])).size, 0)
  })

  test('incr and decr change integers, keep the expiry, and refuse missing keys and non-integers', async () => {
    const c = await fresh()
    await c.set('n', 10, 1.5)
    assert.equal(await c.incr('n'), 11)
    assert.equal(await c.incr('n', 5), 16)
    assert.equal(await c.decr('n', 20), -4)
    assert.equal(await c.get('n'), -4)
    await assert.rejects(c.incr('absent'), (e: unknown) => e instanceof CacheMiss && e.code === 'E_CACHE_MISS')
    await c.set('s', 'text')
    await assert.rejects(c.incr('s'), CacheValueError)
    await c.set('f', 1.5)
    await assert.rejects(c.incr('f'), CacheValueError)
    await assert.rejects(c.incr('n', 0.5), CacheValueError)
    await sleep(1700)
    assert.equal(await c.has('n'), false, 'incr kept the 1.5 s expiry')
    await assert.rejects(c.incr('n'), CacheMiss)
  })

  test('concurrent incr calls do not lose updates', async () => {
    const c = await fresh()
    await c.set('counter', 0)
    await Promise.all(Array.from({ length: 20 }, () => c.incr('counter')))
    assert.equal(await c.get('counter'), 20)
  })

  test('touch gives a live key a new timeout and reports whether it existed', async () => {
    const c = await fresh()
    await c.set('t', 1, 1)
    assert.equal(await c.touch('t', 10), true)
    await sleep(1200)
    assert.equal(await c.get('t'), 1)
    assert.equal(await c.touch('t', null), true)
    assert.equal(await c.get('t'), 1)
    assert.equal(await c.touch('absent', 10), false)
    assert.equal(await c.touch('t', 0), true)
    assert.equal(await c.has('t'), false)
  })

  test('versions: a key of one version is invisible to another; incrVersion moves it', async () => {
    const c = await fresh()
    await c.set('doc', 'v1')
    await c.set('doc', 'v2', undefined, 2)
    assert.equal(await c.get('doc'), 'v1')
    assert.equal(await c.get('doc', undefined, 2), 'v2')
    await c.delete('doc', 2)
    assert.equal(await c.incrVersion('doc'), 2)
    assert.equal(await c.get('doc'), undefined)
    assert.equal(await c.get('doc', undefined, 2), 'v1')
    assert.equal(await c.decrVersion('doc', 1, 2), 1)
    assert.equal(await c.get('doc'), 'v1')
    await assert.rejects(c.incrVersion('absent'), CacheMiss)
    const v5 = await fresh({ VERSION: 5 })
    await v5.set('k', 'five')
    assert.equal(await v5.get('k'), 'five')
    assert.equal(v5.makeKey('k'), `${v5.keyPrefix}:5:k`)
  })

  test('KEY_PREFIX keeps caches apart and makes keys `prefix:version:key`', async () => {
    const a = await fresh({ KEY_PREFIX: `${target.make().keyPrefix}a` })
    const b = await fresh({ KEY_PREFIX: `${target.make().keyPrefix}b` })
    await a.set('same', 'A')
    await b.set('same', 'B')
    assert.equal(await a.get('same'), 'A')
    assert.equal(await b.get('same'), 'B')
    assert.equal(a.makeKey('same'), `${a.keyPrefix}:1:same`)
  })

  test('keys with spaces or control characters, or over 250 characters once made, throw E_CACHE_KEY', async () => {
    const c = await fresh()
    for (const key of ['has space', 'tab\there', 'new\nline', 'del\u007f', 'x'.repeat(251)]) {
      await assert.rejects(c.set(key, 1), (e: unknown) => e instanceof InvalidCacheKey && e.code === 'E_CACHE_KEY', JSON.stringify(key.slice(0, 20)))
      await assert.rejects(c.get(key), InvalidCacheKey)
    }
    const room = 250 - c.makeKey('').length
    await c.set('k'.repeat(room), 'fits')
    assert.equal(await c.get('k'.repeat(room)), 'fits')
    await c.set('ünïcødé/ok:yes', 1)
    assert.equal(await c.get('ünïcødé/ok:yes'), 1)
  })

  test('clear removes every entry of the cache', async () => {
    const c = await fresh()
    await c.setMany({ a: 1, b: 2 })
    await c.clear()
    assert.equal((await c.getMany(['a', 'b'])).size, 0)
  })

  const count = target.count
  if (count !== undefined) {
    test('culling keeps the entries at or under MAX_ENTRIES; CULL_FREQUENCY 0 empties the cache', async () => {
      const c = await fresh({ OPTIONS: { MAX_ENTRIES: 9, CULL_FREQUENCY: 3 } })
      for (let i = 0; i < 30; i++) await c.set(`k${String(i).padStart(2, '0')}`, i)
      const n = await count(c)
      assert.ok(n <= 10 && n >= 3, `entries after culling: ${n}`)
      assert.equal(await c.get('k29'), 29, 'the newest entry is kept')
      const all = await fresh({ OPTIONS: { MAX_ENTRIES: 5, CULL_FREQUENCY: 0 } })
      for (let i = 0; i < 7; i++) await all.set(`z${i}`, i)
      assert.ok((await count(all)) <= 5)
    })
  }
}
