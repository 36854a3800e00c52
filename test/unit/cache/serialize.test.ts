// The safe serializer: JSON with tags, never code. A stored string that looks like code stays a
// string; forged tags cannot build anything but data.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CacheValueError, dumps, loads } from 'tango/cache'

describe('cache serializer', () => {
  test('plain JSON values serialize as plain JSON; integers as their digits', () => {
    assert.equal(dumps(42), '42')
    assert.equal(dumps('x'), '"x"')
    assert.equal(dumps({ a: [1, true, null] }), '{"a":[1,true,null]}')
  })

  test('a string that looks like code is stored and read back as that string, never run', () => {
    const g = globalThis as { pwned?: boolean }
    for (const code of ['(() => { globalThis.pwned = true })()', 'function(){globalThis.pwned=true}()', '{"$t":"date","v":"x"}', '__proto__']) {
      assert.equal(loads(dumps(code)), code)
    }
    const evil = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'
    const parsed = loads(evil) as Record<string, unknown>
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution')
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype, 'a __proto__ key stays an own property')
    assert.deepEqual(Object.keys(parsed), ['__proto__', 'constructor'])
    assert.equal(parsed.polluted, undefined)
    assert.equal(g.pwned, undefined)
  })

  test('forged tags only build data; unknown tags are errors', () => {
    assert.throws(() => loads('{"$t":"function","v":"return 1"}'), CacheValueError)
    assert.deepEqual(loads('{"$t":"obj","v":{"$t":"date"}}'), { $t: 'date' })
    assert.deepEqual(loads(dumps({ $t: 'date', v: '2020-01-01' })), { $t: 'date', v: '2020-01-01' })
  })

  test('the tagged types round-trip', () => {
    const date = new Date(0)
    assert.deepEqual(loads(dumps([date, 1n, new Map([[1, 2]]), new Set(['a']), Buffer.from('hi'), new Uint8Array([1])])), [date, 1n, new Map([[1, 2]]), new Set(['a']), Buffer.from('hi'), new Uint8Array([1])])
    const invalid = loads(dumps(new Date(Number.NaN))) as Date
    assert.ok(Number.isNaN(invalid.getTime()))
  })

  test('functions, symbols, class instances and cycles are refused', () => {
    assert.throws(() => dumps(Symbol('s')), CacheValueError)
    assert.throws(() => dumps({ f: () => 1 }), CacheValueError)
    assert.throws(() => dumps(new (class Model {})()), /A Model instance cannot be cached/)
    const shared = { x: 1 }
    assert.deepEqual(loads(dumps([shared, shared])), [{ x: 1 }, { x: 1 }], 'a repeated object is not a cycle')
  })
})
