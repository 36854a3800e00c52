/**
 * `manage.ts createcachetable [<table> ...] [--database <alias>] [--dry-run]` (Django's command of
 * the same name): creates the tables of the `database` caches in `CACHES` (or the tables named),
 * unless they exist.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { AppCommand } from '../../core/apps.ts'
import { settings } from '../../core/settings.ts'
import { DEFAULT_DB_ALIAS, db } from '../../db/connection.ts'
import { cacheTableSql } from '../backends/database.ts'

const USAGE = `Usage: manage.ts createcachetable [<table> ...] [--database <alias>] [--dry-run]

Creates the cache tables of the CACHES entries with BACKEND 'database' (or the tables named), if missing.`

/** Options of {@link createCacheTable}. */
export interface CreateCacheTableOptions {
  /** The database alias; default `default`. */
  readonly database?: string
  /** Return the SQL without running it. */
  readonly dryRun?: boolean
}

/**
 * Creates a cache table and its index, when missing (idempotent).
 * @returns the statements (run unless `dryRun`).
 */
export async function createCacheTable(table: string, options: CreateCacheTableOptions = {}): Promise<string[]> {
  const statements = cacheTableSql(table)
  if (options.dryRun !== true) {
    for (const statement of statements) await sql.raw(statement).execute(db(options.database ?? DEFAULT_DB_ALIAS))
  }
  return statements
}

/** The tables of the `database` caches in `CACHES`, with their database alias. */
function configuredTables(): [string, string][] {
  const out: [string, string][] = []
  for (const setting of Object.values(settings.CACHES)) {
    if (setting.BACKEND !== 'database' || !setting.LOCATION) continue
    const database = setting.OPTIONS?.DATABASE
    out.push([setting.LOCATION, typeof database === 'string' ? database : DEFAULT_DB_ALIAS])
  }
  return out
}

/** The `createcachetable` command. */
export const createcachetableCommand: AppCommand = Object.freeze({
  name: 'createcachetable',
  help: 'Creates the tables needed to use the database cache backend.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: { help: { type: 'boolean', short: 'h' }, database: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      })
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
      return 2
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const only = parsed.values.database
    const tables: [string, string][] = parsed.positionals.length > 0
      ? parsed.positionals.map((t) => [t, only ?? DEFAULT_DB_ALIAS])
      : configuredTables().filter(([, alias]) => only === undefined || alias === only)
    const dryRun = parsed.values['dry-run'] === true
    for (const [table, database] of tables) {
      const statements = await createCacheTable(table, { database, dryRun })
      process.stdout.write(dryRun ? `${statements.join(';\n')};\n` : `Cache table '${table}' ready.\n`)
    }
    return 0
  },
})
