/**
 * Signals: decoupled notifications, as Django's `django.dispatch.Signal`. A sender announces that
 * something happened; any number of receivers, connected at start-up, react.
 *
 * Tango's signals are typed: a `Signal<Args>` sends one `Args` object to every receiver.
 *
 * @module
 */
// Type-only imports: erased at run time, so core still loads nothing from http (the layer rule is
// about run-time dependencies); receivers get the real Request and Response types.
import type { Request } from '../http/request.ts'
import type { Response } from '../http/response.ts'

/** A function connected to a {@link Signal}. Its return value is collected by `send`. */
export type Receiver<Args> = (args: Args) => unknown

/** Options for {@link Signal.connect}. */
export interface ConnectOptions {
  /**
   * A unique id for this connection (as Django's `dispatch_uid`): connecting again with the same id
   * is a no-op, so a module imported twice does not register its receiver twice.
   */
  readonly dispatchUid?: string
}

/** One receiver's outcome in {@link Signal.sendRobust}: its return value or the error it threw. */
export type RobustResult<Args> =
  | { readonly receiver: Receiver<Args>; readonly ok: true; readonly value: unknown }
  | { readonly receiver: Receiver<Args>; readonly ok: false; readonly error: unknown }

interface Connection<Args> {
  readonly receiver: Receiver<Args>
  readonly uid: string | null
}

const NOTHING: readonly never[] = Object.freeze([])

/**
 * A typed signal (as Django's `Signal`).
 *
 * Receivers run in the order they were connected; async receivers are awaited one after the other.
 * Sending to no receivers allocates nothing and returns at once, so signals on the request path cost
 * nothing until someone listens ({@link Signal.hasReceivers} lets a caller skip building `args`).
 *
 * @example
 * ```ts
 * export const userLoggedIn = new Signal<{ request: Request; user: User }>('userLoggedIn')
 * userLoggedIn.connect(({ user }) => audit(user), { dispatchUid: 'audit.login' })
 * await userLoggedIn.send({ request, user })
 * ```
 */
export class Signal<Args> {
  /** A name for error messages and debugging. */
  readonly name: string
  #connections: Connection<Args>[] = []

  /** @param name - shown in error messages, e.g. `requestStarted`. */
  constructor(name = 'signal') {
    this.name = name
  }

  /** Whether any receiver is connected; check it before building expensive `args`. */
  get hasReceivers(): boolean {
    return this.#connections.length !== 0
  }

  /** The number of connected receivers. */
  get receiverCount(): number {
    return this.#connections.length
  }

  /**
   * Connects a receiver. Connecting the same function (or the same `dispatchUid`) twice is a no-op.
   * @param receiver - called with the signal's args; may be async.
   * @param options - `dispatchUid` to identify the connection.
   */
  connect(receiver: Receiver<Args>, options: ConnectOptions = {}): void {
    const uid = options.dispatchUid ?? null
    for (const c of this.#connections) {
      if (uid !== null ? c.uid === uid : c.uid === null && c.receiver === receiver) return
    }
    // A new array, so a send in progress keeps iterating the list it started with.
    this.#connections = [...this.#connections, { receiver, uid }]
  }

  /**
   * Disconnects a receiver, by function or by the `dispatchUid` it was connected with.
   * @returns `true` when something was disconnected.
   */
  disconnect(receiver?: Receiver<Args> | null, options: ConnectOptions = {}): boolean {
    const uid = options.dispatchUid ?? null
    const kept = this.#connections.filter((c) => (uid !== null ? c.uid !== uid : c.receiver !== receiver))
    const removed = kept.length !== this.#connections.length
    this.#connections = kept
    return removed
  }

  /** Disconnects every receiver (for tests). */
  disconnectAll(): void {
    this.#connections = []
  }

  /**
   * Calls every receiver in order, awaiting each (as Django's `Signal.send`).
   * @returns each receiver's return value, in connection order.
   * @throws whatever a receiver throws; later receivers are not called.
   */
  async send(args: Args): Promise<readonly unknown[]> {
    const connections = this.#connections
    if (connections.length === 0) return NOTHING
    const results: unknown[] = []
    for (const c of connections) results.push(await c.receiver(args))
    return results
  }

  /**
   * Calls every receiver in order, catching errors (as Django's `send_robust`): one failing receiver
   * does not stop the others.
   * @returns one {@link RobustResult} per receiver, in connection order.
   */
  async sendRobust(args: Args): Promise<readonly RobustResult<Args>[]> {
    const connections = this.#connections
    if (connections.length === 0) return NOTHING
    const results: RobustResult<Args>[] = []
    for (const c of connections) {
      try {
        results.push({ receiver: c.receiver, ok: true, value: await c.receiver(args) })
      } catch (error) {
        results.push({ receiver: c.receiver, ok: false, error })
      }
    }
    return results
  }
}

/** What {@link requestStarted} sends. */
export interface RequestSignalArgs {
  /** The request being handled. */
  readonly request: Request
}

/** What {@link requestFinished} sends: the request and the response the chain produced. */
export interface RequestFinishedArgs extends RequestSignalArgs {
  /** The response about to be written. */
  readonly response: Response
}

/** What {@link gotRequestException} sends: the request and the error that became a 500. */
export interface RequestExceptionArgs extends RequestSignalArgs {
  readonly error: unknown
}

/** Sent by the handler before the middleware chain runs (as Django's `request_started`). */
export const requestStarted = new Signal<RequestSignalArgs>('requestStarted')

/**
 * Sent by the handler once the chain produced the response, before it is written (Django sends
 * `request_finished` when the response is closed; streaming bodies may still be running here).
 */
export const requestFinished = new Signal<RequestFinishedArgs>('requestFinished')

/** Sent when a view or middleware throws something that is not an `HttpError` (as Django's `got_request_exception`). */
export const gotRequestException = new Signal<RequestExceptionArgs>('gotRequestException')
