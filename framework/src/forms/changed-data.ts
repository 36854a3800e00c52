/**
 * {@link fieldHasChanged}: whether a submitted value differs from a field's initial value (as
 * Django's `Field.has_changed`), the test behind `form.changedData`, `form.hasChanged()` and the
 * formsets' "an untouched extra form is skipped".
 *
 * @module
 */
import { ValidationError } from '../db/errors.ts'
import type { FormField } from './fields/field.ts'

/** A value as a string, so `3` and `'3'`, or two equal `Date`s, compare equal; lists compare as sets. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (Array.isArray(value)) return value.map(comparable).sort().join('\u0000')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * Whether `data` (the widget's reading of the submitted data) changes the field's `initial` value.
 * Both sides go through the field's `toPython` and `prepareValue` before being compared as text, so
 * `'3'` equals `3`, an unticked checkbox equals a `false` or missing initial, a model choice's
 * submitted pk equals the initial instance's pk, and multiple choices compare as sets. Submitted
 * data the field cannot read (`'abc'` for an integer) counts as changed; a disabled field never
 * changes; a file field changes when a file was sent (Django's `FileField.has_changed`).
 *
 * @param field - the form field.
 * @param initial - the bound field's initial value.
 * @param data - the bound field's submitted value.
 */
export function fieldHasChanged(field: FormField, initial: unknown, data: unknown): boolean {
  if (field.disabled) return false
  if (field.widget.needsMultipartForm) return data !== null && data !== undefined && data !== ''
  let submitted: unknown
  try {
    submitted = field.toPython(data)
  } catch (error) {
    if (error instanceof ValidationError) return true
    throw error
  }
  let before: unknown = initial
  try {
    before = field.toPython(initial)
  } catch (error) {
    // An initial value the field would not accept as input (an instance, a list) is compared as it is.
    if (!(error instanceof ValidationError)) throw error
  }
  return comparable(field.prepareValue(before)) !== comparable(field.prepareValue(submitted))
}
