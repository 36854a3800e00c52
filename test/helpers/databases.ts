/**
 * Runs a suite on every database: SQLite always (a fresh file in a temp dir), PostgreSQL when
 * `TEST_DATABASE_URL` is set (a fresh database `tango_t_<random>` created on that server and dropped
 * after). In CI (`CI=true`) a missing `TEST_DATABASE_URL` is a failing test, never a skip; elsewhere
 * one line says the PostgreSQL runs are skipped.
 *
 * Each suite `configure()`s settings with `DATABASES.default` pointing at its database (plus the
 * `settings` you pass) and resets `connections` before and after.
 *
 * @example
 * ```ts
 * forEachDatabase('QuerySet.filter', (ctx) => {
 *   test('finds rows', async () => { const conn = ctx.connection(); ... })
 * })
 * ```
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { configure } from '../../framework/src/core/settings.ts'
import type { SettingsInput } from '../../framework/src/core/settings.ts'
import type { DatabaseWrapper, Vendor } from '../../framework/src/db/backends/base/types.ts'
import { connections } from '../../framework/src/db/connection.ts'

/** What a suite body gets. */
export interface DatabaseContext {
  readonly vendor: Vendor
  /** The database URL of this run (available once the suite's `before` hook ran). */
  url(): string
  /** `connections.get('default')` of this run. */
  connection(): DatabaseWrapper
}

/** Options of {@link forEachDatabase}. */
export interface ForEachDatabaseOptions {
  /** Extra settings to configure (DATABASES is set by the helper). */
  readonly settings?: SettingsInput
  /** Only these vendors (default both). */
  readonly vendors?: readonly Vendor[]
}

let skipNoticePrinted = false

/** `postgres://.../test` → the same server with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const pg = await import('pg')
  const client = new pg.default.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * Defines `describe(`${name} [sqlite]`)` and `describe(`${name} [postgresql]`)` around `body`.
 * @param name - the suite name.
 * @param body - defines tests; called once per database.
 */
export function forEachDatabase(name: string, body: (ctx: DatabaseContext) => void, options: ForEachDatabaseOptions = {}): void {
  const vendors = options.vendors ?? ['sqlite', 'postgresql']
  if (vendors.includes('sqlite')) {
    describe(`${name} [sqlite]`, () => {
      let dir = ''
      let url = ''
      before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'tango-db-'))
        url = `sqlite:///${join(dir, 'test.sqlite3')}`
        await connections.reset()
        configure({ ...options.settings, BASE_DIR: dir, DATABASES: { default: { URL: url } } })
      })
      after(async () => {
        await connections.reset()
        rmSync(dir, { recursive: true, force: true })
      })
      body({ vendor: 'sqlite', url: () => url, connection: () => connections.get('default') })
    })
  }
  if (!vendors.includes('postgresql')) return
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    if (process.env.CI === 'true') {
      describe(`${name} [postgresql]`, () => {
        test('TEST_DATABASE_URL is set in CI', () => {
          assert.fail('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the suite cannot run (set it, e.g. postgres://postgres@127.0.0.1:5432/test).')
        })
      })
    } else if (!skipNoticePrinted) {
      skipNoticePrinted = true
      process.stderr.write('PostgreSQL tests skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.\n')
    }
    return
  }
  describe(`${name} [postgresql]`, () => {
    const database = `tango_t_${randomBytes(6).toString('hex')}`
    const url = withDatabase(serverUrl, database)
    before(async () => {
      await adminQuery(serverUrl, `CREATE DATABASE ${database}`)
      await connections.reset()
      configure({ ...options.settings, DATABASES: { default: { URL: url, OPTIONS: { max: 4 } } } })
    })
    after(async () => {
      await connections.reset()
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    })
    body({ vendor: 'postgresql', url: () => url, connection: () => connections.get('default') })
  })
}

/** A fresh database for a suite whose code runs in child processes (servers, the CLI). */
export interface DatabaseTarget {
  readonly vendor: Vendor
  /** Creates the database (a SQLite file in `dir`, or a new PostgreSQL database) and returns its URL. */
  setUp(dir: string): Promise<string>
  /** Drops what `setUp` created (the SQLite file goes with the caller's `dir`). */
  tearDown(): Promise<void>
}

function sqliteTarget(): DatabaseTarget {
  return { vendor: 'sqlite', setUp: (dir) => Promise.resolve(`sqlite:///${join(dir, 'db.sqlite3')}`), tearDown: () => Promise.resolve() }
}

function postgresTarget(serverUrl: string): DatabaseTarget {
  const database = `tango_t_${randomBytes(6).toString('hex')}`
  let created = false
  return {
    vendor: 'postgresql',
    async setUp() {
      await adminQuery(serverUrl, `CREATE DATABASE ${database}`)
      created = true
      return withDatabase(serverUrl, database)
    },
    async tearDown() {
      if (created) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    },
  }
}

/**
 * Calls `suite` once per database for code that runs out of process (nothing is `configure()`d here):
 * SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set; in CI a missing URL is a failing test,
 * elsewhere a one-line notice.
 */
export function forEachDatabaseTarget(name: string, suite: (target: DatabaseTarget) => void): void {
  suite(sqliteTarget())
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    suite(postgresTarget(serverUrl))
  } else if (process.env.CI === 'true') {
    test(`${name}: TEST_DATABASE_URL is set in CI`, () => {
      assert.fail('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of this suite cannot run (set it, e.g. postgres://postgres@127.0.0.1:5432/test).')
    })
  } else {
    process.stderr.write(`PostgreSQL runs of ${name} skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.\n`)
  }
}

/** Runs one SQL statement on the database at `url` (SQLite or PostgreSQL) and returns the rows. */
export async function queryDatabase(url: string, statement: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(url.replace(/^sqlite:\/\/\//, ''))
    try {
      const prepared = db.prepare(statement.replace(/\$\d+/g, '?'))
      return prepared.reader ? (prepared.all(...params) as Record<string, unknown>[]) : (prepared.run(...params), [])
    } finally {
      db.close()
    }
  }
  const pg = await import('pg')
  const client = new pg.default.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(statement, [...params])).rows as Record<string, unknown>[]
  } finally {
    await client.end()
  }
}
