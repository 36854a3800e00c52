/**
 * The messages server children send their parent over the IPC channel.
 *
 * @module
 * @internal
 */

/**
 * From a worker (or runserver's child) to its parent:
 * - `heartbeat`: sent from a timer every `timeout / 4`; a blocked event loop stops them.
 * - `ready`: the handler is built and the server listens (`port` is the TCP port, `null` for unix).
 * - `boot-error`: the project failed to load; `error` is the stack. The process exits next.
 * - `retire`: `maxRequests` reached; please replace me (the arbiter forks a successor, then stops this one).
 */
export type ChildMessage =
  | { readonly type: 'heartbeat' }
  | { readonly type: 'ready'; readonly port: number | null }
  | { readonly type: 'boot-error'; readonly error: string }
  | { readonly type: 'retire' }

/** Narrows an IPC message to a {@link ChildMessage}. @internal */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return type === 'heartbeat' || type === 'ready' || type === 'boot-error' || type === 'retire'
}

/** The exit code of a process whose project failed to load (gunicorn's `WORKER_BOOT_ERROR`). */
export const BOOT_ERROR_EXIT_CODE = 3

/** Sends a message to the parent when there is one; never throws (the parent may be gone). @internal */
export function sendToParent(message: ChildMessage): void {
  if (process.send === undefined || !process.connected) return
  try {
    process.send(message)
  } catch {
    // The channel closed between the check and the send: the parent is exiting.
  }
}

/**
 * Sends a message and waits until it is written, so a process can exit right after without losing
 * it. Resolves at once when there is no parent.
 * @internal
 */
export function sendToParentAndWait(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) return resolve()
    try {
      process.send(message, undefined, {}, () => resolve())
    } catch {
      resolve()
    }
  })
}

/** Describes an unknown thrown value with its stack when it has one. @internal */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  return String(error)
}
