/**
 * The entry point of a project's `manage.ts` (as Django's `execute_from_command_line`): loads the
 * settings, collects the commands (Tango's built-ins plus each installed app's), runs the one named
 * on the command line and exits with its status.
 *
 * Errors a user can fix are printed as one line, without a stack: `Error: <message>` for a bad
 * settings file (the message names the setting), `CommandError: <message>` for a failed command.
 *
 * @module
 */
import type { AppCommand } from '../core/apps.ts'
import { apps } from '../core/apps.ts'
import { TangoError } from '../core/errors.ts'
import { createcachetableCommand } from '../cache/index.ts'
import { checkCommand } from './commands/check.ts'
import { dbshellCommand } from './commands/dbshell.ts'
import { dumpdataCommand } from './commands/dumpdata.ts'
import { flushCommand } from './commands/flush.ts'
import { helpCommand } from './commands/help.ts'
import { inspectdbCommand } from './commands/inspectdb.ts'
import { loaddataCommand } from './commands/loaddata.ts'
import { makemigrationsCommand } from './commands/makemigrations.ts'
import { migrateCommand } from './commands/migrate.ts'
import { runserverCommand, serveCommand } from './commands/server.ts'
import { sendtestemailCommand } from './commands/sendtestemail.ts'
import { shellCommand } from './commands/shell.ts'
import { showmigrationsCommand } from './commands/showmigrations.ts'
import { sqlmigrateCommand } from './commands/sqlmigrate.ts'
import { squashmigrationsCommand } from './commands/squashmigrations.ts'
import { startappCommand } from './commands/startapp.ts'
import { testCommand } from './commands/test.ts'
import { versionCommand } from './commands/version.ts'
import { compilemessagesCommand, makemessagesCommand } from '../i18n/index.ts'
import { CommandError } from './errors.ts'
import { buildRegistry, CommandRegistry } from './registry.ts'
import { loadSettingsModule } from './settings-module.ts'

/** Tango's built-in commands, except `help` (made per registry). */
export const BUILTIN_COMMANDS: readonly AppCommand[] = Object.freeze([
  checkCommand, makemigrationsCommand, migrateCommand, runserverCommand, serveCommand, showmigrationsCommand,
  sqlmigrateCommand, squashmigrationsCommand, startappCommand, testCommand, versionCommand,
  dbshellCommand, dumpdataCommand, flushCommand, inspectdbCommand, loaddataCommand, shellCommand,
  sendtestemailCommand, makemessagesCommand, compilemessagesCommand, createcachetableCommand,
])

/** What {@link executeFromCommandLine} takes. */
export interface ExecuteOptions {
  /**
   * The project's settings module: `new URL('./settings.ts', import.meta.url)` or an absolute path.
   * A `TANGO_SETTINGS_MODULE` in the environment takes precedence, as Django's `manage.py` only sets
   * `DJANGO_SETTINGS_MODULE` when it is unset (`os.environ.setdefault`): that is how a deployment or a
   * test runs the same project with other settings.
   */
  readonly settingsModule: URL | string
  /** The command line after the script: `['check', '--deploy']`. Empty means `help`. */
  readonly argv: readonly string[]
  /** Exit the process with the command's status when done (default `true`; tests pass `false`). */
  readonly exit?: boolean
}

/** The registry for the installed apps: built-ins, `help`, then the apps' commands. */
export function projectRegistry(): CommandRegistry {
  const registry = buildRegistry(BUILTIN_COMMANDS, apps.all())
  if (registry.get('help') === undefined) registry.register(helpCommand(registry))
  return registry
}

/** Prints a known error as one line; anything else with its stack (a bug deserves one). */
function report(error: unknown): number {
  if (error instanceof CommandError) {
    process.stderr.write(`CommandError: ${error.message}\n`)
    return error.exitCode
  }
  if (error instanceof TangoError) {
    process.stderr.write(`Error: ${error.message}\n`)
    return 1
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return 1
}

/**
 * Runs one management command.
 *
 * @param options - settings module, argv, and whether to exit.
 * @returns the exit status (when `exit` is `false`; otherwise the process exits with it).
 * @example
 * ```ts
 * // manage.ts
 * import { executeFromCommandLine } from 'tango/management'
 * await executeFromCommandLine({ settingsModule: new URL('./settings.ts', import.meta.url), argv: process.argv.slice(2) })
 * ```
 */
export async function executeFromCommandLine(options: ExecuteOptions): Promise<number> {
  const code = await execute(options)
  if (options.exit !== false) {
    // Let piped output drain before leaving (stdout to a pipe may be asynchronous on some platforms).
    await new Promise<void>((done) => process.stdout.write('', () => done()))
    await new Promise<void>((done) => process.stderr.write('', () => done()))
    process.exit(code)
  }
  return code
}

async function execute(options: ExecuteOptions): Promise<number> {
  const [first, ...rest] = options.argv
  let name = first ?? 'help'
  if (name === '--help' || name === '-h') name = 'help'
  if (name === '--version' || name === '-V') name = 'version'
  try {
    await loadSettingsModule(process.env.TANGO_SETTINGS_MODULE || options.settingsModule)
  } catch (error) {
    return report(error)
  }
  const registry = projectRegistry()
  const entry = registry.get(name)
  if (entry === undefined) {
    process.stderr.write(`Unknown command: '${name}'\nType 'tango help' for usage.\n`)
    return 1
  }
  try {
    const status = await entry.command.run(rest)
    return typeof status === 'number' ? status : 0
  } catch (error) {
    return report(error)
  }
}
