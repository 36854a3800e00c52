/**
 * `tango showmigrations [app ...] [--database alias]` (as Django's `showmigrations --list`): each
 * app's migrations in graph order, `[X]` when applied, `[ ]` when not.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { apps } from '../../core/apps.ts'
import { connections } from '../../db/connection.ts'
import type { MigrationLoader } from '../../db/migrations/loader.ts'
import { MigrationLoader as Loader } from '../../db/migrations/loader.ts'
import { MigrationRecorder } from '../../db/migrations/recorder.ts'
import { keyString } from '../../db/migrations/types.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango showmigrations [app ...] [--database ALIAS]

Lists each app's migrations: [X] applied, [ ] not applied.`

/**
 * The listing for the given apps (every installed app when empty), as Django prints it:
 * ```
 * polls
 *  [X] 0001_initial
 *  [ ] 0002_add_votes
 * ```
 */
export function formatMigrationList(loader: MigrationLoader, appLabels: readonly string[]): string {
  let text = ''
  for (const app of appLabels) {
    text += `${app}\n`
    const shown = new Set<string>()
    for (const leaf of loader.graph.leafNodes(app)) {
      for (const key of loader.graph.forwardsPlan(leaf)) {
        if (key[0] !== app || shown.has(keyString(key))) continue
        shown.add(keyString(key))
        const migration = loader.migration(key)
        const squashed = migration.replaces === undefined ? '' : ` (${migration.replaces.length} squashed migrations)`
        text += ` [${loader.applied.has(keyString(key)) ? 'X' : ' '}] ${key[1]}${squashed}\n`
      }
    }
    if (shown.size === 0) text += ' (no migrations)\n'
  }
  return text
}

/** The `showmigrations` command. */
export const showmigrationsCommand: AppCommand = Object.freeze({
  name: 'showmigrations',
  help: 'Lists the migrations of each app and whether they are applied.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { database: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const recorder = new MigrationRecorder(connections.get(parsed.values.database ?? 'default'))
    const loader = await Loader.load({ applied: await recorder.appliedKeys() })
    const labels = parsed.positionals.length > 0 ? parsed.positionals : apps.all().map((a) => a.label)
    const unknown = labels.find((l) => apps.get(l) === undefined)
    if (unknown !== undefined) throw new CommandError(`No installed app with label '${unknown}'.`)
    process.stdout.write(formatMigrationList(loader, labels))
    return 0
  },
})
