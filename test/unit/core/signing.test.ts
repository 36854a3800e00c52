import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ImproperlyConfigured } from '../../../framework/src/core/errors.ts'
import { configure } from '../../../framework/src/core/settings.ts'
import {
  BadSignature, SignatureExpired, Signer, TimestampSigner, constantTimeCompare, getRandomString, saltedHmac, signing,
} from '../../../framework/src/core/signing.ts'

configure({ SECRET_KEY: 'current-key-0123456789', SECRET_KEY_FALLBACKS: [] })

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
function b62(n: number): string {
  let out = ''
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) out = B62[rest % 62] + out
  return out || '0'
}

/** Flips one character of `text` at `index` to another base64url character. */
function tamper(text: string, index: number): string {
  const ch = text[index] === 'A' ? 'B' : 'A'
  return text.slice(0, index) + ch + text.slice(index + 1)
}

describe('Signer', () => {
  test('round-trips a value and the signature is base64url SHA-256 (43 characters)', () => {
    const signer = new Signer()
    const signed = signer.sign('hello:world')
    assert.match(signed, /^hello:world:[A-Za-z0-9_-]{43}$/)
    assert.equal(signer.unsign(signed), 'hello:world')
  })

  test("matches Django's salted_hmac construction", async () => {
    const { createHash, createHmac } = await import('node:crypto')
    const key = createHash('sha256').update('tango.core.signing.Signersigner' + 'current-key-0123456789').digest()
    const expected = createHmac('sha256', key).update('v').digest('base64url')
    assert.equal(new Signer().signature('v'), expected)
    assert.deepEqual(saltedHmac('tango.core.signing.Signersigner', 'v'), createHmac('sha256', key).update('v').digest())
  })

  test('one byte tampered anywhere is a BadSignature', () => {
    const signer = new Signer()
    const signed = signer.sign('amount=100')
    for (const index of [0, 5, signed.length - 1, signed.length - 20]) {
      assert.throws(() => signer.unsign(tamper(signed, index)), (e: unknown) => e instanceof BadSignature && e.code === 'E_BAD_SIGNATURE')
    }
    assert.throws(() => signer.unsign('no separator here'), BadSignature)
    assert.throws(() => signer.unsign(`${signed}x`), BadSignature)
  })

  test('a different salt or key fails', () => {
    const signed = new Signer({ salt: 'one' }).sign('x')
    assert.throws(() => new Signer({ salt: 'two' }).unsign(signed), BadSignature)
    assert.throws(() => new Signer({ salt: 'one', key: 'another-key' }).unsign(signed), BadSignature)
    assert.equal(new Signer({ salt: 'one' }).unsign(signed), 'x')
  })

  test('a fallback key verifies but never signs (key rotation)', () => {
    const old = new Signer({ key: 'old-key' }).sign('v')
    const rotated = new Signer({ key: 'new-key', fallbackKeys: ['old-key'] })
    assert.equal(rotated.unsign(old), 'v')
    assert.equal(rotated.sign('v'), new Signer({ key: 'new-key' }).sign('v'))
    assert.throws(() => new Signer({ key: 'new-key' }).unsign(old), BadSignature)
  })

  test('SECRET_KEY_FALLBACKS from settings are accepted on verify', () => {
    const old = new Signer({ key: 'retired-key' }).sign('v')
    configure({ SECRET_KEY: 'current-key-0123456789', SECRET_KEY_FALLBACKS: ['retired-key'] })
    try {
      assert.equal(new Signer().unsign(old), 'v')
      assert.deepEqual(signing.loads(signing.dumps([1], { key: 'retired-key' })), [1])
    } finally {
      configure({ SECRET_KEY: 'current-key-0123456789', SECRET_KEY_FALLBACKS: [] })
    }
  })

  test('refuses an unsafe separator and an empty SECRET_KEY', () => {
    assert.throws(() => new Signer({ sep: 'a' }), TypeError)
    assert.throws(() => new Signer({ sep: '' }), TypeError)
    configure({ SECRET_KEY: '' })
    try {
      assert.throws(() => new Signer(), ImproperlyConfigured)
    } finally {
      configure({ SECRET_KEY: 'current-key-0123456789' })
    }
  })

  test('signObject round-trips JSON, compressed when that is shorter', () => {
    const signer = new Signer()
    const value = { text: 'ü'.repeat(200), list: [1, 2, null] }
    const compressed = signer.signObject(value, { compress: true })
    assert.ok(compressed.startsWith('.'))
    assert.deepEqual(signer.unsignObject(compressed), value)
    const plain = signer.signObject({ a: 1 }, { compress: true })
    assert.ok(!plain.startsWith('.'), 'tiny payloads stay uncompressed')
    assert.deepEqual(signer.unsignObject(plain), { a: 1 })
  })
})

