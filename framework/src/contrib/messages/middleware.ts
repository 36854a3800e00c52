/**
 * {@link MessageMiddleware}: gives each request a message storage and saves it on the way out (as
 * Django's `MessageMiddleware`). List it after `SessionMiddleware` when messages may use the session.
 *
 * @module
 */
import { settings } from 'tango/core'
import type { Middleware } from 'tango/handler'
import type {} from './request.ts'
import { storageClass } from './storage/index.ts'

/**
 * Sets `request._messages` to a storage of the kind `MESSAGE_STORAGE` names (read when the chain is
 * built) and, after the view, stores what must outlive the request.
 * @throws Error (a 500) in DEBUG when some messages could not be stored (as Django's `ValueError`).
 */
export const MessageMiddleware: Middleware = (getResponse) => {
  const Storage = storageClass(settings.MESSAGE_STORAGE)
  return async (request) => {
    const storage = new Storage(request)
    request._messages = storage
    const response = await getResponse(request)
    const unstored = await storage.update(response)
    if (unstored.length > 0 && settings.DEBUG) {
      throw new Error(`Not all temporary messages could be stored (${unstored.length} left out).`)
    }
    return response
  }
}
