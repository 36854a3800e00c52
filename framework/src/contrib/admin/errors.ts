/**
 * The admin's errors (Django's `AlreadyRegistered`, `NotRegistered`, `DisallowedModelAdminToField`), with stable codes.
 *
 * @module
 */
import { TangoError } from 'tango/core'
import { BadRequest } from 'tango/http'

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

/**
 * A `_to_field` parameter naming a field the admin may not hand out (Django's
 * `DisallowedModelAdminToField`): neither the primary key nor a field some registered model's
 * relation points at. A 400, code `E_ADMIN_DISALLOWED_TO_FIELD`.
 */
export class DisallowedModelAdminToField extends BadRequest {
  /** @param toField - the field name asked for. */
  constructor(toField: string) {
    super(`The field ${toField} cannot be referenced.`, 'E_ADMIN_DISALLOWED_TO_FIELD')
  }
}
