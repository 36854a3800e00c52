/**
 * Graceful shutdown of one node:http server: stop accepting, let in-flight requests finish, then
 * close the connections, without the keep-alive race that `server.close()` has.
 *
 * Why not `server.close()` alone: since Node 19 it also closes idle keep-alive connections at once,
 * and a client that picked such a connection to send its next request a moment earlier gets a reset
 * (a failed request during a SIGHUP reload). Instead every response from now on carries
 * `Connection: close` (the client opens a new connection, to another worker), and a connection is
 * only closed by us after it has sat idle for {@link IDLE_GRACE_MS}.
 *
 * @module
 * @internal
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer } from 'node:net'
import type { Socket } from 'node:net'

/** How long a connection must be idle, once draining, before we close it (ms). */
export const IDLE_GRACE_MS = 1000

interface ConnectionState {
  busy: number
  idleSince: number
}

/** Tracks a server's connections and drains them on demand. @internal */
export class ConnectionTracker {
  readonly #server: Server
  readonly #connections = new Map<Socket, ConnectionState>()
  readonly #pending = new Set<ServerResponse>()
  #draining = false
  #requests = 0
  /** Called after each request with the running count (for `maxRequests`). */
  onRequest: ((count: number) => void) | null = null

  /** @param server - an http server not yet listening (its connections are tracked from the start). */
  constructor(server: Server) {
    this.#server = server
    server.on('connection', (socket: Socket) => {
      const state: ConnectionState = { busy: 0, idleSince: Date.now() }
      this.#connections.set(socket, state)
      socket.once('close', () => this.#connections.delete(socket))
    })
    // prepend: must see the response before the handler writes its head.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const state = this.#connections.get(req.socket)
      if (state) state.busy++
      this.#pending.add(res)
      if (this.#draining) res.setHeader('connection', 'close')
      res.once('close', () => {
        this.#pending.delete(res)
        if (state) {
          state.busy--
          state.idleSince = Date.now()
        }
      })
      this.#requests++
      this.onRequest?.(this.#requests)
    })
  }

  /** Whether {@link ConnectionTracker.drain} was called. */
  get draining(): boolean {
    return this.#draining
  }

  /** Open connections. */
  get connections(): number {
    return this.#connections.size
  }

  /**
   * Stops accepting and waits until every connection has closed, or `timeoutMs` passed (then the
   * rest are destroyed). Resolves once no connection is left.
   *
   * @param timeoutMs - the most time to wait, in milliseconds (gunicorn's `graceful_timeout`).
   */
  drain(timeoutMs: number): Promise<void> {
    this.#draining = true
    // Stop accepting without http.Server.close()'s immediate closing of idle connections (see @module).
    if (this.#server.listening) NetServer.prototype.close.call(this.#server)
    for (const res of this.#pending) if (!res.headersSent) res.setHeader('connection', 'close')
    const deadline = Date.now() + timeoutMs
    return new Promise((resolve) => {
      const tick = (): void => {
        const now = Date.now()
        for (const [socket, state] of this.#connections) {
          if (now >= deadline) socket.destroy()
          else if (state.busy === 0 && now - state.idleSince >= IDLE_GRACE_MS) socket.end()
        }
        if (this.#connections.size === 0 || now >= deadline + 1000) {
          clearInterval(timer)
          // Lets node clear its connection-checking interval; the listener is closed already.
          this.#server.close()
          resolve()
        }
      }
      const timer = setInterval(tick, 50)
      tick()
    })
  }
}
