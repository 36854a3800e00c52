/**
 * The ORM's errors, each a `TangoError` with a stable code (see `docs/errors.md`), named as Django's
 * `django.core.exceptions` / `django.db` ones.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/**
 * A lookup names a field or lookup that does not exist (as Django's `FieldError`), e.g.
 * "Cannot resolve keyword 'titel' into field. Choices are: id, title". Code `E_FIELD_LOOKUP`.
 */
export class FieldError extends TangoError {
  /** @param message - names the keyword at fault and, when useful, the valid choices. */
  constructor(message: string, options?: ErrorOptions) {
    super('E_FIELD_LOOKUP', message, options)
  }
}

/** Messages per field name; `__all__` holds errors not tied to one field (Django's `NON_FIELD_ERRORS`). */
export type ValidationErrors = Record<string, string[]>

/** The key under which errors that concern the whole instance are kept (Django's `NON_FIELD_ERRORS`). */
export const NON_FIELD_ERRORS = '__all__'

/**
 * One or more values are invalid (as Django's `ValidationError`). Thrown by validators and by
 * `instance.fullClean()`. Code `E_VALIDATION`.
 *
 * `errors` maps a field name to its messages. A validator throws `new ValidationError('Enter a
 * valid email address.')`; `fullClean` collects those into `{ email: ['Enter a valid email address.'] }`.
 */
export class ValidationError extends TangoError {
  /** Field name → messages. A message-only error (from a validator) keeps its messages under `__all__`. */
  readonly errors: ValidationErrors
  /** Every message, flattened, in field order. */
  readonly messages: readonly string[]

  /**
   * @param errors - one message, a list of messages, or a field → messages map.
   */
  constructor(errors: string | readonly string[] | ValidationErrors, options?: ErrorOptions) {
    const map: ValidationErrors =
      typeof errors === 'string' ? { [NON_FIELD_ERRORS]: [errors] }
        : Array.isArray(errors) ? { [NON_FIELD_ERRORS]: [...(errors as readonly string[])] }
          : Object.fromEntries(Object.entries(errors as ValidationErrors).map(([k, v]) => [k, [...v]]))
    const messages = Object.values(map).flat()
    const text = Object.entries(map)
      .map(([field, list]) => (field === NON_FIELD_ERRORS ? list.join(' ') : `${field}: ${list.join(' ')}`))
      .join('; ')
    super('E_VALIDATION', text, options)
    this.errors = map
    this.messages = messages
  }
}

/**
 * A `get()` found no row (as Django's `ObjectDoesNotExist`). Each model also exposes it as
 * `Model.DoesNotExist` (the same class: `instanceof ObjectDoesNotExist` always works). Code `E_DOES_NOT_EXIST`.
 */
export class ObjectDoesNotExist extends TangoError {
  /** `'app.Name'` of the model queried, or `null`. */
  readonly model: string | null
  /** @param message - e.g. "Question matching query does not exist." */
  constructor(message: string, model: string | null = null, options?: ErrorOptions) {
    super('E_DOES_NOT_EXIST', message, options)
    this.model = model
  }
}

/** Alias of {@link ObjectDoesNotExist}, the name Django gives the per-model class. */
export const DoesNotExist = ObjectDoesNotExist
/** Alias type of {@link ObjectDoesNotExist}. */
export type DoesNotExist = ObjectDoesNotExist

/** A `get()` matched several rows (as Django's `MultipleObjectsReturned`). Code `E_MULTIPLE_OBJECTS`. */
export class MultipleObjectsReturned extends TangoError {
  /** `'app.Name'` of the model queried, or `null`. */
  readonly model: string | null
  /** @param message - e.g. "get() returned more than one Question -- it returned 2!" */
  constructor(message: string, model: string | null = null, options?: ErrorOptions) {
    super('E_MULTIPLE_OBJECTS', message, options)
    this.model = model
  }
}

/**
 * A delete would remove rows referenced through `onDelete: 'PROTECT'` (as Django's `ProtectedError`).
 * `protectedObjects` holds the referencing instances. Code `E_PROTECTED`.
 */
export class ProtectedError extends TangoError {
  readonly protectedObjects: readonly unknown[]
  constructor(message: string, protectedObjects: readonly unknown[] = [], options?: ErrorOptions) {
    super('E_PROTECTED', message, options)
    this.protectedObjects = protectedObjects
  }
}

/**
 * A delete would remove rows referenced through `onDelete: 'RESTRICT'` and not deleted by the same
 * cascade (as Django's `RestrictedError`). Code `E_RESTRICTED`.
 */
export class RestrictedError extends TangoError {
  readonly restrictedObjects: readonly unknown[]
  constructor(message: string, restrictedObjects: readonly unknown[] = [], options?: ErrorOptions) {
    super('E_RESTRICTED', message, options)
    this.restrictedObjects = restrictedObjects
  }
}

/**
 * The database refused a write: a unique, not-null, foreign-key or check constraint (as Django's
 * `IntegrityError`). Wraps the driver's error as `cause`. Code `E_INTEGRITY`.
 */
export class IntegrityError extends TangoError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_INTEGRITY', message, options)
  }
}
