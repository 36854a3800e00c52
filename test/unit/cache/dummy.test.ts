// The dummy backend: the API works and nothing is stored (Django's DummyCacheTests).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CacheMiss, DummyCache, InvalidCacheKey } from 'tango/cache'

describe('cache backend: dummy', () => {
  const c = new DummyCache({ alias: 'default', setting: { BACKEND: 'dummy' } })

  test('set stores nothing: get misses, has is false, getMany is empty', async () => {
    await c.set('a', 1)
    assert.equal(await c.get('a'), undefined)
    assert.equal(await c.get('a', 'default'), 'default')
    assert.equal(await c.has('a'), false)
    await c.setMany({ a: 1, b: 2 })
    assert.equal((await c.getMany(['a', 'b'])).size, 0)
  })

  test('add reports success, delete and touch report nothing there, incr misses', async () => {
    assert.equal(await c.add('a', 1), true)
    assert.equal(await c.delete('a'), false)
    assert.equal(await c.touch('a', 10), false)
    await assert.rejects(c.incr('a'), CacheMiss)
    await assert.rejects(c.decr('a'), CacheMiss)
    await c.deleteMany(['a'])
    await c.clear()
  })

  test('getOrSet computes every time and returns the value', async () => {
    let calls = 0
    assert.equal(await c.getOrSet('k', () => ++calls), 1)
    assert.equal(await c.getOrSet('k', () => ++calls), 2)
  })

  test('keys are still validated, so code tried on dummy works on memcached-safe backends', async () => {
    await assert.rejects(c.set('bad key', 1), InvalidCacheKey)
  })
})
