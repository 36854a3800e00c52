// The HTTP caching helpers, as Django's tests of django.utils.cache.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { addNeverCacheHeaders, getMaxAge, hasVaryHeader, patchCacheControl, patchResponseHeaders, patchVaryHeaders } from 'tango/cache'
import { HttpResponse } from 'tango/http'

function withHeader(name: string, value?: string): HttpResponse {
  const r = new HttpResponse('')
  if (value !== undefined) r.headers.set(name, value)
  return r
}

describe('cache helpers', () => {
  test('patchVaryHeaders adds names once (case-insensitive) and collapses to *', () => {
    const cases: [string | undefined, string[], string][] = [
      [undefined, ['Accept-Encoding'], 'Accept-Encoding'],
      ['Accept-Encoding', ['accept-encoding'], 'Accept-Encoding'],
      ['Accept-Encoding', ['ACCEPT-ENCODING'], 'Accept-Encoding'],
      ['Cookie', ['Accept-Encoding'], 'Cookie, Accept-Encoding'],
      ['Cookie, Accept-Encoding', ['Accept-Encoding', 'cookie'], 'Cookie, Accept-Encoding'],
      ['*', ['Accept-Language'], '*'],
      ['Cookie', ['*'], '*'],
    ]
    for (const [initial, add, expected] of cases) {
      const r = withHeader('vary', initial)
      patchVaryHeaders(r, add)
      assert.equal(r.headers.get('vary'), expected, `${initial} + ${add.join()}`)
    }
    assert.equal(hasVaryHeader(withHeader('vary', 'Accept, Cookie'), 'cookie'), true)
    assert.equal(hasVaryHeader(withHeader('vary', 'Accept'), 'Cookie'), false)
  })

  test('patchCacheControl merges directives: smaller max-age wins, private and public replace each other, no-cache lists fields', () => {
    const cases: [string | undefined, Record<string, string | number | boolean>, string][] = [
      [undefined, { private: true }, 'private'],
      ['no-cache', { noStore: true }, 'no-cache, no-store'],
      ['max-age=10', { maxAge: 100 }, 'max-age=10'],
      ['max-age=100', { max_age: 10 }, 'max-age=10'],
      ['public', { private: true }, 'private'],
      ['private', { public: true }, 'public'],
      ['private, max-age=5', { 's-maxage': 3 }, 'private, max-age=5, s-maxage=3'],
      ['no-cache="Set-Cookie"', { noCache: 'foo' }, 'no-cache=Set-Cookie, no-cache=foo'.replace('Set-Cookie', '"Set-Cookie"')],
      ['no-cache="Set-Cookie"', { noCache: true }, 'no-cache'],
      ['public, max-age=3', { public: false }, 'max-age=3'],
    ]
    for (const [initial, directives, expected] of cases) {
      const r = withHeader('cache-control', initial)
      patchCacheControl(r, directives)
      assert.equal(r.headers.get('cache-control'), expected, `${initial} + ${JSON.stringify(directives)}`)
    }
  })

  test('getMaxAge reads an integer max-age, else null', () => {
    assert.equal(getMaxAge(withHeader('cache-control', 'public, max-age=3600')), 3600)
    assert.equal(getMaxAge(withHeader('cache-control', 'max-age=abc')), null)
    assert.equal(getMaxAge(withHeader('cache-control')), null)
  })

  test('patchResponseHeaders sets Expires (unless present) and max-age; addNeverCacheHeaders forbids caching', () => {
    const r = new HttpResponse('')
    patchResponseHeaders(r, 120)
    assert.equal(r.headers.get('cache-control'), 'max-age=120')
    assert.ok(Math.abs(Date.parse(r.headers.get('expires') ?? '') - Date.now() - 120_000) < 2000)
    const kept = withHeader('expires', 'Thu, 01 Jan 2099 00:00:00 GMT')
    patchResponseHeaders(kept, 10)
    assert.equal(kept.headers.get('expires'), 'Thu, 01 Jan 2099 00:00:00 GMT')
    const never = new HttpResponse('')
    addNeverCacheHeaders(never)
    assert.equal(never.headers.get('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private')
    assert.ok(Date.parse(never.headers.get('expires') ?? '') <= Date.now() + 1000)
  })
})
