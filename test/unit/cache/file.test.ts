// The file backend in a temp folder: the shared behaviour suite, plus its files (named by hash,
// written whole, removed by clear without touching anything else).
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { CACHE_SUFFIX, FileBasedCache } from 'tango/cache'
import type { BaseCache } from 'tango/cache'
import { cacheBehaviour } from './behaviour.ts'

describe('cache backend: file', () => {
  const root = mkdtempSync(join(tmpdir(), 'tango-file-cache-'))
  after(() => rmSync(root, { recursive: true, force: true }))
  let n = 0

  cacheBehaviour({
    make: (extra = {}) => new FileBasedCache({ alias: 'default', setting: { BACKEND: 'file', LOCATION: join(root, `c${n++}`), ...extra } }),
    count: async (cache: BaseCache) => readdirSync((cache as FileBasedCache).dir).filter((f) => f.endsWith(CACHE_SUFFIX)).length,
  })

  test('one file per key, named by the SHA-256 of the full key, holding the expiry and the JSON value', async () => {
    const dir = join(root, 'layout')
    const c = new FileBasedCache({ alias: 'x', setting: { BACKEND: 'file', LOCATION: dir } })
    await c.set('a', { v: 1 }, null)
    await c.set('b', 2, 60)
    const files = readdirSync(dir).sort()
    assert.equal(files.length, 2, 'no temporary files left behind')
    for (const f of files) assert.match(f, /^[0-9a-f]{64}\.tcache$/)
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'))
    assert.ok(texts.includes('never\n{"v":1}'))
    assert.ok(texts.some((t) => /^\d{13}\n2$/.test(t)))
  })

  test('clear removes only cache files; the folder and other files stay', async () => {
    const dir = join(root, 'clear')
    const c = new FileBasedCache({ alias: 'x', setting: { BACKEND: 'file', LOCATION: dir } })
    await c.set('a', 1)
    writeFileSync(join(dir, 'README'), 'keep me')
    await c.clear()
    assert.deepEqual(readdirSync(dir), ['README'])
  })

  test('concurrent add of one key: exactly one wins', async () => {
    const dir = join(root, 'race')
    const c = new FileBasedCache({ alias: 'x', setting: { BACKEND: 'file', LOCATION: dir } })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.add('once', i)))
    assert.equal(results.filter(Boolean).length, 1)
    assert.equal(await c.get('once'), results.indexOf(true))
  })

  test('a relative LOCATION resolves against BASE_DIR, and LOCATION is required', () => {
    assert.throws(() => new FileBasedCache({ alias: 'x', setting: { BACKEND: 'file' } }), /set LOCATION/)
  })
})
