/**
 * The admin's errors (Django's `AlreadyRegistered` / `NotRegistered`), with stable codes.
 *
 * @module
 */
import { TangoError } from 'tango/core'

/** `site.register()` of a model already registered on that site. Code `E_ADMIN_ALREADY_REGISTERED`. */
export class AlreadyRegistered extends TangoError {
  constructor(message: string) {
    super('E_ADMIN_ALREADY_REGISTERED', message)
  }
}

/** `site.unregister()` (or a lookup) of a model not registered on that site. Code `E_ADMIN_NOT_REGISTERED`. */
export class NotRegistered extends TangoError {
  constructor(message: string) {
    super('E_ADMIN_NOT_REGISTERED', message)
  }
}
