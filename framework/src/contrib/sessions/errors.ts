/**
 * The sessions app's errors.
 *
 * @module
 */
import { BadRequest } from 'tango/http'

/**
 * 400: the session was deleted (logout in a concurrent request, `clearsessions`) while this request
 * ran, so its changes cannot be saved (as Django's `SessionInterrupted`). Code `E_SESSION_INTERRUPTED`.
 */
export class SessionInterrupted extends BadRequest {
  constructor() {
    super("The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.", 'E_SESSION_INTERRUPTED')
  }
}
