/**
 * `tango migrate [app] [target|zero] [--plan] [--fake] [--database alias]` (as Django's `migrate`):
 * applies or unapplies migrations so the database matches the target, each migration in its own
 * transaction, printing `Applying polls.0001_initial... OK` per migration.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { connections } from '../../db/connection.ts'
import type { MigrationTarget, PlanStep, ProgressEvent } from '../../db/migrations/executor.ts'
import { MigrationExecutor, sendPostMigrate } from '../../db/migrations/executor.ts'
import { describeOperation, handlerFor } from '../../db/migrations/operations/index.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango migrate [app] [target|zero] [--plan] [--fake] [--database ALIAS]

Updates the database schema to match the migrations: all apps, one app, or one app to a target
migration (a name or unique prefix; 'zero' unapplies every migration of the app).

  --plan             print the operations that would run, and change nothing
  --fake             record the migrations as applied (or unapplied) without running them
  --database ALIAS   the database to migrate (default: 'default')`

/** Formats the `--plan` output as Django's `describe_operation`: `Undo ` for backwards, `-> IRREVERSIBLE`. */
export function formatPlan(plan: readonly PlanStep[]): string {
  if (plan.length === 0) return 'Planned operations:\n  No planned migration operations.\n'
  let text = 'Planned operations:\n'
  for (const { migration, backwards } of plan) {
    text += `${migration.app}.${migration.name}\n`
    const ops = backwards ? [...migration.operations].reverse() : migration.operations
    for (const op of ops) {
      const irreversible = backwards && !handlerFor(op).reversible(op) ? ' -> IRREVERSIBLE' : ''
      text += `    ${backwards ? 'Undo ' : ''}${describeOperation(op)}${irreversible}\n`
    }
  }
  return text
}

/** The progress line parts as Django prints them. */
function progressWriter(write: (text: string) => void): (event: ProgressEvent) => void {
  return ({ action, migration, fake }) => {
    const label = `${migration.app}.${migration.name}`
    if (action === 'applyStart') write(`  Applying ${label}...`)
    else if (action === 'unapplyStart') write(`  Unapplying ${label}...`)
    else write(fake ? ' FAKED\n' : ' OK\n')
  }
}

/** The `migrate` command. */
export const migrateCommand: AppCommand = Object.freeze({
  name: 'migrate',
  help: 'Updates the database schema: applies or unapplies migrations (--plan shows them, --fake records only).',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          plan: { type: 'boolean' },
          fake: { type: 'boolean' },
          database: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    const { values, positionals } = parsed
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (positionals.length > 2) throw new CommandError(`Too many arguments.\n${USAGE}`, { exitCode: 2 })
    const write = (text: string): void => void process.stdout.write(text)
    const connection = connections.get(values.database ?? 'default')
    const executor = await MigrationExecutor.create(connection, { progress: progressWriter(write) })
    executor.loader.graph.ensureNoConflicts()
    const [app, target] = positionals
    let targets: MigrationTarget[]
    let intro: string
    if (app === undefined) {
      targets = executor.defaultTargets()
      intro = `  Apply all migrations: ${[...executor.loader.migratedApps].sort().join(', ') || '(none)'}`
    } else {
      if (!executor.loader.migratedApps.has(app)) throw new CommandError(`App '${app}' does not have migrations.`)
      if (target === undefined) {
        targets = executor.defaultTargets(app)
        intro = `  Apply all migrations: ${app}`
      } else if (target === 'zero') {
        targets = [[app, null]]
        intro = `  Unapply all migrations: ${app}`
      } else {
        let name: string
        try {
          name = executor.loader.migrationByPrefix(app, target).name
        } catch (error) {
          throw new CommandError((error as Error).message)
        }
        targets = [[app, name]]
        intro = `  Target specific migration: ${name}, from ${app}`
      }
    }
    const plan = executor.migrationPlan(targets)
    if (values.plan === true) {
      write(formatPlan(plan))
      return 0
    }
    write(`Operations to perform:\n${intro}\nRunning migrations:\n`)
    if (plan.length === 0) write('  No migrations to apply.\n')
    try {
      await executor.run(plan, { fake: values.fake === true })
    } catch (error) {
      // A failed migration leaves its progress line open; end it so the error starts on its own line.
      write(' FAILED\n')
      throw error
    }
    await sendPostMigrate({ using: connection.alias })
    return 0
  },
})
