/**
 * The admin's constants: `LogEntry` action flags (Django's `ADDITION`, `CHANGE`, `DELETION`) and the
 * names of the submit buttons of the change form.
 *
 * @module
 */

/** A `LogEntry` of an addition. */
export const ADDITION = 1
/** A `LogEntry` of a change. */
export const CHANGE = 2
/** A `LogEntry` of a deletion. */
export const DELETION = 3

/** The query/form parameter naming the field a popup was opened for (Django's `TO_FIELD_VAR`). */
export const TO_FIELD_VAR = '_to_field'
/** The parameter marking a popup window (Django's `IS_POPUP_VAR`). */
export const IS_POPUP_VAR = '_popup'
