import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { BadRequest, DisallowedHost } from '../../../framework/src/http/errors.ts'
import { QueryDict } from '../../../framework/src/http/query-dict.ts'
import { Request } from '../../../framework/src/http/request.ts'

function make(init: Partial<ConstructorParameters<typeof Request>[0]> = {}): Request {
  return new Request({ method: 'get', url: '/', headers: {}, ...init })
}

describe('Request', () => {
  test('splits and decodes the target; the method is upper-cased', () => {
    const r = make({ url: '/caf%C3%A9/x?a=1&a=2' })
    assert.equal(r.method, 'GET')
    assert.equal(r.path, '/café/x')
    assert.equal(r.rawPath, '/caf%C3%A9/x')
    assert.equal(r.queryString, 'a=1&a=2')
    assert.deepEqual(r.query.getAll('a'), ['1', '2'])
  })

  test('a bad percent-encoding in the path throws BadRequest at construction', () => {
    assert.throws(() => make({ url: '/%E0%A4%A' }), (e: unknown) => e instanceof BadRequest && e.code === 'E_BAD_PERCENT_ENCODING')
  })

  test('the query is parsed lazily: a bad one only fails when read', () => {
    const r = make({ url: '/?a=%zz' })
    assert.throws(() => r.query, BadRequest)
  })

  test('X-Forwarded-For is believed only from FORWARDED_ALLOW_IPS (addresses and CIDR ranges)', () => {
    const headers = { 'x-forwarded-for': '203.0.113.9, 10.0.0.7' }
    configure({ FORWARDED_ALLOW_IPS: [] })
    assert.equal(make({ headers, remoteAddress: '10.0.0.1' }).clientAddress, '10.0.0.1')
    configure({ FORWARDED_ALLOW_IPS: ['10.0.0.1'] })
    assert.equal(make({ headers, remoteAddress: '10.0.0.1' }).clientAddress, '10.0.0.7', 'the nearest untrusted hop')
    assert.equal(make({ headers, remoteAddress: '198.51.100.1' }).clientAddress, '198.51.100.1', 'untrusted peer: header ignored')
    configure({ FORWARDED_ALLOW_IPS: ['10.0.0.0/8'] })
    assert.equal(make({ headers, remoteAddress: '::ffff:10.1.2.3' }).clientAddress, '203.0.113.9', 'both proxies trusted by range')
    configure({ FORWARDED_ALLOW_IPS: ['*'] })
    assert.equal(make({ headers: { 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '192.0.2.1' }).clientAddress, '203.0.113.9')
    configure({})
  })

  test('getHost checks ALLOWED_HOSTS and refuses testserver from the wire', () => {
    configure({ ALLOWED_HOSTS: ['.example.com'] })
    assert.equal(make({ headers: { host: 'www.example.com:8000' } }).getHost(), 'www.example.com:8000')
    assert.throws(() => make({ headers: { host: 'evil.test' } }).getHost(), DisallowedHost)
    assert.throws(() => make({ headers: { host: 'testserver' } }).getHost(), DisallowedHost)
    configure({})
  })

  test('cookies and the content type are parsed from headers', () => {
    const r = make({ headers: { cookie: 'a=1; b="two"; c=%E2%9C%93', 'content-type': 'Application/JSON; charset=utf-8' } })
    assert.deepEqual({ ...r.cookies }, { a: '1', b: 'two', c: '✓' })
    assert.equal(r.contentType, 'application/json')
  })

  test('body() is read once and replayed by stream(); form() is empty for other types', async () => {
    const r = make({ method: 'POST', body: new TextEncoder().encode('{"x":1}'), headers: { 'content-type': 'application/json' } })
    assert.deepEqual(await r.json(), { x: 1 })
    assert.equal((await r.body()).toString(), '{"x":1}')
    let streamed = ''
    for await (const chunk of r.stream()) streamed += Buffer.from(chunk).toString()
    assert.equal(streamed, '{"x":1}')
    assert.equal((await r.form()).size, 0)
  })

  test('a body consumed by stream() cannot be read again: a clear error, not an empty body', async () => {
    const r = make({ method: 'POST', body: (async function* () { yield new TextEncoder().encode('abc') })(), headers: { 'transfer-encoding': 'chunked' } })
    for await (const _ of r.stream()) { /* drain */ }
    await assert.rejects(r.body(), /E_BODY_CONSUMED|already consumed/)
  })
})

describe('QueryDict', () => {
  test('keeps every value in order; get() is the last one (Django), getAll() all', () => {
    const q = new QueryDict([['a', '1'], ['b', '2'], ['a', '3']])
    assert.equal(q.get('a'), '3')
    assert.deepEqual(q.getAll('a'), ['1', '3'])
    assert.equal(q.get('missing'), null)
    assert.deepEqual(q.getAll('missing'), [])
    assert.equal(q.has('b'), true)
    assert.deepEqual([...q], [['a', '1'], ['a', '3'], ['b', '2']])
    assert.deepEqual([...q.keys()], ['a', 'b'])
    assert.deepEqual(q.dict(), { a: '3', b: '2' })
    assert.equal(q.urlencode(), 'a=1&a=3&b=2')
  })

  test('is immutable; copy() is mutable', () => {
    const q = new QueryDict([['page', '1']])
    assert.throws(() => q.set('page', '2'), TypeError)
    const next = q.copy()
    next.set('page', '2').append('tag', 'x y')
    assert.equal(next.toString(), 'page=2&tag=x+y')
    assert.equal(q.get('page'), '1')
  })
})
