/**
 * Errors of the change list.
 *
 * @module
 */
import { TangoError } from 'tango/core'

/**
 * A filter, ordering or page parameter in the change list's query string that cannot be used
 * (Django's `IncorrectLookupParameters`): an unknown field, a malformed value. The change list
 * view answers it with a redirect to `?e=1`, as Django does.
 */
export class IncorrectLookupParameters extends TangoError {
  /** @param message - what was wrong (for logs; the page shows a generic note). */
  constructor(message: string, options?: ErrorOptions) {
    super('E_ADMIN_LOOKUP_PARAMETERS', message, options)
  }
}
