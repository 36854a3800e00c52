/**
 * Logging: pino loggers that write JSON lines to stdout, one root logger per process and a named
 * child per subsystem (`tango.request`, `tango.handler`), as Django's `logging.getLogger(name)`.
 *
 * The level comes from env `TANGO_LOG_LEVEL` (`trace`, `debug`, `info`, `warn`, `error`, `fatal`,
 * `silent`); default `info`, except under `NODE_ENV=test`, where it is `silent` so test output
 * stays readable (set `TANGO_LOG_LEVEL` to see the lines).
 *
 * @module
 */
import { pino } from 'pino'
import type { DestinationStream, Level, Logger } from 'pino'
import { TurnBatchedDestination } from './log-destination.ts'

export type { Logger } from 'pino'

/** What {@link configureLogging} takes. */
export interface LoggingOptions {
  /** Minimum level written, or `silent`. Default: env `TANGO_LOG_LEVEL`, else `info` (`silent` under `NODE_ENV=test`). */
  readonly level?: Level | 'silent'
  /** Where lines go: anything with `write(line)`. Default: stdout, one write per event-loop turn ({@link TurnBatchedDestination}). */
  readonly destination?: DestinationStream
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])

/** The level named by the environment. */
function levelFromEnv(env: NodeJS.ProcessEnv): Level | 'silent' {
  const named = env.TANGO_LOG_LEVEL?.trim().toLowerCase()
  if (named && LEVELS.has(named)) return named as Level | 'silent'
  return env.NODE_ENV === 'test' ? 'silent' : 'info'
}

function build(options: LoggingOptions): Logger {
  const destination = options.destination ?? new TurnBatchedDestination(1)
  return pino({ level: options.level ?? levelFromEnv(process.env), base: { pid: process.pid } }, destination)
}

let root: Logger | null = null
const children = new Map<string, Logger>()

/**
 * Replaces the root logger (level and destination). Loggers already handed out keep the old
 * settings; middleware and handlers take theirs when they are built, so configure logging first.
 * @param options - level and destination; omitted values come from the environment.
 * @returns the new root logger.
 */
export function configureLogging(options: LoggingOptions = {}): Logger {
  root = build(options)
  children.clear()
  return root
}

/**
 * A named logger (as Django's `logging.getLogger`): a child of the root that adds `name` to every
 * line. The same name gives the same logger until {@link configureLogging} is called again.
 * @param name - dotted, e.g. `tango.request`.
 * @example
 * ```ts
 * const log = getLogger('myapp.payments')
 * log.info({ orderId }, 'payment captured')
 * ```
 */
export function getLogger(name: string): Logger {
  let logger = children.get(name)
  if (logger === undefined) {
    root ??= build({})
    logger = root.child({ name })
    children.set(name, logger)
  }
  return logger
}
