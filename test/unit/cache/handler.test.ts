// caches and cache: aliases from CACHES, built lazily, rebuilt after configure() changes CACHES,
// errors for unknown aliases and backends, closeCaches; and the {% cache %} library registered by
// importing tango/cache.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { ImproperlyConfigured, configure } from 'tango/core'
import { DummyCache, LocMemCache, cache, caches, closeCaches } from 'tango/cache'
import { registeredTemplateLibraries } from 'tango/templates'

describe('caches and cache', () => {
  after(() => closeCaches())

  test('the default CACHES is one locmem cache; caches.default, caches.get() and cache are it', async () => {
    configure({})
    assert.ok(caches.default instanceof LocMemCache)
    assert.equal(caches.get('default'), caches.default, 'built once per process')
    await cache.set('via-proxy', 1)
    assert.equal(await caches.default.get('via-proxy'), 1)
    assert.equal(cache.defaultTimeout, 300)
  })

  test('named caches come from CACHES with their TIMEOUT, KEY_PREFIX and VERSION', () => {
    configure({ CACHES: { default: { BACKEND: 'locmem' }, off: { BACKEND: 'dummy', TIMEOUT: null, KEY_PREFIX: 'site', VERSION: 3 } } })
    const off = caches.get('off')
    assert.ok(off instanceof DummyCache)
    assert.equal(off.defaultTimeout, null)
    assert.equal(off.makeKey('k'), 'site:3:k')
    assert.equal(caches.has('off'), true)
    assert.equal(caches.has('nope'), false)
  })

  test('configure() with other CACHES rebuilds the caches, and cache follows', async () => {
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'one' } } })
    const first = caches.default
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'one' } } })
    assert.equal(caches.default, first, 'same CACHES: same instance')
    configure({ CACHES: { default: { BACKEND: 'dummy' } } })
    assert.ok(caches.default instanceof DummyCache)
    await cache.set('x', 1)
    assert.equal(await cache.get('x'), undefined, 'cache now goes to the dummy')
  })

  test('an unknown alias or BACKEND is ImproperlyConfigured', () => {
    configure({ CACHES: { default: { BACKEND: 'locmem' }, odd: { BACKEND: 'memcached' as 'locmem' } } })
    assert.throws(() => caches.get('missing'), (e: unknown) => e instanceof ImproperlyConfigured && /The cache 'missing' doesn't exist/.test(e.message))
    assert.throws(() => caches.get('odd'), /BACKEND 'memcached' is not one of/)
    configure({ CACHES: { default: { BACKEND: 'database' } } })
    assert.throws(() => caches.default, /set LOCATION/)
  })

  test('closeCaches forgets the built caches; the next use builds again', async () => {
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'closing' } } })
    const before = caches.default
    await before.set('kept', true)
    await closeCaches()
    assert.equal(caches.all().length, 0)
    assert.notEqual(caches.default, before)
    assert.equal(await caches.default.get('kept'), true, 'locmem entries outlive the instance')
  })

  test('importing tango/cache registers the cache template library', () => {
    assert.ok(registeredTemplateLibraries().some((lib) => lib.extensions !== undefined && 'CacheTag' in lib.extensions))
  })
})
