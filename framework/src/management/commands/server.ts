/**
 * `tango runserver` and `tango serve`: thin entries that load `tango/server` only when run, so other
 * commands (and `help`) start fast and never pull in the server code.
 *
 * @module
 */
import type { AppCommand } from '../../core/apps.ts'

/** The `runserver` command: the development server (one process, DEBUG pages, reload on change). */
export const runserverCommand: AppCommand = Object.freeze({
  name: 'runserver',
  help: 'Starts the development server (reloads on change): tango runserver [HOST:]PORT.',
  async run(argv: readonly string[]) {
    const server = await import('../../server/index.ts')
    return server.runserverCommand.run(argv)
  },
})

/** The `serve` command: the production prefork server. */
export const serveCommand: AppCommand = Object.freeze({
  name: 'serve',
  help: 'Starts the production server: a primary process and a pool of workers (gunicorn-style options).',
  async run(argv: readonly string[]) {
    const server = await import('../../server/index.ts')
    return server.serveCommand.run(argv)
  },
})
