/**
 * `tango dbshell [--database ALIAS] [-- ARGS...]` (as Django's `dbshell`): runs the database's own
 * command-line client with the terminal attached: `sqlite3 <file>` or `psql <url>`. Arguments after
 * `--` go to the client (`tango dbshell -- -c 'select 1'`).
 *
 * @module
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import type { DatabaseConfig } from '../../db/backends/base/types.ts'
import { connections } from '../../db/connection.ts'
import { CommandError } from '../errors.ts'

/** The client program and its arguments for a database (Django's `DatabaseClient.settings_to_cmd_args_env`). */
export function clientCommand(config: DatabaseConfig, extra: readonly string[] = []): { program: string; args: string[] } {
  if (config.vendor === 'sqlite') return { program: 'sqlite3', args: [config.filename ?? ':memory:', ...extra] }
  return { program: 'psql', args: [config.url, ...extra] }
}

/**
 * Runs the client with stdio inherited and resolves to its exit status.
 * @throws {@link CommandError} "You appear not to have the 'sqlite3' program installed or on your path." when missing.
 */
export function runClient(program: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args], { stdio: 'inherit' })
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new CommandError(`You appear not to have the '${program}' program installed or on your path.`))
      else reject(error)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 0 : 1)))
  })
}

const USAGE = `Usage: tango dbshell [--database ALIAS] [-- ARGS...]

Runs the command-line client of the database (sqlite3 or psql). Arguments after -- are passed to it.

  --database ALIAS   the database to open (default 'default')`

/** The `dbshell` command. */
export const dbshellCommand: AppCommand = Object.freeze({
  name: 'dbshell',
  help: 'Runs the command-line client for the database (sqlite3 or psql).',
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
    const alias = parsed.values.database ?? 'default'
    const config = connections.configs().get(alias)
    if (config === undefined) throw new CommandError(`The connection '${alias}' doesn't exist.`)
    const { program, args } = clientCommand(config, parsed.positionals)
    const status = await runClient(program, args)
    if (status !== 0) throw new CommandError(`"${[program, ...args].join(' ')}" returned non-zero exit status ${status}.`, { exitCode: status })
    return 0
  },
})
