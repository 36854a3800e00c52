// The database backend on every database: the shared behaviour suite on a table made by
// createcachetable, plus the command itself and the rows it writes.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { sql } from 'kysely'
import { DatabaseCache, caches, createCacheTable, createcachetableCommand } from 'tango/cache'
import type { BaseCache } from 'tango/cache'
import { db } from 'tango/db'
import { forEachDatabase } from '../../helpers/databases.ts'
import { cacheBehaviour } from './behaviour.ts'

const TABLE = 'tango_cache_table'

async function captureStdout(fn: () => unknown): Promise<string> {
  const write = process.stdout.write.bind(process.stdout)
  let out = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    await fn()
  } finally {
    process.stdout.write = write
  }
  return out
}

forEachDatabase('cache backend: database', () => {
  before(async () => {
    assert.match(await captureStdout(() => createcachetableCommand.run([])), /ready/)
  })

  cacheBehaviour({
    make: (extra = {}) => new DatabaseCache({ alias: 'default', setting: { BACKEND: 'database', LOCATION: TABLE, ...extra } }),
    count: async (cache: BaseCache) => (cache as DatabaseCache).count(),
  })

  test('createcachetable creates the table of each database cache in CACHES, and is idempotent', async () => {
    const out = await captureStdout(() => createcachetableCommand.run([]))
    assert.match(out, /Cache table 'tango_cache_table' ready/)
    const dry = await captureStdout(() => createcachetableCommand.run(['--dry-run', 'other_table']))
    assert.match(dry, /CREATE TABLE IF NOT EXISTS "other_table"/)
    await assert.rejects(sql`SELECT * FROM other_table`.execute(db()), 'dry run created nothing')
    await createCacheTable('other_table')
    await sql`SELECT * FROM other_table`.execute(db())
  })

  test('the default cache from CACHES stores rows: key, serialized value, expiry in ms', async () => {
    const cache = caches.get('default')
    assert.ok(cache instanceof DatabaseCache)
    await cache.set('row', { a: 1 }, 60)
    const rows = (await sql`SELECT cache_key, value, expires FROM tango_cache_table WHERE cache_key = ':1:row'`.execute(db())).rows as { value: string; expires: unknown }[]
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.value, '{"a":1}')
    const expires = Number(rows[0]?.expires)
    assert.ok(Math.abs(expires - (Date.now() + 60_000)) < 5_000, String(expires))
  })

  test('a row written by another process (or an attacker) with code in it is read as data, never run', async () => {
    const cache = caches.get('default')
    const evil = JSON.stringify('require("child_process").execSync("touch /tmp/pwned")')
    await sql`INSERT INTO tango_cache_table (cache_key, value, expires) VALUES (':1:evil', ${evil}, ${Date.now() + 60_000})`.execute(db())
    assert.equal(await cache.get('evil'), 'require("child_process").execSync("touch /tmp/pwned")')
    await sql`INSERT INTO tango_cache_table (cache_key, value, expires) VALUES (':1:junk', ${'{"$t":"fn","v":"x"}'}, ${Date.now() + 60_000})`.execute(db())
    assert.equal(await cache.get('junk', 'miss'), 'miss', 'an unknown tag is a miss')
  })
}, { settings: { CACHES: { default: { BACKEND: 'database', LOCATION: TABLE } } } })

