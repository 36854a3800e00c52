/**
 * The shape of a migration file's default export and of a migration once loaded: the plain data the
 * loader reads, the graph orders and the executor runs (Django's `Migration` class, as data).
 *
 * @module
 */
import type { Operation } from './operations/types.ts'

/** `[appLabel, migrationName]`, e.g. `['polls', '0001_initial']` (Django's migration key). */
export type MigrationKey = readonly [app: string, name: string]

/**
 * What a migration file (`<app>/migrations/NNNN_name.ts`) exports by default.
 *
 * @example
 * ```ts
 * export default {
 *   dependencies: [['auth', '0001_initial']],
 *   operations: [createModel({ model: 'polls.Question', fields: [...] })],
 * }
 * ```
 */
export interface Migration {
  /** Migrations that must run first: same app or other apps. */
  readonly dependencies: readonly MigrationKey[]
  /** What the migration does, in order. */
  readonly operations: readonly Operation[]
  /** For a squashed migration: the migrations it stands for (Django's `replaces`). */
  readonly replaces?: readonly MigrationKey[]
  /** Run in one transaction (default `true`, as Django); `false` for operations that cannot (e.g. PG `CREATE INDEX CONCURRENTLY`). */
  readonly atomic?: boolean
}

/** A migration as the loader returns it: the file's content plus where it came from. */
export interface LoadedMigration extends Migration {
  readonly app: string
  readonly name: string
  /** Absolute path of the file it was read from (`null` for migrations built in memory, in tests). */
  readonly file: string | null
}

/** `'app.name'`: the string form of a {@link MigrationKey}, used as a map key. */
export function keyString(key: MigrationKey): string {
  return `${key[0]}.${key[1]}`
}
