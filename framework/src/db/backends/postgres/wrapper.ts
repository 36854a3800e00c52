/**
 * Opens a PostgreSQL pool with pg, imported only when the first query runs (so SQLite projects never
 * load it). One pool per alias per process; `OPTIONS` go to `pg.Pool` (`max` defaults to 10).
 * Type parsers: int8 → `number` when it fits in 2^53 else `bigint`; numeric stays text; date and
 * time stay text (no time-zone shift); timestamptz → `Date`; jsonb parsed; bytea → `Buffer`.
 *
 * @module
 */
import { Kysely, PostgresDialect } from 'kysely'
import type { PostgresPool } from 'kysely'
import type { DatabaseConfig, UntypedDatabase } from '../base/types.ts'
import { BaseDatabaseWrapper } from '../base/wrapper.ts'
import { postgresFeatures } from './features.ts'
import { PostgresOperations } from './operations.ts'
import { PostgresSchemaEditor } from './schema-editor.ts'
import { getLogger } from '../../../core/logging.ts'

const INT8 = 20
const DATE = 1082
const NUMERIC = 1700

function parseInt8(text: string): number | bigint {
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : BigInt(text)
}

async function openPool(config: DatabaseConfig): Promise<PostgresPool> {
  const pg = await import('pg')
  const Pool = pg.default.Pool
  const builtins = pg.default.types
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
      if (oid === INT8) return parseInt8
      if (oid === DATE || oid === NUMERIC) return (text: string) => text
      return format === 'binary' ? builtins.getTypeParser(oid, 'binary') : builtins.getTypeParser(oid, 'text')
    },
  }
  const pool = new Pool({ max: 10, ...config.options, connectionString: config.url, types })
  // An idle pooled connection that the server ends (a restart, pg_terminate_backend, DROP DATABASE
  // ... WITH (FORCE)) makes the pool emit 'error'; without a listener that event would crash the
  // worker. The pool has already dropped the client: the next query opens a new one.
  pool.on('error', (error: Error) => {
    getLogger('tango.db.backends').warn({ alias: config.alias, err: error.message }, 'an idle PostgreSQL connection was closed by the server')
  })
  // The cast is the driver boundary: pg.Pool satisfies kysely's structural PostgresPool.
  return pool as unknown as PostgresPool
}

/** Makes the wrapper of a PostgreSQL `DATABASES` entry. The pool is created on the first query. */
export function createPostgresWrapper(config: DatabaseConfig): BaseDatabaseWrapper {
  const kysely = new Kysely<UntypedDatabase>({ dialect: new PostgresDialect({ pool: () => openPool(config) }) })
  return new BaseDatabaseWrapper({
    config,
    kysely,
    ops: new PostgresOperations(),
    features: postgresFeatures,
    makeSchemaEditor: (options) => new PostgresSchemaEditor(options),
  })
}
