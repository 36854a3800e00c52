/**
 * `tango serve`: the production prefork server's command line, with gunicorn's option names.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../core/apps.ts'
import { serve } from './arbiter.ts'
import type { ServeOptions } from './arbiter.ts'
import { BadBindAddress, parseBind } from './bind.ts'
import { numberOption, UsageError, usageFrom } from './command-line.ts'

const USAGE = `usage: tango serve [-b ADDRESS] [-w N] [-t SECONDS] [--graceful-timeout SECONDS]
                   [--max-requests N] [--max-requests-jitter N] [--forwarded-allow-ips IPS]

Runs the production server: a primary process and a pool of workers (options as gunicorn's).

  -b, --bind ADDRESS            HOST:PORT or unix:/path (default 127.0.0.1:8000; 0.0.0.0:$PORT when PORT is set)
  -w, --workers N               worker processes (default: the number of CPUs)
  -t, --timeout SECONDS         kill and replace a worker silent this long; 0 disables (default 30)
      --graceful-timeout SECONDS  time to finish requests on stop/reload (default 30)
      --max-requests N          replace a worker after N requests; 0 never (default 0)
      --max-requests-jitter N   add a random 0..N to --max-requests per worker (default 0)
      --forwarded-allow-ips IPS comma-separated proxies trusted for X-Forwarded-For; * for all
                                (default $FORWARDED_ALLOW_IPS, else the project's setting, else 127.0.0.1,::1)
  -h, --help                    show this help

Signals: TERM/INT drain and stop; HUP reloads workers one by one; TTIN/TTOU add/remove a worker.`

/**
 * Parses `tango serve`'s arguments into {@link ServeOptions}.
 * @param argv - the arguments after `serve`.
 * @returns the options, or `'help'` for `-h`/`--help`.
 * @throws {@link UsageError} for an unknown option, a missing value or a bad number or address.
 */
export function parseServeArgs(argv: readonly string[]): ServeOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      bind: { type: 'string', short: 'b' },
      workers: { type: 'string', short: 'w' },
      timeout: { type: 'string', short: 't' },
      'graceful-timeout': { type: 'string' },
      'max-requests': { type: 'string' },
      'max-requests-jitter': { type: 'string' },
      'forwarded-allow-ips': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return 'help'
  const options: { -readonly [K in keyof ServeOptions]: ServeOptions[K] } = {}
  if (values.bind !== undefined) {
    try {
      parseBind(values.bind)
    } catch (error) {
      if (error instanceof BadBindAddress) throw new UsageError(error.message)
      throw error
    }
    options.bind = values.bind
  }
  const workers = numberOption('--workers', values.workers, true, 1)
  if (workers !== undefined) options.workers = workers
  const timeout = numberOption('--timeout', values.timeout, false, 0)
  if (timeout !== undefined) options.timeout = timeout
  const graceful = numberOption('--graceful-timeout', values['graceful-timeout'], false, 0)
  if (graceful !== undefined) options.gracefulTimeout = graceful
  const maxRequests = numberOption('--max-requests', values['max-requests'], true, 0)
  if (maxRequests !== undefined) options.maxRequests = maxRequests
  const jitter = numberOption('--max-requests-jitter', values['max-requests-jitter'], true, 0)
  if (jitter !== undefined) options.maxRequestsJitter = jitter
  if (values['forwarded-allow-ips'] !== undefined) options.forwardedAllowIps = values['forwarded-allow-ips']
  return options
}

/**
 * The `serve` management command (`AppCommand`): parses gunicorn-style options and runs
 * {@link serve} until a signal stops it. A bad option prints a message and the usage to stderr and
 * resolves to exit code 2.
 */
export const serveCommand: AppCommand = Object.freeze({
  name: 'serve',
  help: 'Starts the production server: a primary process and a pool of workers (gunicorn-style options).',
  async run(argv: readonly string[]): Promise<number> {
    let options: ServeOptions | 'help'
    try {
      options = parseServeArgs(argv)
    } catch (error) {
      const usage = usageFrom(error)
      if (usage === null) throw error
      process.stderr.write(`tango serve: error: ${usage.message}\n\n${USAGE}\n`)
      return 2
    }
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    return serve(options)
  },
})
