/**
 * `runserver()`: the development server, as Django's. One process serves the project, with its
 * static files (`Cache-Control: no-cache`); a reloading parent restarts it within about a second of
 * a change to a `.ts`, template or settings file.
 *
 * The design that keeps the server up while the code is broken: the parent owns the listening
 * socket and forwards each request to the current child (on a loopback port). On a change it
 * starts a new child and switches to it once it is listening, so no request fails during a reload
 * and requests that arrive while it boots wait for it. When the new child fails to load, the
 * parent answers every request with a 500 page that shows the error, until a later change loads;
 * the old child is stopped, so the browser never shows stale code as if the edit had worked.
 *
 * @module
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { Agent, createServer, request as httpRequest } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apps } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import { createHttpServer } from '../http/node-adapter.ts'
import { listeningLine, parseBind } from './bind.ts'
import type { BindAddress } from './bind.ts'
import { bootErrorPage } from './boot-error-page.ts'
import { ConnectionTracker } from './drain.ts'
import { FileWatcher } from './file-watcher.ts'
import { loadProject, resolveSettingsModule } from './load-project.ts'
import { serverLog } from './log.ts'
import { describeError, isChildMessage } from './messages.ts'
import { staticFilesHandler } from './static-files.ts'
import { childExecArgv } from './tsx-loader.ts'

/** What {@link runserver} takes. */
export interface RunserverOptions {
  /** Absolute path (or file URL) of the project's `settings.ts`. Default: env `TANGO_SETTINGS_MODULE`. */
  readonly settingsModule?: string | URL
  /** Django's `[addr:]port`: `8000`, `0.0.0.0:8000`, `[::1]:8000`. Default `127.0.0.1:` + `settings.PORT` (8000). */
  readonly addrport?: string
  /** Restart on file changes (default `true`); `false` is Django's `--noreload`: one process, no watcher. */
  readonly reload?: boolean
  /** Serve static files under `STATIC_URL` (default `true`); `false` is Django's `--nostatic`. */
  readonly static?: boolean
  /** Milliseconds to wait after a change for more changes before restarting (default 100). */
  readonly debounce?: number
}

const CHILD_ENTRY = fileURLToPath(new URL('./runserver-child.ts', import.meta.url))

/**
 * Runs the development server until SIGINT or SIGTERM. Prints `Watching for file changes` (unless
 * `reload: false`) and then `Listening at http://HOST:PORT/` once the first load has finished.
 *
 * @param options - address, reload and static switches.
 * @returns the exit code: 0 after a signal; 1 when the address cannot be bound, or (with
 *   `reload: false`) when the project fails to load.
 * @throws {@link ImproperlyConfigured} without a settings module; `BadBindAddress` for a bad address.
 * @example
 * ```ts
 * process.exitCode = await runserver({ addrport: '0.0.0.0:8000' })
 * ```
 */
export async function runserver(options: RunserverOptions = {}): Promise<number> {
  const settingsModule = resolveSettingsModule(options.settingsModule)
  const bind = parseBind(options.addrport ?? String(settings.PORT), settings.PORT)
  if (options.reload === false) return serveInProcess(settingsModule, bind, options.static !== false)
  const dev = new ReloadingServer(settingsModule, bind, options)
  return dev.run()
}

