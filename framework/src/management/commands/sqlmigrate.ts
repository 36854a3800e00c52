/**
 * `tango sqlmigrate app name [--backwards] [--database alias]` (as Django's `sqlmigrate`): prints the
 * SQL a migration runs on the current backend, without running it (the schema editor in
 * `collectSql` mode).
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { connections } from '../../db/connection.ts'
import { MigrationExecutor } from '../../db/migrations/executor.ts'
import { describeOperation, handlerFor } from '../../db/migrations/operations/index.ts'
import type { ProjectState } from '../../db/migrations/state.ts'
import type { LoadedMigration } from '../../db/migrations/types.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango sqlmigrate app migration [--backwards] [--database ALIAS]

Prints the SQL statements for the named migration (a name or unique prefix).

  --backwards        the SQL to unapply it
  --database ALIAS   the database whose dialect to use (default: 'default')`

/** Ends a statement with `;` unless it has one. */
const terminated = (statement: string): string => (/;\s*$/.test(statement) ? statement : `${statement};`)

/**
 * The SQL of one migration, with a `-- <description>` comment before each operation's statements
 * and `BEGIN;`/`COMMIT;` around an atomic migration, as Django prints it.
 * @throws `IrreversibleError` for `backwards` through an operation that cannot be undone.
 */
export async function migrationSql(executor: MigrationExecutor, migration: LoadedMigration, backwards: boolean): Promise<string> {
  let current: ProjectState = executor.stateAt([migration.app, migration.name], false)
  const editor = executor.connection.schemaEditor({ resolveModel: (label: string) => current.resolveModel(label), collectSql: true })
  const steps: { op: LoadedMigration['operations'][number]; before: ProjectState; after: ProjectState }[] = []
  for (const op of migration.operations) {
    const after = current.apply(op)
    steps.push({ op, before: current, after })
    current = after
  }
  if (backwards) steps.reverse()
  const lines: string[] = []
  const atomic = migration.atomic !== false
  if (atomic) lines.push('BEGIN;')
  for (const { op, before, after } of steps) {
    lines.push('--', `-- ${backwards ? 'Undo ' : ''}${describeOperation(op)}`, '--')
    const start = editor.executed.length
    current = backwards ? before : after
    if (backwards) await handlerFor(op).databaseBackwards(editor, after, before, op)
    else await handlerFor(op).databaseForwards(editor, before, after, op)
    const statements = editor.executed.slice(start)
    if (statements.length === 0) lines.push('-- (no-op)')
    for (const statement of statements) lines.push(terminated(statement))
  }
  // Statements the editor defers to the end (foreign keys added once every table exists).
  const start = editor.executed.length
  await editor.flush()
  for (const statement of editor.executed.slice(start)) lines.push(terminated(statement))
  if (atomic) lines.push('COMMIT;')
  return `${lines.join('\n')}\n`
}

/** The `sqlmigrate` command. */
export const sqlmigrateCommand: AppCommand = Object.freeze({
  name: 'sqlmigrate',
  help: 'Prints the SQL statements for the named migration.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { backwards: { type: 'boolean' }, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const [app, name] = parsed.positionals
    if (app === undefined || name === undefined || parsed.positionals.length > 2) throw new CommandError(`sqlmigrate takes an app label and a migration name.\n${USAGE}`, { exitCode: 2 })
    const executor = await MigrationExecutor.create(connections.get(parsed.values.database ?? 'default'))
    if (!executor.loader.migratedApps.has(app)) throw new CommandError(`App '${app}' does not have migrations.`)
    let migration: LoadedMigration
    try {
      migration = executor.loader.migrationByPrefix(app, name)
    } catch (error) {
      throw new CommandError((error as Error).message)
    }
    process.stdout.write(await migrationSql(executor, migration, parsed.values.backwards === true))
    return 0
  },
})
