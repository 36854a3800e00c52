/**
 * A `serve` worker: the entry module the arbiter forks (with the tsx loader). It loads the project
 * named by `TANGO_SETTINGS_MODULE`, listens on the arbiter's shared socket, sends heartbeats, and
 * drains gracefully on SIGTERM. Its configuration comes in env `TANGO_WORKER_CONFIG` (JSON).
 *
 * Signals, as a gunicorn worker: SIGTERM drains and exits 0; SIGINT and SIGHUP are ignored (a
 * Ctrl-C in the terminal reaches the whole process group, and the arbiter decides what happens).
 *
 * @module
 * @internal
 */
import type { AddressInfo } from 'node:net'
import type { Settings, SettingsInput } from '../core/settings.ts'
import { createHttpServer } from '../http/node-adapter.ts'
// Installs translation catalogs, i18n template tags and date names in the serving process.
import '../i18n/index.ts'
import type { BindAddress } from './bind.ts'
import { ConnectionTracker } from './drain.ts'
import { loadProject } from './load-project.ts'
import { BOOT_ERROR_EXIT_CODE, describeError, sendToParent, sendToParentAndWait } from './messages.ts'
import { staticFilesHandler } from './static-files.ts'

/** What the arbiter passes each worker. @internal */
export interface WorkerConfig {
  readonly settingsModule: string
  readonly bind: BindAddress
  /** Seconds; 0 turns heartbeats off. */
  readonly timeout: number
  /** Seconds a drain may take. */
  readonly gracefulTimeout: number
  /** Requests before asking to be replaced (jitter already added); 0 is never. */
  readonly maxRequests: number
  readonly forwardedAllowIps: readonly string[] | null
}

/** gunicorn's default `forwarded_allow_ips`. */
const DEFAULT_FORWARDED_ALLOW_IPS = Object.freeze(['127.0.0.1', '::1'])

const config = JSON.parse(process.env.TANGO_WORKER_CONFIG ?? 'null') as WorkerConfig | null
if (config === null) throw new Error('tango/server/worker.ts is started by serve(); TANGO_WORKER_CONFIG is missing.')

// A blocked event loop stops this timer, and the silence is what the arbiter's timeout detects.
const heartbeat = config.timeout > 0 ? setInterval(() => sendToParent({ type: 'heartbeat' }), (config.timeout * 1000) / 4) : null
sendToParent({ type: 'heartbeat' })

let tracker: ConnectionTracker | null = null
let stopping = false

async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  if (tracker !== null) await tracker.drain(config!.gracefulTimeout * 1000)
  if (heartbeat !== null) clearInterval(heartbeat)
  process.exit(0)
}

process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => {})
process.on('SIGHUP', () => {})

async function boot(c: WorkerConfig): Promise<number | null> {
  // gunicorn trusts the local host by default; a project that lists its own proxies keeps them.
  const overrides = (project: Settings): SettingsInput =>
    c.forwardedAllowIps !== null ? { FORWARDED_ALLOW_IPS: c.forwardedAllowIps }
    : project.FORWARDED_ALLOW_IPS.length === 0 ? { FORWARDED_ALLOW_IPS: DEFAULT_FORWARDED_ALLOW_IPS } : {}
  const handler = staticFilesHandler(await loadProject(c.settingsModule, overrides), { cacheControl: 'public, max-age=3600', useStaticRoot: true })
  const server = createHttpServer(handler)
  tracker = new ConnectionTracker(server)
  if (c.maxRequests > 0) {
    const limit = c.maxRequests
    tracker.onRequest = (count) => {
      if (count === limit) sendToParent({ type: 'retire' })
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // In a cluster worker, listen() asks the arbiter for the shared socket (SCHED_NONE: every
    // worker accepts from the same kernel queue, as gunicorn's workers do).
    if (c.bind.kind === 'unix') server.listen(c.bind.path, () => resolve())
    else server.listen({ host: c.bind.host, port: c.bind.port }, () => resolve())
  })
  const address = server.address()
  return typeof address === 'object' && address !== null ? (address as AddressInfo).port : null
}

try {
  const port = await boot(config)
  sendToParent({ type: 'ready', port })
} catch (error) {
  await sendToParentAndWait({ type: 'boot-error', error: describeError(error) })
  process.exit(BOOT_ERROR_EXIT_CODE)
}
