/**
 * `serve()`: the prefork server, modelled on gunicorn's arbiter. The primary process forks workers
 * with node:cluster, watches them and never serves a request itself.
 *
 * The socket: cluster's `SCHED_NONE` policy. The primary binds the address once (TCP or unix) and
 * hands the same listening socket to every worker; each worker accepts from the kernel's queue when
 * its event loop is free, exactly as gunicorn's workers share the arbiter's socket. A worker whose
 * loop is blocked takes no new connections (cluster's default round-robin would keep handing it
 * some). A port of 0 is resolved to a free port before the first fork, so every worker, and every
 * replacement, shares that one port.
 *
 * @module
 */
import cluster from 'node:cluster'
import type { Worker } from 'node:cluster'
import { randomInt } from 'node:crypto'
import { lstatSync, unlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseBind, listeningLine } from './bind.ts'
import type { BindAddress } from './bind.ts'
import { resolveSettingsModule } from './load-project.ts'
import { serverLog } from './log.ts'
import { BOOT_ERROR_EXIT_CODE, isChildMessage } from './messages.ts'
import { childExecArgv } from './tsx-loader.ts'
import type { WorkerConfig } from './worker.ts'

/** What {@link serve} takes; names and defaults are gunicorn's (see docs/deployment.md). */
export interface ServeOptions {
  /** Absolute path (or file URL) of the project's `settings.ts`. Default: env `TANGO_SETTINGS_MODULE`. */
  readonly settingsModule?: string | URL
  /** `HOST:PORT`, `[::1]:PORT` or `unix:/path`. Default `127.0.0.1:8000`, or `0.0.0.0:$PORT` when env `PORT` is set (gunicorn). */
  readonly bind?: string
  /** Number of worker processes. Default `os.availableParallelism()`. */
  readonly workers?: number
  /** Seconds a worker may go without a heartbeat before it is killed and replaced; 0 disables. Default 30. */
  readonly timeout?: number
  /** Seconds a stopping worker may take to finish its requests before it is killed. Default 30. */
  readonly gracefulTimeout?: number
  /** Requests a worker serves before it is replaced; 0 (default) never. */
  readonly maxRequests?: number
  /** A random 0..N added to `maxRequests` per worker, so workers do not all restart together. Default 0. */
  readonly maxRequestsJitter?: number
  /**
   * Proxies trusted for `X-Forwarded-For` (sets `FORWARDED_ALLOW_IPS` in the workers): a list or a
   * comma-separated string; `*` trusts all. Default: env `FORWARDED_ALLOW_IPS`, else the project's
   * setting when it is not empty, else `127.0.0.1,::1`.
   */
  readonly forwardedAllowIps?: string | readonly string[]
}

/** Workers that die before they are ready this many times in a row stop the server: no fork loop. */
export const MAX_BOOT_FAILURES = 3

interface WorkerRecord {
  readonly worker: Worker
  readonly pid: number
  /** Spawn order: the smallest is the oldest. */
  readonly age: number
  ready: boolean
  stopping: boolean
  /** Spawned to replace another (reload, max requests); not counted against `workers` until the swap. */
  extra: boolean
  lastBeat: number
  bootError: string | null
  timedOut: boolean
  readonly readiness: Promise<boolean>
  settle: (ready: boolean) => void
}

function splitIps(value: string | readonly string[]): string[] {
  const list = typeof value === 'string' ? value.split(',') : [...value]
  return list.map((ip) => ip.trim()).filter(Boolean)
}

function positive(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`serve: ${name} must be a number >= ${min}, got ${value}.`)
  return value
}

/** Binds and releases the address, so a taken port fails at once with a clear message, and port 0 becomes a real port. */
function probe(bind: BindAddress): Promise<BindAddress> {
  if (bind.kind === 'unix') {
    try {
      // A socket file left by a server that died: remove it, as gunicorn does. Any other file is kept.
      if (lstatSync(bind.path).isSocket()) unlinkSync(bind.path)
    } catch {
      // absent: fine
    }
    return Promise.resolve(bind)
  }
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ host: bind.host, port: bind.port, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : bind.port
      server.close(() => resolve({ ...bind, port }))
    })
  })
}

