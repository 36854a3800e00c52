/**
 * `tango/server`: the development server (`runserver`: one process, reload on change, static files)
 * and the production prefork server (`serve`: gunicorn's arbiter and options), their management
 * commands, and the static files handler both use. See docs/deployment.md.
 *
 * @module
 */
export { serve, MAX_BOOT_FAILURES } from './arbiter.ts'
export type { ServeOptions } from './arbiter.ts'
export { serveCommand, parseServeArgs } from './serve-command.ts'
export { staticFilesHandler, staticFileRoots, findStaticFile } from './static-files.ts'
export type { StaticFilesOptions } from './static-files.ts'
export { parseBind, formatBind, listeningLine, BadBindAddress } from './bind.ts'
export type { BindAddress } from './bind.ts'
export { runserver } from './runserver.ts'
export type { RunserverOptions } from './runserver.ts'
export { runserverCommand, parseRunserverArgs } from './runserver-command.ts'
