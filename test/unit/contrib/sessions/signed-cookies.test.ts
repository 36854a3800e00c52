// The `signedCookies` session engine: the middleware scenarios with no database at all, plus what
// is particular to keeping the whole session in the cookie.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { Signer, TimestampSigner, configure, signing } from 'tango/core'
import { SignedCookieSessionStore, getSessionStore } from 'tango/contrib/sessions'
import { SECRET_KEY, client } from './helpers.ts'
import { sessionScenarios } from './scenarios.ts'

const SALT = 'tango.contrib.sessions.backends.signedCookies'

describe('sessions, signedCookies engine', () => {
  before(() => {
    // No DATABASES: this engine must never touch one.
    configure({ SECRET_KEY, SESSION_ENGINE: 'signedCookies', REQUEST_LOGGING: false, DATABASE_URL: 'sqlite:////nonexistent/dir/never.sqlite3' })
  })

  sessionScenarios({ stored: false })

  test('the cookie is the signed session itself', async () => {
    const c = await client()
    await c.get('/set/', { query: { a: '1' } })
    const value = c.cookies.get('sessionid') as string
    assert.deepEqual(signing.loads(value, { salt: SALT }), { a: '1' })
  })

  test('a cookie signed with another key, or by an older SECRET_KEY still in SECRET_KEY_FALLBACKS', async () => {
    const c = await client()
    const forged = signing.dumps({ admin: true }, { salt: SALT, key: 'attacker-key' })
    c.cookies.set('sessionid', forged)
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, {})

    const rotated = signing.dumps({ kept: true }, { salt: SALT, key: 'previous-key' })
    configure({ SECRET_KEY, SECRET_KEY_FALLBACKS: ['previous-key'], SESSION_ENGINE: 'signedCookies', REQUEST_LOGGING: false })
    try {
      const c2 = await client()
      c2.cookies.set('sessionid', rotated)
      assert.deepEqual(((await c2.get('/read/')).json() as { items: unknown }).items, { kept: true })
    } finally {
      configure({ SECRET_KEY, SESSION_ENGINE: 'signedCookies', REQUEST_LOGGING: false })
    }
  })

  test('a cookie older than SESSION_COOKIE_AGE is a fresh session', async () => {
    // What TimestampSigner would have written SESSION_COOKIE_AGE + 60 seconds ago.
    const stamp = new TimestampSigner({ salt: SALT }).sign('x').split(':')[1] as string
    assert.ok(stamp)
    const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
    let n = Math.floor(Date.now() / 1000) - 1_209_600 - 60
    let old = ''
    for (; n > 0; n = Math.floor(n / 62)) old = B62[n % 62] + old
    const payload = Buffer.from(JSON.stringify({ stale: true })).toString('base64url')
    const cookie = new Signer({ salt: SALT }).sign(`${payload}:${old}`)
    const store = new SignedCookieSessionStore(cookie)
    assert.deepEqual(await store.items(), [])
    assert.equal(store.sessionKey, null)
    const fresh = new SignedCookieSessionStore(new Signer({ salt: SALT }).sign(`${payload}:${stamp}`))
    assert.deepEqual(await fresh.items(), [['stale', true]])
  })

  test('listing or ending sessions is refused: nothing is stored server-side', async () => {
    const Store = getSessionStore()
    assert.equal(Store, SignedCookieSessionStore)
    await assert.rejects(Store.listForUser('1'), { code: 'E_SESSION_NOT_SUPPORTED' })
    await assert.rejects(Store.endOthers('1', null), { code: 'E_SESSION_NOT_SUPPORTED' })
    assert.equal(await Store.clearExpired(), 0)
  })
})
