import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configure } from '../../../../framework/src/core/settings.ts'
import { parseDatabaseUrl } from '../../../../framework/src/db/backends/base/config.ts'
import { connections, db } from '../../../../framework/src/db/connection.ts'

describe('database URLs', () => {
  test('resolve a relative SQLite path against BASE_DIR', () => {
    assert.equal(parseDatabaseUrl('default', 'sqlite:///db.sqlite3', '/srv/site').filename, '/srv/site/db.sqlite3')
  })
  test('keep an absolute SQLite path', () => {
    assert.equal(parseDatabaseUrl('default', 'sqlite:////var/db/x.sqlite3', '/srv').filename, '/var/db/x.sqlite3')
  })
  test('know the in-memory forms', () => {
    assert.equal(parseDatabaseUrl('default', 'sqlite::memory:', '/').filename, ':memory:')
  })
  test('take postgres and postgresql URLs', () => {
    assert.equal(parseDatabaseUrl('x', 'postgres://u@h:5432/d', '/').vendor, 'postgresql')
    assert.equal(parseDatabaseUrl('x', 'postgresql://u@h/d', '/').vendor, 'postgresql')
  })
  test('reject other schemes, naming the alias', () => {
    assert.throws(() => parseDatabaseUrl('reports', 'mysql://h/d', '/'), /Database 'reports'.*unsupported/)
  })
})

describe('connections', () => {
  test('give one wrapper per alias and name an unknown alias', async () => {
    configure({ DATABASES: { default: { URL: 'sqlite::memory:' }, other: { URL: 'sqlite::memory:' } } })
    await connections.reset()
    const a = connections.get()
    assert.equal(a, connections.get('default'))
    assert.notEqual(a, connections.get('other'))
    assert.equal(a.vendor, 'sqlite')
    assert.throws(() => connections.get('nope'), /connection 'nope' doesn't exist.*'default', 'other'/)
    await connections.closeAll()
  })
  test('fall back to DATABASE_URL when DATABASES is null', async () => {
    configure({ DATABASE_URL: 'sqlite::memory:' })
    await connections.reset()
    const { rows } = await (await import('kysely')).sql<{ v: number }>`select 1 + 1 as v`.execute(db())
    assert.equal(rows[0]?.v, 2)
    await connections.reset()
  })
  test('require a default entry in DATABASES', async () => {
    configure({ DATABASES: { main: { URL: 'sqlite::memory:' } } })
    await connections.reset()
    assert.throws(() => connections.get(), /must define 'default'/)
    configure({})
  })
})