/** The arbiter: one per `serve()` call. */
class Arbiter {
  readonly #config: Omit<WorkerConfig, 'maxRequests'>
  readonly #maxRequests: number
  readonly #jitter: number
  readonly #records = new Map<number, WorkerRecord>()
  #target: number
  #spawned = 0
  #bootFailures = 0
  #announced = false
  #shuttingDown = false
  #finished = false
  #rolling = false
  #timer: NodeJS.Timeout | null = null
  #resolve: (code: number) => void = () => {}
  readonly #signals: [NodeJS.Signals, () => void][] = []

  constructor(config: Omit<WorkerConfig, 'maxRequests'>, workers: number, maxRequests: number, jitter: number) {
    this.#config = config
    this.#target = workers
    this.#maxRequests = maxRequests
    this.#jitter = jitter
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.#resolve = resolve))
    cluster.schedulingPolicy = cluster.SCHED_NONE
    cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.ts', import.meta.url)), execArgv: childExecArgv(), args: [] })
    this.#on('SIGTERM', () => this.#shutdown('term'))
    this.#on('SIGINT', () => this.#shutdown('int'))
    this.#on('SIGHUP', () => void this.#reload())
    this.#on('SIGTTIN', () => this.#resize(1))
    this.#on('SIGTTOU', () => this.#resize(-1))
    serverLog('INFO', `Starting tango serve (arbiter pid: ${process.pid})`)
    if (this.#config.timeout > 0) {
      this.#timer = setInterval(() => this.#murderHung(), Math.max(100, (this.#config.timeout * 1000) / 4))
    }
    this.#manage()
    return done
  }

