/**
 * Opens a SQLite database with better-sqlite3 (loaded on first query): WAL journal, foreign keys
 * on, `busy_timeout` from `OPTIONS.busyTimeout` (default 5000 ms), 64-bit safe integers, and the
 * query layer's SQL functions (`tango_regexp`).
 *
 * @module
 */
import { Kysely, SqliteDialect } from 'kysely'
import type { SqliteDatabase, SqliteStatement } from 'kysely'
import { ImproperlyConfigured } from '../../../core/errors.ts'
import type { DatabaseConfig, UntypedDatabase } from '../base/types.ts'
import { BaseDatabaseWrapper } from '../base/wrapper.ts'
import { sqliteFeatures } from './features.ts'
import { SqliteOperations } from './operations.ts'
import { SafeIntegerPlugin } from './safe-integer-plugin.ts'
import { SqliteSchemaEditor } from './schema-editor.ts'
import { registerSqliteFunctions } from './sqlite-functions.ts'

/** Default `busy_timeout`, in milliseconds: how long a writer waits for another process's lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

async function openDatabase(config: DatabaseConfig): Promise<SqliteDatabase> {
  const timeout = config.options.busyTimeout ?? DEFAULT_BUSY_TIMEOUT_MS
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw new ImproperlyConfigured(`DATABASES['${config.alias}'].OPTIONS.busyTimeout must be a number of milliseconds.`)
  const { default: Database } = await import('better-sqlite3')
  const filename = config.filename ?? ':memory:'
  const database = new Database(filename, { timeout })
  database.pragma(`busy_timeout = ${Math.floor(timeout)}`)
  if (filename !== ':memory:') database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.defaultSafeIntegers(true)
  // The `regex`/`iregex` lookups compile to tango_regexp(): SQLite has no REGEXP of its own.
  registerSqliteFunctions(database)
  return withStatementCache(database)
}

/** How many prepared statements a connection keeps (least recently used go first). */
const STATEMENT_CACHE_SIZE = 256
/** Longer SQL (a big `bulkCreate` batch, say) is rarely run twice: prepared and dropped. */
const STATEMENT_CACHE_MAX_SQL = 8192
/** Only data statements are kept: DDL runs once, and PRAGMAs may change what a statement means. */
const CACHEABLE = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH)\b/i

/**
 * `database` with its prepared statements kept for reuse, so a page's queries are parsed once per
 * worker rather than once per request (kysely's driver prepares on every query). Safe because the
 * driver runs one statement at a time per connection, and SQLite re-prepares a statement by itself
 * when the schema changes under it.
 */
function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql)
      if (cached !== undefined) {
        // Map order is the LRU order: move the hit to the back.
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const statement = database.prepare(sql)
      if (sql.length <= STATEMENT_CACHE_MAX_SQL && CACHEABLE.test(sql)) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
        cache.set(sql, statement)
      }
      return statement
    },
  }
}

/** Makes the wrapper of a SQLite `DATABASES` entry. Nothing is opened until the first query. */
export function createSqliteWrapper(config: DatabaseConfig): BaseDatabaseWrapper {
  const kysely = new Kysely<UntypedDatabase>({
    dialect: new SqliteDialect({ database: () => openDatabase(config) }),
    plugins: [new SafeIntegerPlugin()],
  })
  return new BaseDatabaseWrapper({
    config,
    kysely,
    ops: new SqliteOperations(),
    features: sqliteFeatures,
    makeSchemaEditor: (options) => new SqliteSchemaEditor(options),
  })
}
