/**
 * Every message the forms produce, in one table keyed by Django's error codes, so a translation
 * layer can swap the table later (as Django's `gettext_lazy` strings in `django/forms/fields.py`).
 * Placeholders are `{name}`; {@link formatMessage} fills them.
 *
 * @module
 */

/** Django's default error messages, word for word, by code. */
export const FORM_MESSAGES = Object.freeze({
  required: 'This field is required.',
  invalid: 'Enter a valid value.',
  maxLength: 'Ensure this value has at most {limitValue} characters (it has {showValue}).',
  minLength: 'Ensure this value has at least {limitValue} characters (it has {showValue}).',
  nullCharactersNotAllowed: 'Null characters are not allowed.',
  invalidEmail: 'Enter a valid email address.',
  invalidUrl: 'Enter a valid URL.',
  invalidSlug: 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
  invalidUnicodeSlug: 'Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.',
  invalidUuid: 'Enter a valid UUID.',
  invalidInteger: 'Enter a whole number.',
  invalidNumber: 'Enter a number.',
  maxValue: 'Ensure this value is less than or equal to {limitValue}.',
  minValue: 'Ensure this value is greater than or equal to {limitValue}.',
  stepSize: 'Ensure this value is a multiple of step size {limitValue}.',
  maxDigits: 'Ensure that there are no more than {max} digits in total.',
  maxDecimalPlaces: 'Ensure that there are no more than {max} decimal places.',
  maxWholeDigits: 'Ensure that there are no more than {max} digits before the decimal point.',
  invalidChoice: 'Select a valid choice. {value} is not one of the available choices.',
  invalidList: 'Enter a list of values.',
  invalidDate: 'Enter a valid date.',
  invalidTime: 'Enter a valid time.',
  invalidDateTime: 'Enter a valid date/time.',
  invalidDuration: 'Enter a valid duration.',
  invalidJson: 'Enter a valid JSON.',
  invalidModelChoice: 'Select a valid choice. That choice is not one of the available choices.',
  invalidPkValue: '“{pk}” is not a valid value.',
  missingFile: 'No file was submitted.',
  emptyFile: 'The submitted file is empty.',
  unique: '{modelName} with this {fieldLabel} already exists.',
  notValidated: "The {modelName} could not be {action} because the data didn't validate.",
  // Formsets (Django's BaseFormSet.default_error_messages; ngettext's two forms as two codes).
  missingManagementForm: 'ManagementForm data is missing or has been tampered with. Missing fields: {fieldNames}. You may need to file a bug report if the issue persists.',
  tooManyForms: 'Please submit at most {num} form.',
  tooManyFormsPlural: 'Please submit at most {num} forms.',
  tooFewForms: 'Please submit at least {num} form.',
  tooFewFormsPlural: 'Please submit at least {num} forms.',
  orderLabel: 'Order',
  deleteLabel: 'Delete',
})

/** A code of {@link FORM_MESSAGES}. */
export type MessageCode = keyof typeof FORM_MESSAGES

/** Per-field overrides of messages, by code (Django's `error_messages`). */
export type ErrorMessages = Readonly<Partial<Record<MessageCode, string>>>

/**
 * Fills `{name}` placeholders of a message with `params`.
 * @example formatMessage('Ensure this value is less than or equal to {limitValue}.', { limitValue: 10 })
 */
export function formatMessage(template: string, params: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}