  #on(signal: NodeJS.Signals, listener: () => void): void {
    process.on(signal, listener)
    this.#signals.push([signal, listener])
  }

  #live(): WorkerRecord[] {
    return [...this.#records.values()].filter((r) => !r.stopping)
  }

  /** Forks one worker and follows its messages and exit. */
  #spawn(extra = false): WorkerRecord {
    const maxRequests = this.#maxRequests > 0 ? this.#maxRequests + randomInt(0, this.#jitter + 1) : 0
    const config: WorkerConfig = { ...this.#config, maxRequests }
    const worker = cluster.fork({ TANGO_SETTINGS_MODULE: config.settingsModule, TANGO_WORKER_CONFIG: JSON.stringify(config) })
    let settle: (ready: boolean) => void = () => {}
    const readiness = new Promise<boolean>((resolve) => (settle = resolve))
    const pid = worker.process.pid ?? -1
    const record: WorkerRecord = { worker, pid, age: this.#spawned++, ready: false, stopping: false, extra, lastBeat: Date.now(), bootError: null, timedOut: false, readiness, settle }
    this.#records.set(worker.id, record)
    serverLog('INFO', `Booting worker with pid: ${pid}`)
    worker.on('message', (message: unknown) => this.#message(record, message))
    worker.on('exit', (code: number | null, signal: string | null) => this.#exited(record, code, signal))
    // A worker that cannot even be spawned reports through 'error' and then 'exit'.
    worker.on('error', () => {})
    return record
  }

  #message(record: WorkerRecord, message: unknown): void {
    if (!isChildMessage(message)) return
    record.lastBeat = Date.now()
    if (message.type === 'ready') {
      record.ready = true
      this.#bootFailures = 0
      serverLog('INFO', `Worker ready (pid: ${record.pid})`)
      if (!this.#announced) {
        this.#announced = true
        const bind = this.#config.bind
        process.stdout.write(`${listeningLine(bind.kind === 'tcp' && message.port !== null ? { ...bind, port: message.port } : bind)}\n`)
      }
      record.settle(true)
    } else if (message.type === 'boot-error') {
      record.bootError = message.error
    } else if (message.type === 'retire') {
      serverLog('INFO', `Autorestarting worker after current request (pid: ${record.pid}): max requests reached.`)
      void this.#replace(record)
    }
  }

  #exited(record: WorkerRecord, code: number | null, signal: string | null): void {
    this.#records.delete(record.worker.id)
    record.settle(false)
    const how = signal !== null ? `signal ${signal}` : `code ${code}`
    if (record.stopping) {
      serverLog('INFO', `Worker exiting (pid: ${record.pid})`)
    } else if (!record.ready) {
      const reason = record.bootError ?? (record.timedOut ? 'it timed out while booting' : `it exited with ${how} before it was ready`)
      serverLog('ERROR', `Worker (pid:${record.pid}) failed to boot:\n${reason}`)
      if (!record.extra && ++this.#bootFailures >= MAX_BOOT_FAILURES) {
        this.#halt(`Worker failed to boot ${MAX_BOOT_FAILURES} times in a row; stopping.\n${reason}`, BOOT_ERROR_EXIT_CODE)
        return
      }
    } else if (record.timedOut) {
      serverLog('ERROR', `Worker (pid:${record.pid}) was killed after the timeout (${this.#config.timeout}s without a heartbeat).`)
    } else if (signal === 'SIGKILL') {
      serverLog('ERROR', `Worker (pid:${record.pid}) was sent SIGKILL! Perhaps out of memory?`)
    } else {
      serverLog('ERROR', `Worker (pid:${record.pid}) exited with ${how}`)
    }
    if (this.#shuttingDown) {
      if (this.#records.size === 0) this.#finish(0)
      return
    }
    this.#manage()
  }

  /** Spawns or stops regular workers until their number is the target (gunicorn's `manage_workers`). */
  #manage(): void {
    if (this.#shuttingDown) return
    const regular = this.#live().filter((r) => !r.extra)
    for (let n = regular.length; n < this.#target; n++) this.#spawn()
    if (regular.length > this.#target) {
      const oldest = regular.sort((a, b) => a.age - b.age).slice(0, regular.length - this.#target)
      for (const record of oldest) this.#stop(record)
    }
  }

  /** Asks a worker to drain and exit (SIGTERM); kills it if it overstays the graceful timeout. */
  #stop(record: WorkerRecord): void {
    if (record.stopping) return
    record.stopping = true
    record.worker.process.kill('SIGTERM')
    const timer = setTimeout(() => {
      if (this.#records.has(record.worker.id)) record.worker.process.kill('SIGKILL')
    }, this.#config.gracefulTimeout * 1000 + 1000)
    timer.unref()
  }

  /** Forks a successor, waits until it is ready, then stops `old`. Resolves `false` if the successor failed to boot. */
  async #replace(old: WorkerRecord): Promise<boolean> {
    if (old.stopping || this.#shuttingDown) return true
    const successor = this.#spawn(true)
    const ok = await successor.readiness
    successor.extra = false
    if (ok) this.#stop(old)
    else serverLog('ERROR', `Replacement worker failed to boot; worker ${old.pid} keeps serving.`)
    this.#manage()
    return ok
  }

  /** SIGHUP: replaces the workers one at a time, each successor ready before its predecessor stops. */
  async #reload(): Promise<void> {
    if (this.#shuttingDown || this.#rolling) return
    this.#rolling = true
    serverLog('INFO', 'Handling signal: hup')
    try {
      for (const old of this.#live().sort((a, b) => a.age - b.age)) {
        if (this.#shuttingDown) break
        if (!(await this.#replace(old))) {
          serverLog('ERROR', 'Reload aborted: the new code does not boot; the remaining workers keep the old code.')
          break
        }
      }
    } finally {
      this.#rolling = false
    }
  }

  #resize(delta: number): void {
    if (this.#shuttingDown) return
    this.#target = Math.max(1, this.#target + delta)
    serverLog('INFO', `Handling signal: ${delta > 0 ? 'ttin' : 'ttou'}; workers: ${this.#target}`)
    this.#manage()
  }

  /** Kills workers silent for longer than the timeout (gunicorn's `murder_workers`). */
  #murderHung(): void {
    const limit = this.#config.timeout * 1000
    const now = Date.now()
    for (const record of this.#live()) {
      if (record.timedOut || now - record.lastBeat <= limit) continue
      record.timedOut = true
      serverLog('CRITICAL', `WORKER TIMEOUT (pid:${record.pid})`)
      record.worker.process.kill('SIGKILL')
    }
  }

  /** SIGTERM/SIGINT: drain every worker, then exit 0. A second signal kills them at once. */
  #shutdown(name: string): void {
    if (this.#shuttingDown) {
      serverLog('INFO', `Handling signal: ${name} (again): killing workers`)
      for (const record of this.#records.values()) record.worker.process.kill('SIGKILL')
      return
    }
    serverLog('INFO', `Handling signal: ${name}`)
    this.#shuttingDown = true
    if (this.#records.size === 0) return this.#finish(0)
    for (const record of this.#records.values()) this.#stop(record)
  }

  #halt(reason: string, code: number): void {
    serverLog('CRITICAL', reason)
    this.#shuttingDown = true
    for (const record of this.#records.values()) record.worker.process.kill('SIGKILL')
    if (this.#records.size === 0) this.#finish(code)
    else {
      // Wait for the kills so no worker outlives the arbiter.
      const poll = setInterval(() => {
        if (this.#records.size > 0) return
        clearInterval(poll)
        this.#finish(code)
      }, 20)
    }
  }

  #finish(code: number): void {
    if (this.#finished) return
    this.#finished = true
    if (this.#timer !== null) clearInterval(this.#timer)
    for (const [signal, listener] of this.#signals) process.off(signal, listener)
    serverLog('INFO', 'Shutting down: Master')
    this.#resolve(code)
  }
}

/**
 * Runs the prefork server until it is stopped (gunicorn's arbiter; see docs/deployment.md for the
 * option-by-option and signal-by-signal mapping). Prints `Listening at http://HOST:PORT/` once the
 * first worker is ready, and `Booting worker with pid: N` (stderr) for each worker.
 *
 * Signals to this process: SIGTERM/SIGINT drain and exit 0; SIGHUP replaces the workers one by one
 * (new code, no failed request); SIGTTIN/SIGTTOU add/remove a worker (never below 1).
 *
 * @param options - gunicorn's options, camelCased.
 * @returns the exit code once the server stopped: 0 after a signal, 1 when the address cannot be
 *   bound, 3 when workers failed to boot {@link MAX_BOOT_FAILURES} times in a row (the error is printed).
 * @throws {@link ImproperlyConfigured} without a settings module; RangeError for a bad option;
 *   `BadBindAddress` for a malformed `bind`.
 * @example
 * ```ts
 * process.exitCode = await serve({ bind: '0.0.0.0:8000', workers: 4, maxRequests: 1000, maxRequestsJitter: 50 })
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<number> {
  if (!cluster.isPrimary) throw new Error('serve() runs in the primary process only.')
  const settingsModule = resolveSettingsModule(options.settingsModule)
  const envPort = process.env.PORT
  const bind = parseBind(options.bind ?? (envPort ? `0.0.0.0:${envPort}` : '127.0.0.1:8000'))
  const workers = Math.floor(positive('workers', options.workers ?? availableParallelism(), 1))
  const timeout = positive('timeout', options.timeout ?? 30, 0)
  const gracefulTimeout = positive('gracefulTimeout', options.gracefulTimeout ?? 30, 0)
  const maxRequests = Math.floor(positive('maxRequests', options.maxRequests ?? 0, 0))
  const jitter = Math.floor(positive('maxRequestsJitter', options.maxRequestsJitter ?? 0, 0))
  const ips = options.forwardedAllowIps ?? process.env.FORWARDED_ALLOW_IPS
  let bound: BindAddress
  try {
    bound = await probe(bind)
  } catch (error) {
    serverLog('ERROR', `Cannot bind ${listeningLine(bind).slice('Listening at '.length)}: ${(error as Error).message}`)
    return 1
  }
  // null: the workers keep the project's own FORWARDED_ALLOW_IPS, or gunicorn's default when it is empty.
  const forwardedAllowIps = ips === undefined ? null : splitIps(ips)
  const arbiter = new Arbiter({ settingsModule, bind: bound, timeout, gracefulTimeout, forwardedAllowIps }, workers, maxRequests, jitter)
  return arbiter.run()
}
