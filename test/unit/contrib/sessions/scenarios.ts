/**
 * The middleware behaviour every session engine must show, through the real handler and TestClient.
 * Called inside a suite whose `before` configured settings for the engine.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { configure, settings } from 'tango/core'
import { client } from './helpers.ts'

/** Reconfigures with `patch` for one test, then restores. */
async function withSettings(patch: Record<string, unknown>, fn: () => Promise<void>): Promise<void> {
  const before = settings
  configure({ ...before, ...patch })
  try {
    await fn()
  } finally {
    configure(before)
  }
}

/** @param options - `stored`: the engine keeps sessions server-side (an old key can be revoked). */
export function sessionScenarios(options: { readonly stored: boolean }): void {
  test('a request that never touches the session gets no cookie and no Vary', async () => {
    const c = await client()
    const response = await c.get('/untouched/')
    assert.equal(response.cookies.size, 0)
    assert.equal(response.headers.get('vary'), undefined)
  })

  test('reading an empty session sets no cookie but adds Vary: Cookie', async () => {
    const c = await client()
    const response = await c.get('/read/')
    assert.deepEqual(response.json(), { key: null, items: {} })
    assert.equal(response.cookies.size, 0)
    assert.equal(response.headers.get('vary'), 'Cookie')
  })

  test('a modified session is saved and its cookie set with the SESSION_COOKIE_* attributes', async () => {
    const c = await client()
    const response = await c.get('/set/', { query: { a: '1' } })
    const cookie = response.cookies.get('sessionid')
    assert.ok(cookie, 'cookie set')
    assert.equal(cookie.maxAge, settings.SESSION_COOKIE_AGE)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.path, '/')
    assert.equal(cookie.secure, false)
  })

  test('the session persists across requests, and an unmodified one is not re-sent', async () => {
    const c = await client()
    assert.equal((await c.get('/count/')).text(), '1')
    assert.equal((await c.get('/count/')).text(), '2')
    assert.equal((await c.get('/count/')).text(), '3')
    const read = await c.get('/read/')
    assert.deepEqual((read.json() as { items: unknown }).items, { n: 3 })
    assert.equal(read.cookies.size, 0, 'read-only request: no Set-Cookie')
    assert.equal(read.headers.get('vary'), 'Cookie')
    assert.equal((await c.get('/untouched/')).cookies.size, 0)
  })

  test('pop removes a value', async () => {
    const c = await client()
    await c.get('/set/', { query: { a: 'x', b: 'y' } })
    assert.deepEqual((await c.get('/pop/')).json(), { popped: 'x', has: false })
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, { b: 'y' })
  })

  test('a tampered session cookie is a fresh anonymous session and the cookie is deleted, never an error', async () => {
    const c = await client()
    await c.get('/set/', { query: { secret: 's' } })
    const key = c.cookies.get('sessionid')
    assert.ok(key)
    for (const bad of [`${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`, 'x'.repeat(32), 'short', '']) {
      c.cookies.set('sessionid', bad)
      const response = await c.get('/read/')
      assert.equal(response.status, 200)
      assert.deepEqual((response.json() as { items: unknown }).items, {})
      if (bad !== '') assert.equal(response.cookies.get('sessionid')?.maxAge, 0, 'the bad cookie is deleted')
    }
    // A fresh session can then be started over the bad cookie.
    c.cookies.set('sessionid', 'x'.repeat(32))
    await c.get('/set/', { query: { again: '1' } })
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, { again: '1' })
  })

  test('cycleKey keeps the data under a new key, and the old key no longer works', async () => {
    const c = await client()
    await c.get('/set/', { query: { cart: '42' } })
    const before = c.cookies.get('sessionid')
    const response = await c.get('/cycle/')
    const after = response.cookies.get('sessionid')?.value
    assert.ok(after, 'the cookie is re-sent')
    // Cookie sessions re-sign the same data: within one second that is the same value.
    if (options.stored) assert.notEqual(after, before)
    assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, { cart: '42' })
    if (options.stored && before !== undefined) {
      // Stored sessions: the old key is gone from storage, so replaying it gives an empty session.
      c.cookies.set('sessionid', before)
      assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, {})
    }
  })

  test('flush ends the session: data gone, cookie deleted', async () => {
    const c = await client()
    await c.get('/set/', { query: { a: '1' } })
    const response = await c.get('/flush/')
    assert.equal(response.cookies.get('sessionid')?.maxAge, 0)
    assert.equal(c.cookies.has('sessionid'), false)
    assert.deepEqual((await c.get('/read/')).json(), { key: null, items: {} })
  })

  test('setExpiry: seconds set the cookie Max-Age; 0 makes a browser-session cookie', async () => {
    const c = await client()
    const short = await c.get('/expiry/', { query: { seconds: 300 } })
    assert.deepEqual(short.json(), { age: 300, browserClose: false })
    assert.equal(short.cookies.get('sessionid')?.maxAge, 300)
    const browser = await c.get('/expiry/', { query: { seconds: 0 } })
    assert.deepEqual(browser.json(), { age: settings.SESSION_COOKIE_AGE, browserClose: true })
    const cookie = browser.cookies.get('sessionid')
    assert.ok(cookie)
    assert.equal(cookie.maxAge, undefined)
    assert.equal(cookie.expires, undefined)
  })

  test('SESSION_EXPIRE_AT_BROWSER_CLOSE gives cookies without Max-Age', async () => {
    await withSettings({ SESSION_EXPIRE_AT_BROWSER_CLOSE: true }, async () => {
      const c = await client()
      const cookie = (await c.get('/set/', { query: { a: '1' } })).cookies.get('sessionid')
      assert.ok(cookie)
      assert.equal(cookie.maxAge, undefined)
    })
  })

  test('SESSION_SAVE_EVERY_REQUEST re-sends the cookie of a live session on every request', async () => {
    await withSettings({ SESSION_SAVE_EVERY_REQUEST: true }, async () => {
      const c = await client()
      assert.equal((await c.get('/untouched/')).cookies.size, 0, 'an empty session is still not saved')
      await c.get('/set/', { query: { a: '1' } })
      assert.ok((await c.get('/untouched/')).cookies.get('sessionid'))
      assert.deepEqual(((await c.get('/read/')).json() as { items: unknown }).items, { a: '1' })
    })
  })

  test('cookie settings: name, domain, secure, SameSite', async () => {
    await withSettings({ SESSION_COOKIE_NAME: 'sid', SESSION_COOKIE_DOMAIN: '.example.com', SESSION_COOKIE_SECURE: true, SESSION_COOKIE_SAMESITE: 'Strict', SESSION_COOKIE_HTTPONLY: false }, async () => {
      const c = await client()
      const cookie = (await c.get('/set/', { query: { a: '1' } })).cookies.get('sid')
      assert.ok(cookie)
      assert.equal(cookie.domain, '.example.com')
      assert.equal(cookie.secure, true)
      assert.equal(cookie.sameSite, 'Strict')
      assert.equal(cookie.httpOnly, false)
    })
  })

  test('a 5xx response does not save the session', async () => {
    const c = await client()
    const response = await c.get('/fail/')
    assert.equal(response.status, 500)
    assert.equal(response.cookies.size, 0)
  })
}
