/**
 * `tango runserver [addr:]port`: the development server's command line, as Django's.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../core/apps.ts'
import { BadBindAddress, parseBind } from './bind.ts'
import { UsageError, usageFrom } from './command-line.ts'
import { runserver } from './runserver.ts'
import type { RunserverOptions } from './runserver.ts'

const USAGE = `usage: tango runserver [--noreload] [--nostatic] [[ADDR:]PORT]

Starts the development server: reloads on code, template and settings changes, serves static files.
Never use it in production; use \`tango serve\`.

  [ADDR:]PORT    address to listen on (default 127.0.0.1:8000, or 127.0.0.1:$PORT)
  --noreload     one process, no reloader
  --nostatic     do not serve files under STATIC_URL
  -h, --help     show this help`

/**
 * Parses `tango runserver`'s arguments.
 * @param argv - the arguments after `runserver`.
 * @returns the options, or `'help'`.
 * @throws {@link UsageError} for an unknown option, more than one address or a malformed one.
 */
export function parseRunserverArgs(argv: readonly string[]): RunserverOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      noreload: { type: 'boolean' },
      nostatic: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return 'help'
  if (positionals.length > 1) throw new UsageError(`expected at most one [ADDR:]PORT, got ${positionals.map((p) => `'${p}'`).join(' ')}.`)
  const options: { -readonly [K in keyof RunserverOptions]: RunserverOptions[K] } = {}
  const addrport = positionals[0]
  if (addrport !== undefined) {
    try {
      parseBind(addrport)
    } catch (error) {
      if (error instanceof BadBindAddress) throw new UsageError(error.message)
      throw error
    }
    options.addrport = addrport
  }
  if (values.noreload) options.reload = false
  if (values.nostatic) options.static = false
  return options
}

/**
 * The `runserver` management command (`AppCommand`). A bad argument prints a message and the usage
 * to stderr and resolves to exit code 2.
 */
export const runserverCommand: AppCommand = Object.freeze({
  name: 'runserver',
  help: 'Starts the development server (reloads on change): tango runserver [ADDR:]PORT.',
  async run(argv: readonly string[]): Promise<number> {
    let options: RunserverOptions | 'help'
    try {
      options = parseRunserverArgs(argv)
    } catch (error) {
      const usage = usageFrom(error)
      if (usage === null) throw error
      process.stderr.write(`tango runserver: error: ${usage.message}\n\n${USAGE}\n`)
      return 2
    }
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    return runserver(options)
  },
})
