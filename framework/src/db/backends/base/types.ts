/**
 * The shapes every database backend provides: the untyped kysely database type, value conversion
 * (`DatabaseOperations`), feature flags and the connection wrapper. Mirrors Django's
 * `BaseDatabaseWrapper` / `BaseDatabaseOperations` / `BaseDatabaseFeatures`.
 *
 * @module
 */
import type { Kysely } from 'kysely'
import type { FieldSpec } from '../../spec.ts'
import type { SchemaEditor, SchemaEditorOptions } from './schema-editor.ts'

/**
 * The database type given to kysely: any table name, any column, values `unknown`. The ORM knows the
 * real shape from `ModelSpec`s at run time; typed access goes through `Model.objects`. Queries written
 * against it directly (`db().selectFrom('polls_question').selectAll()`) return
 * `Record<string, unknown>` rows.
 */
export type UntypedDatabase = Record<string, Record<string, unknown>>

/** The kysely instance of a connection (or of an open transaction). */
export type UntypedKysely = Kysely<UntypedDatabase>

/** Which SQL dialect a connection speaks; the names are Django's `connection.vendor`. */
export type Vendor = 'sqlite' | 'postgresql'

/** One parsed `DATABASES` entry. */
export interface DatabaseConfig {
  readonly alias: string
  readonly vendor: Vendor
  /** The URL as written in settings. */
  readonly url: string
  /** SQLite: absolute path of the file, or `':memory:'`. `null` for PostgreSQL. */
  readonly filename: string | null
  /** `OPTIONS` from settings (SQLite: `busyTimeout` ms; PostgreSQL: `max` and any `pg.Pool` option). */
  readonly options: Readonly<Record<string, unknown>>
}

/**
 * Converts values between JavaScript and the driver, and names column types, for one vendor
 * (Django's `DatabaseOperations` + `data_types`). Values in JavaScript follow the ORM contract:
 * booleans, `Date` for dateTime (UTC), `'YYYY-MM-DD'` strings for date, `'HH:MM:SS[.ffffff]'` for time,
 * milliseconds (`number`) for duration, decimal as `string`, `bigint` for BigIntegerField, plain
 * JSON values, canonical lower-case dashed UUID strings, `Buffer` for binary. `null`/`undefined`
 * always map to SQL `NULL`.
 */
export interface DatabaseOperations {
  /**
   * A JavaScript value → a value the driver can bind for `field`'s column.
   * @throws TypeError for a value that cannot be converted (e.g. `'abc'` for a DecimalField).
   */
  toDb(field: FieldSpec, value: unknown): unknown
  /** A driver value read from `field`'s column → the JavaScript value (see above). */
  fromDb(field: FieldSpec, value: unknown): unknown
  /**
   * The column type (`varchar(200)`, `bigint`, `numeric(10, 2)`...), or `null` for a
   * ManyToManyField (no column). For a ForeignKey/OneToOneField pass the target's primary key field
   * as `target` (its type decides the column: `bigint` for a BigAutoField); default `bigint`.
   */
  columnType(field: FieldSpec, target?: FieldSpec): string | null
  /** Quotes an identifier: `"name"` with embedded quotes doubled (both vendors). */
  quoteName(name: string): string
  /** A SQL literal for a default written into DDL (`'text'`, `1`, `TRUE`). Only for schema changes. */
  literal(field: FieldSpec, value: unknown): string
}

/** What a backend can do (Django's `connection.features`). */
export interface DatabaseFeatures {
  /** `INSERT ... RETURNING` works (SQLite ≥ 3.35, PostgreSQL). */
  readonly canReturnRows: boolean
  /** `SELECT ... FOR UPDATE` (PostgreSQL only). */
  readonly supportsSelectForUpdate: boolean
  /** DDL inside a transaction rolls back (both). */
  readonly canRollbackDdl: boolean
  /** `CREATE UNIQUE INDEX ... WHERE` (both). */
  readonly supportsPartialIndexes: boolean
  /** Native `ILIKE` (PostgreSQL); SQLite's `LIKE` is case-insensitive for ASCII already. */
  readonly hasIlike: boolean
  /** Native `uuid` / `jsonb` column types (PostgreSQL). */
  readonly hasNativeUuidField: boolean
  readonly hasNativeJsonField: boolean
  /** Most bound parameters in one statement (SQLite 32766, PostgreSQL 65535): batch bulk inserts under it. */
  readonly maxQueryParams: number
}

/** One open database (Django's `connections[alias]`). Made by `connections.get(alias)`. */
export interface DatabaseWrapper {
  readonly alias: string
  readonly vendor: Vendor
  readonly config: DatabaseConfig
  /** The root kysely (outside transactions). Prefer `db(alias)`, which follows `atomic()`. */
  readonly kysely: UntypedKysely
  readonly ops: DatabaseOperations
  readonly features: DatabaseFeatures
  /** A schema editor on this connection (see `SchemaEditor`). */
  schemaEditor(options: Omit<SchemaEditorOptions, 'connection'>): SchemaEditor
  /** Closes the connection / pool. Later use throws. */
  close(): Promise<void>
}
