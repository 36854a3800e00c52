/**
 * `tango squashmigrations app [start] end [--no-optimize]` (as Django's `squashmigrations`): writes
 * `<app>/migrations/NNNN_squashed_<end>.ts`, one migration that `replaces` the range, with their
 * operations concatenated and lightly optimized. Existing databases keep working: the squashed
 * migration is used where none or all of the originals ran. Delete the originals once every
 * database has migrated past them.
 *
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { apps } from '../../core/apps.ts'
import { MigrationLoader } from '../../db/migrations/loader.ts'
import { squashMigrations } from '../../db/migrations/squash.ts'
import { writeMigration } from '../../db/migrations/writer.ts'
import { frameworkVersion } from '../scaffold/start-project.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango squashmigrations app [start_migration] end_migration

Squashes the migrations of app from start_migration (default: the first) to end_migration into one.`

/** The `squashmigrations` command. */
export const squashmigrationsCommand: AppCommand = Object.freeze({
  name: 'squashmigrations',
  help: "Squashes an app's migrations, from the first (or a start) to an end migration, into one file.",
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const [label, first, second] = parsed.positionals
    if (label === undefined || first === undefined || parsed.positionals.length > 3) throw new CommandError(`squashmigrations takes an app label and one or two migration names.\n${USAGE}`, { exitCode: 2 })
    const app = apps.get(label)
    if (app === undefined) throw new CommandError(`No installed app with label '${label}'.`)
    const [start, end] = second === undefined ? [undefined, first] : [first, second]
    // No applied history: every original must be a node to be squashed.
    const loader = await MigrationLoader.load()
    let squashed
    try {
      squashed = squashMigrations(loader, label, end, start)
    } catch (error) {
      throw new CommandError((error as Error).message)
    }
    const file = join(app.path, 'migrations', `${squashed.name}.ts`)
    if (existsSync(file)) throw new CommandError(`Migration ${file} already exists. Use a different end migration.`)
    writeFileSync(file, writeMigration({ ...squashed.migration, version: await frameworkVersion() }))
    const count = squashed.migration.replaces.length
    process.stdout.write(`Created new squashed migration ${file}\n  You should commit this migration but leave the old ones in place;\n  the new migration will be used for new installs. Once you are sure\n  all instances of the codebase have applied the migrations you squashed,\n  you can delete them.\n  (${count} migrations squashed into one with ${squashed.migration.operations.length} operations.)\n`)
    return 0
  },
})
