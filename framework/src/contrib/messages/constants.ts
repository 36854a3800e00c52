/**
 * Message levels and their default tags, with Django's numbers (`django.contrib.messages.constants`).
 *
 * @module
 */

/** Development-only messages; below the default `MESSAGE_LEVEL`, so not recorded unless lowered. */
export const DEBUG = 10
/** Informational messages for the user. */
export const INFO = 20
/** An action succeeded. */
export const SUCCESS = 25
/** A failure did not occur but may be imminent. */
export const WARNING = 30
/** An action failed. */
export const ERROR = 40

/** The CSS-friendly tag of each level (as Django's `DEFAULT_TAGS`): `25 → 'success'`. */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
})

/** Level names to numbers, given to templates (as Django's `DEFAULT_MESSAGE_LEVELS`): `{ SUCCESS: 25, ... }`. */
export const DEFAULT_MESSAGE_LEVELS: Readonly<Record<'DEBUG' | 'INFO' | 'SUCCESS' | 'WARNING' | 'ERROR', number>> = Object.freeze({
  DEBUG,
  INFO,
  SUCCESS,
  WARNING,
  ERROR,
})