function listen(server: Server, bind: BindAddress): Promise<BindAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    const done = (): void => {
      server.off('error', reject)
      resolve(bind.kind === 'tcp' ? { ...bind, port: (server.address() as AddressInfo).port } : bind)
    }
    if (bind.kind === 'unix') server.listen(bind.path, done)
    else server.listen({ host: bind.host, port: bind.port }, done)
  })
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/** `--noreload`: the project in this very process. */
async function serveInProcess(settingsModule: string, bind: BindAddress, serveStatic: boolean): Promise<number> {
  let server: Server
  try {
    let handler = await loadProject(settingsModule)
    if (serveStatic) handler = staticFilesHandler(handler, { cacheControl: 'no-cache' })
    server = createHttpServer(handler)
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`)
    return 1
  }
  const tracker = new ConnectionTracker(server)
  try {
    process.stdout.write(`${listeningLine(await listen(server, bind))}\n`)
  } catch (error) {
    serverLog('ERROR', `Cannot listen: ${(error as Error).message}`)
    return 1
  }
  await untilSignal()
  await tracker.drain(2000)
  return 0
}

interface Child {
  readonly process: ChildProcess
  port: number | null
  error: string | null
}

/** The reloading parent (see the module comment). */
class ReloadingServer {
  readonly #settingsModule: string
  readonly #bind: BindAddress
  readonly #serveStatic: boolean
  readonly #debounce: number
  readonly #agent = new Agent({ keepAlive: true })
  #current: Child | null = null
  #error: string | null = null
  #changed: string | null = null
  #generation = 0
  #settled: Promise<void> = Promise.resolve()
  #settle: () => void = () => {}
  #waiting = false
  readonly #children = new Set<Child>()
  #timer: NodeJS.Timeout | null = null
  #stopping = false

  constructor(settingsModule: string, bind: BindAddress, options: RunserverOptions) {
    this.#settingsModule = settingsModule
    this.#bind = bind
    this.#serveStatic = options.static !== false
    this.#debounce = options.debounce ?? 100
  }

  async run(): Promise<number> {
    const watcher = new FileWatcher(this.#watchRoots(), (path) => this.#onChange(path))
    process.stdout.write('Watching for file changes\n')
    const server = createServer((req, res) => void this.#forward(req, res))
    let bound: BindAddress
    try {
      bound = await listen(server, this.#bind)
    } catch (error) {
      watcher.close()
      serverLog('ERROR', `Cannot listen: ${(error as Error).message}`)
      return 1
    }
    this.#pending()
    this.#restart()
    await this.#settled
    process.stdout.write(`${listeningLine(bound)}\n`)
    await untilSignal()
    this.#stopping = true
    watcher.close()
    if (this.#timer !== null) clearTimeout(this.#timer)
    server.close()
    server.closeAllConnections()
    this.#agent.destroy()
    await Promise.all([...this.#children].map((child) => new Promise<void>((resolve) => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve()
      child.process.once('exit', () => resolve())
      child.process.kill('SIGTERM')
    })))
    return 0
  }

  /** The project's folder, plus installed apps that live outside it (never inside node_modules). */
  #watchRoots(): string[] {
    const roots = [dirname(this.#settingsModule)]
    for (const app of apps.all()) {
      const inside = roots.some((root) => !relative(root, app.path).startsWith('..'))
      if (!inside && !app.path.includes('node_modules')) roots.push(app.path)
    }
    return roots
  }

  #onChange(path: string): void {
    if (this.#stopping) return
    this.#changed = path
    // A request arriving between the save and the restart waits for the new code.
    this.#pending()
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      process.stdout.write(`${relative(process.cwd(), path) || path} changed, reloading.\n`)
      this.#restart()
    }, this.#debounce)
  }

  /** Makes requests wait until the next load settles. */
  #pending(): void {
    if (this.#waiting) return
    this.#waiting = true
    this.#settled = new Promise<void>((resolve) => (this.#settle = resolve))
  }

  /** Lets waiting requests through, unless a restart is already scheduled (they wait for that one). */
  #release(): void {
    if (this.#timer !== null || !this.#waiting) return
    this.#waiting = false
    this.#settle()
  }

  /** Starts a child for the current code; the newest attempt wins. */
  #restart(): void {
    const generation = ++this.#generation
    const child: Child = {
      process: fork(CHILD_ENTRY, [], {
        execArgv: childExecArgv(),
        env: { ...process.env, TANGO_SETTINGS_MODULE: this.#settingsModule, TANGO_RUNSERVER_STATIC: this.#serveStatic ? '1' : '0' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
      port: null,
      error: null,
    }
    this.#children.add(child)
    child.process.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return
      if (message.type === 'ready') {
        child.port = message.port
        this.#loaded(generation, child)
      } else if (message.type === 'boot-error') {
        child.error = message.error
      }
    })
    child.process.on('exit', (code, signal) => {
      this.#children.delete(child)
      if (child.port === null) {
        this.#failed(generation, child, child.error ?? `The server process exited with ${signal ?? `code ${code}`} while loading the project.`)
      } else if (this.#current === child && !this.#stopping) {
        this.#current = null
        this.#error = `The server process exited with ${signal ?? `code ${code}`}. Save a file to restart it.`
        serverLog('ERROR', this.#error)
      }
    })
  }

  #loaded(generation: number, child: Child): void {
    if (generation !== this.#generation || this.#stopping) {
      child.process.kill('SIGTERM') // superseded by a newer change
      return
    }
    const old = this.#current
    this.#current = child
    this.#error = null
    old?.process.kill('SIGTERM')
    this.#release()
  }

  #failed(generation: number, child: Child, error: string): void {
    if (generation !== this.#generation || this.#stopping) return
    process.stderr.write(`${error}\n`)
    serverLog('ERROR', 'The project failed to load; serving the error page until the next change.')
    const old = this.#current
    this.#current = null
    this.#error = error
    if (old !== child) old?.process.kill('SIGTERM')
    this.#release()
  }

  async #forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.#settled
    const child = this.#current
    if (child === null || child.port === null) {
      const page = bootErrorPage(this.#error ?? 'The server process is not running.', this.#changed)
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page), 'cache-control': 'no-cache' })
      res.end(page)
      return
    }
    const forwarded = req.headers['x-forwarded-for']
    const client = req.socket.remoteAddress ?? ''
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${client}` : client }
    const upstream = httpRequest({ host: '127.0.0.1', port: child.port, method: req.method, path: req.url, headers, agent: this.#agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders)
      answer.pipe(res)
    })
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const body = `Bad Gateway: the server process did not answer (${error.message}).`
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    })
    req.pipe(upstream)
  }
}
