// The locmem backend: the shared behaviour suite, plus what is particular to it (LRU order, stores
// shared by LOCATION).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configure } from 'tango/core'
import { LocMemCache, caches } from 'tango/cache'
import type { BaseCache } from 'tango/cache'
import { cacheBehaviour } from './behaviour.ts'

let n = 0

describe('cache backend: locmem', () => {
  cacheBehaviour({
    make: (extra = {}) => new LocMemCache({ alias: 'default', setting: { BACKEND: 'locmem', LOCATION: `behaviour-${n++}`, ...extra } }),
    count: async (cache: BaseCache) => (cache as LocMemCache).size,
  })

  test('culling drops the least recently used entries first', async () => {
    const c = new LocMemCache({ alias: 'x', setting: { BACKEND: 'locmem', LOCATION: 'lru', OPTIONS: { MAX_ENTRIES: 3, CULL_FREQUENCY: 3 } } })
    await c.set('a', 1)
    await c.set('b', 2)
    await c.set('c', 3)
    assert.equal(await c.get('a'), 1, 'reading a makes b the least recently used')
    await c.set('d', 4)
    assert.equal(await c.has('b'), false)
    assert.deepEqual([...(await c.getMany(['a', 'c', 'd']))].map(([k]) => k), ['a', 'c', 'd'])
  })

  test('MAX_ENTRIES defaults to 300 and CULL_FREQUENCY to 3, as Django', () => {
    const c = new LocMemCache({ alias: 'x', setting: { BACKEND: 'locmem' } })
    assert.equal(c.maxEntries, 300)
    assert.equal(c.cullFrequency, 3)
    assert.equal(c.defaultTimeout, 300)
  })

  test('caches with the same LOCATION share entries, so a rebuild after configure() keeps them', async () => {
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'shared' } } })
    const before = caches.get('default')
    await before.set('kept', 'yes')
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'shared', TIMEOUT: 60 } } })
    const after = caches.get('default')
    assert.notEqual(after, before, 'rebuilt because CACHES changed')
    assert.equal(after.defaultTimeout, 60)
    assert.equal(await after.get('kept'), 'yes')
  })
})
