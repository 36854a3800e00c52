/**
 * `tango flush [--no-input] [--database ALIAS]` (as Django's `flush`): deletes every row of every
 * table Tango manages (models and their many-to-many join tables) and resets their id sequences.
 * The tables stay, and so does the migrations table (the schema is unchanged, so migrations still
 * match). Asks for confirmation unless `--no-input`.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { AppCommand } from '../../core/apps.ts'
import type { DatabaseWrapper } from '../../db/backends/base/types.ts'
import { connections, db } from '../../db/connection.ts'
import { atomic } from '../../db/transaction.ts'
import { CommandError } from '../errors.ts'
import { confirm, loadProjectModels, managedModels, tablesOf } from './data-support.ts'
import { tableNames } from './inspectdb.ts'

/**
 * Empties the managed tables of `connection` in one transaction and resets their sequences.
 * @returns the tables emptied (those that exist in the database).
 */
export async function flushDatabase(connection: DatabaseWrapper): Promise<string[]> {
  const existing = new Set(await tableNames(connection))
  const tables = tablesOf(managedModels()).filter((t) => existing.has(t))
  if (tables.length === 0) return []
  const q = (name: string): string => connection.ops.quoteName(name)
  await atomic(async () => {
    const trx = db(connection.alias)
    if (connection.vendor === 'postgresql') {
      // One TRUNCATE for all tables: references among them need no ordering (Django's sql_flush).
      await sql.raw(`TRUNCATE ${tables.map(q).join(', ')} RESTART IDENTITY`).execute(trx)
      return
    }
    // Checked at commit, when every table is empty, so the delete order does not matter.
    await sql.raw('PRAGMA defer_foreign_keys = ON').execute(trx)
    for (const table of tables) await sql.raw(`DELETE FROM ${q(table)}`).execute(trx)
    if (existing.has('sqlite_sequence')) {
      await sql`DELETE FROM sqlite_sequence WHERE name IN (${sql.join(tables)})`.execute(trx)
    }
  }, { using: connection.alias })
  return tables
}

const USAGE = `Usage: tango flush [--no-input] [--database ALIAS]

Removes ALL DATA from the database, keeping the tables and the record of applied migrations.

  --no-input, --noinput   do not ask for confirmation
  --database ALIAS        the database to flush (default 'default')`

/** The `flush` command. */
export const flushCommand: AppCommand = Object.freeze({
  name: 'flush',
  help: 'Removes ALL DATA from the database; the tables and applied migrations stay.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { 'no-input': { type: 'boolean' }, noinput: { type: 'boolean' }, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    const { values } = parsed
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const alias = values.database ?? 'default'
    const connection = connections.get(alias)
    if (values['no-input'] !== true && values.noinput !== true) {
      const yes = await confirm(`You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "${alias}" database,
and return each table to an empty state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: `)
      if (!yes) {
        process.stdout.write('Flush cancelled.\n')
        return 0
      }
    }
    await loadProjectModels()
    try {
      await flushDatabase(connection)
    } catch (error) {
      throw new CommandError(`Database ${alias} couldn't be flushed. Possible reasons:
  * The database isn't running or isn't configured correctly.
  * At least one of the expected database tables doesn't exist.
The full error: ${(error as Error).message}`, { cause: error })
    }
    return 0
  },
})
