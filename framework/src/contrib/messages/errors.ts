/**
 * Errors of the messages app.
 *
 * @module
 */
import { TangoError } from 'tango/core'

/**
 * A message was added to a request without `MessageMiddleware` (as Django's `MessageFailure`).
 * Code `E_MESSAGE_FAILURE`. Pass `failSilently: true` to ignore it (for reusable apps).
 */
export class MessageFailure extends TangoError {
  /** @param message - what went wrong. */
  constructor(message: string) {
    super('E_MESSAGE_FAILURE', message)
  }
}
