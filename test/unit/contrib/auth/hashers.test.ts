// Password hashing: argon2id by default, PBKDF2-SHA256 in Django's format, upgrades of old hashes on
// a successful check, the 4,096-byte limit and unusable passwords. Cheap argon2 parameters keep the
// file fast; one test uses the real defaults.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import {
  Argon2PasswordHasher, MAX_PASSWORD_BYTES, PBKDF2PasswordHasher, PasswordTooLong, checkPassword, getPasswordHashers, identifyHasher,
  isPasswordUsable, makePassword, setPasswordHashers, unusablePassword,
} from 'tango/contrib/auth'

const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })
const fastPbkdf2 = new PBKDF2PasswordHasher({ iterations: 1000 })

describe('password hashers', () => {
  after(() => setPasswordHashers(null))

  test('the default list is argon2 then pbkdf2_sha256, with Django\'s argon2 parameters', async () => {
    setPasswordHashers(null)
    assert.deepEqual(getPasswordHashers().map((h) => h.algorithm), ['argon2', 'pbkdf2_sha256'])
    const encoded = await makePassword('correct horse')
    assert.match(encoded, /^argon2\$argon2id\$v=19\$m=102400,p=8,t=2\$[^$]+\$[^$]+$/)
    assert.equal(await checkPassword('correct horse', encoded), true)
    assert.equal(await checkPassword('wrong horse', encoded), false)
  })

  test('a hash made with older argon2 parameters verifies and is re-hashed through the setter', async () => {
    setPasswordHashers([cheap, fastPbkdf2])
    const old = await makePassword('s3cret!')
    assert.match(old, /m=4096,p=1,t=1/)
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 2, memoryCost: 8192, parallelism: 1 }), fastPbkdf2])
    const updates: string[] = []
    assert.equal(await checkPassword('s3cret!', old, async (raw) => { updates.push(await makePassword(raw)) }), true)
    assert.equal(updates.length, 1)
    assert.match(updates[0]!, /m=8192,p=1,t=2/)
    assert.equal(await checkPassword('s3cret!', updates[0]!, () => { throw new Error('current hash: no update') }), true)
    assert.equal(await checkPassword('nope', old, () => { throw new Error('wrong password: no update') }), false)
  })

  test('PBKDF2 hashes are Django\'s format and verify against a Django-made hash', async () => {
    // hashlib.pbkdf2_hmac('sha256', 'lètmein', b'seasalt', 1000, 32), base64: what Django stores.
    const django = 'pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A='
    setPasswordHashers([fastPbkdf2])
    assert.equal(await checkPassword('lètmein', django), true)
    assert.equal(await checkPassword('letmein', django), false)
    const mine = await makePassword('lètmein')
    assert.match(mine, /^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/)
    assert.equal(identifyHasher(mine), fastPbkdf2)
  })

  test('a password from an older hasher in the list is upgraded to the first hasher', async () => {
    setPasswordHashers([fastPbkdf2])
    const legacy = await makePassword('upgrade me')
    setPasswordHashers([cheap, fastPbkdf2])
    let upgraded = ''
    assert.equal(await checkPassword('upgrade me', legacy, async (raw) => { upgraded = await makePassword(raw) }), true)
    assert.match(upgraded, /^argon2\$argon2id\$/)
    // PBKDF2 with fewer iterations than configured is also outdated.
    setPasswordHashers([new PBKDF2PasswordHasher({ iterations: 2000 })])
    let again = ''
    assert.equal(await checkPassword('upgrade me', legacy, async (raw) => { again = await makePassword(raw) }), true)
    assert.match(again, /^pbkdf2_sha256\$2000\$/)
  })

  test('passwords over 4,096 bytes are rejected before hashing; 4,096 is accepted', async () => {
    setPasswordHashers([cheap])
    assert.equal(MAX_PASSWORD_BYTES, 4096)
    await assert.rejects(makePassword('x'.repeat(4097)), (error: unknown) => error instanceof PasswordTooLong && error.code === 'E_PASSWORD_TOO_LONG')
    // Bytes, not characters: 2,049 two-byte characters are 4,098 bytes.
    await assert.rejects(makePassword('é'.repeat(2049)), PasswordTooLong)
    const ok = await makePassword('x'.repeat(4096))
    assert.equal(await checkPassword('x'.repeat(4096), ok), true)
    assert.equal(await checkPassword('x'.repeat(4097), ok), false)
  })

  test('unusable passwords never match; unknown formats are a failed check', async () => {
    setPasswordHashers([cheap])
    const unusable = unusablePassword()
    assert.match(unusable, /^![A-Za-z0-9]{40}$/)
    assert.equal(isPasswordUsable(unusable), false)
    assert.equal(isPasswordUsable(await makePassword(null)), false)
    assert.equal(isPasswordUsable(null), false)
    assert.equal(isPasswordUsable(await makePassword('')), true)
    assert.equal(await checkPassword('', unusable), false)
    assert.equal(await checkPassword('x', null), false)
    assert.equal(await checkPassword('x', 'md5$abc$def'), false)
    assert.equal(await checkPassword('x', 'argon2$argon2id$garbage'), false)
    assert.throws(() => identifyHasher('md5$abc$def'), /Unknown password hashing algorithm 'md5'/)
  })
})
