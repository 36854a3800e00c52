/**
 * Errors of the mail subsystem.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/**
 * A header value (subject, an address, an extra header) contains a newline, which would let it
 * inject headers of its own (as Django's `BadHeaderError`). Code `E_BAD_HEADER`.
 */
export class BadHeaderError extends TangoError {
  /** @param message - names the header and shows the value. */
  constructor(message: string) {
    super('E_BAD_HEADER', message)
  }
}
