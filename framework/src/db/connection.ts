/**
 * Database connections by alias (Django's `django.db.connections`) and `db()`, the kysely to use
 * right now: the innermost open `atomic()` block's transaction on that alias, else the root.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import { settings } from '../core/settings.ts'
import { currentFrame } from './backends/base/atomic-context.ts'
import { databaseConfigs } from './backends/base/config.ts'
import type { DatabaseConfig, DatabaseWrapper, UntypedKysely } from './backends/base/types.ts'
import { createPostgresWrapper } from './backends/postgres/wrapper.ts'
import { createSqliteWrapper } from './backends/sqlite/wrapper.ts'

/** The alias used when none is given (Django's `DEFAULT_DB_ALIAS`). */
export const DEFAULT_DB_ALIAS = 'default'

/**
 * Connections of this process, one per alias, opened lazily from `settings.DATABASES` /
 * `settings.DATABASE_URL` (read when an alias is first used, so `configure()` may come later).
 */
export class ConnectionHandler {
  #open = new Map<string, DatabaseWrapper>()
  #configs: ReadonlyMap<string, DatabaseConfig> | null = null
  #settingsSeen: unknown = null

  /** Parsed configuration of every alias (re-read when settings were re-configured). */
  configs(): ReadonlyMap<string, DatabaseConfig> {
    if (this.#configs === null || this.#settingsSeen !== settings) {
      this.#configs = databaseConfigs(settings)
      this.#settingsSeen = settings
    }
    return this.#configs
  }

  /** The aliases configured in settings, `default` first. */
  aliases(): string[] {
    return [...this.configs().keys()]
  }

  /**
   * The connection of `alias`, created on first use (nothing touches the database until a query).
   * @param alias - a `DATABASES` key; default `'default'`.
   * @throws ImproperlyConfigured naming the alias when it is not configured.
   */
  get(alias: string = DEFAULT_DB_ALIAS): DatabaseWrapper {
    const open = this.#open.get(alias)
    if (open !== undefined) return open
    const config = this.configs().get(alias)
    if (config === undefined) {
      throw new ImproperlyConfigured(`The connection '${alias}' doesn't exist: DATABASES defines ${this.aliases().map((a) => `'${a}'`).join(', ')}.`)
    }
    const wrapper = config.vendor === 'sqlite' ? createSqliteWrapper(config) : createPostgresWrapper(config)
    this.#open.set(alias, wrapper)
    return wrapper
  }

  /** The connections opened so far. */
  all(): DatabaseWrapper[] {
    return [...this.#open.values()]
  }

  /** Closes every open connection (pools end, SQLite files close); the next `get()` opens anew. */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()]
    this.#open.clear()
    await Promise.all(open.map((c) => c.close()))
  }

  /** For tests: closes everything and forgets the parsed settings. */
  async reset(): Promise<void> {
    await this.closeAll()
    this.#configs = null
    this.#settingsSeen = null
  }
}

/** The process's connections. */
export const connections = new ConnectionHandler()

/**
 * The kysely to run a query with: inside `atomic()` (on this alias) the transaction's, otherwise the
 * root connection's. Code deep in the call stack must use this rather than `connections.get().kysely`,
 * or on SQLite it waits forever for the connection the open transaction holds.
 * @param alias - a `DATABASES` key; default `'default'`.
 * @returns a `Kysely<UntypedDatabase>` (any table, `unknown` values).
 * @throws ImproperlyConfigured for an unknown alias.
 * @example
 * ```ts
 * const rows = await db().selectFrom('polls_question').selectAll().execute()
 * ```
 */
export function db(alias: string = DEFAULT_DB_ALIAS): UntypedKysely {
  return currentFrame(alias)?.trx ?? connections.get(alias).kysely
}
