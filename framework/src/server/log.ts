/**
 * The servers' own lifecycle lines (worker booted, exited, timed out), written to stderr in
 * gunicorn's error-log format: `[2024-05-01 12:00:00 +0000] [1234] [INFO] Booting worker with pid: 1240`.
 * Request logs are the handler's business (pino, `tango.request`); these lines must show even under
 * `NODE_ENV=test`, where pino is silent, because operators and tests read them.
 *
 * @module
 * @internal
 */

/** Severity names gunicorn prints. */
export type ServerLogLevel = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL'

function timestamp(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
}

/**
 * Writes one lifecycle line to stderr.
 * @internal
 */
export function serverLog(level: ServerLogLevel, message: string): void {
  process.stderr.write(`[${timestamp(new Date())}] [${process.pid}] [${level}] ${message}\n`)
}
