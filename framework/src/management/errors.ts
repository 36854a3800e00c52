/**
 * Errors a management command raises on purpose (as Django's `CommandError`): the runner prints
 * `CommandError: <message>` on stderr, without a stack, and exits with `exitCode`.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/** A command failed for a reason the user can fix (bad argument, target exists, ...). Code `E_COMMAND`. */
export class CommandError extends TangoError {
  /** The process exit code: 1 for failures, 2 for usage errors (as Django and POSIX tools). */
  readonly exitCode: number

  /**
   * @param message - what went wrong, a sentence the user can act on.
   * @param options - `exitCode` (default 1) and `cause`.
   */
  constructor(message: string, options: ErrorOptions & { readonly exitCode?: number } = {}) {
    super('E_COMMAND', message, options)
    this.exitCode = options.exitCode ?? 1
  }
}