describe('TimestampSigner', () => {
  test('round-trips within maxAge', () => {
    const signer = new TimestampSigner()
    const signed = signer.sign('v')
    assert.match(signed, /^v:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/)
    assert.equal(signer.unsign(signed, { maxAge: 60 }), 'v')
    assert.equal(signer.unsign(signed), 'v')
  })

  test('an old signature is SignatureExpired (also a BadSignature)', () => {
    // Sign `value:<timestamp 100 s ago>` with the same salt: exactly what TimestampSigner would have written then.
    const salt = 'expiry-test'
    const old = new Signer({ salt }).sign(`v:${b62(Math.floor(Date.now() / 1000) - 100)}`)
    const signer = new TimestampSigner({ salt })
    assert.equal(signer.unsign(old, { maxAge: 1000 }), 'v')
    assert.throws(() => signer.unsign(old, { maxAge: 10 }), (e: unknown) => e instanceof SignatureExpired && e.code === 'E_SIGNATURE_EXPIRED')
    assert.throws(() => signer.unsign(old, { maxAge: 10 }), BadSignature)
  })

  test('a tampered timestamp is a BadSignature', () => {
    const signer = new TimestampSigner()
    const signed = signer.sign('v')
    assert.throws(() => signer.unsign(tamper(signed, 2)), BadSignature)
  })
})

describe('signing.dumps / loads', () => {
  test('round trip with a salt and compression', () => {
    const value = { user: 42, roles: ['a', 'b'], note: 'x'.repeat(100) }
    const token = signing.dumps(value, { salt: 'reset', compress: true })
    assert.ok(token.startsWith('.'))
    assert.deepEqual(signing.loads(token, { salt: 'reset', maxAge: 60 }), value)
  })

  test('different salt fails; tampered fails; expired fails', () => {
    const token = signing.dumps({ a: 1 }, { salt: 'one' })
    assert.throws(() => signing.loads(token, { salt: 'two' }), BadSignature)
    assert.throws(() => signing.loads(tamper(token, 3), { salt: 'one' }), BadSignature)
    assert.throws(() => signing.loads(token, { salt: 'one', maxAge: -1 }), SignatureExpired)
  })

  test('a validly signed payload that is not JSON is a BadSignature, not a SyntaxError', () => {
    const token = new TimestampSigner({ salt: 'tango.core.signing' }).sign('not-base64-json')
    assert.throws(() => signing.loads(token), BadSignature)
  })
})

describe('crypto helpers', () => {
  test('constantTimeCompare', () => {
    assert.equal(constantTimeCompare('abc', 'abc'), true)
    assert.equal(constantTimeCompare('abc', 'abd'), false)
    assert.equal(constantTimeCompare('abc', 'abcd'), false)
  })

  test('getRandomString uses the alphabet and length', () => {
    const s = getRandomString(32, 'ab')
    assert.equal(s.length, 32)
    assert.match(s, /^[ab]+$/)
    assert.notEqual(getRandomString(32), getRandomString(32))
  })
})
