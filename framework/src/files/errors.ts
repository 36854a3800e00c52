/**
 * Errors of the file storage layer.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/**
 * A file name would reach outside the storage's folder, or no safe name can be made from it (as
 * Django's `SuspiciousFileOperation`). Code `E_SUSPICIOUS_FILE_OPERATION`; a view that lets it through
 * answers 500, so validate names from clients with `getValidFilename` first.
 */
export class SuspiciousFileOperation extends TangoError {
  /** @param message - names the offending path. */
  constructor(message: string) {
    super('E_SUSPICIOUS_FILE_OPERATION', message)
  }
}
