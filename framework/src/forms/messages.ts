/**
 * Every message the forms produce, in one table keyed by Django's error codes, each marked for
 * translation with `gettextLazy` (as Django's `gettext_lazy` strings in `django/forms/fields.py`):
 * they translate into the language active when the message is produced. Placeholders are
 * `{name}`; {@link formatMessage} fills them.
 *
 * @module
 */
import { PluralLazyString, gettextLazy, ngettextLazy } from '../core/translation.ts'
import type { LazyString } from '../core/translation.ts'

/** Django's default error messages, word for word, by code; lazy, so they translate at use time. */
export const FORM_MESSAGES = Object.freeze({
  required: gettextLazy('This field is required.'),
  invalid: gettextLazy('Enter a valid value.'),
  // Plural by the count in `limitValue` (Django's `ngettext_lazy(..., 'limit_value')`).
  maxLength: ngettextLazy('Ensure this value has at most {limitValue} character (it has {showValue}).', 'Ensure this value has at most {limitValue} characters (it has {showValue}).', 'limitValue'),
  minLength: ngettextLazy('Ensure this value has at least {limitValue} character (it has {showValue}).', 'Ensure this value has at least {limitValue} characters (it has {showValue}).', 'limitValue'),
  nullCharactersNotAllowed: gettextLazy('Null characters are not allowed.'),
  invalidEmail: gettextLazy('Enter a valid email address.'),
  invalidUrl: gettextLazy('Enter a valid URL.'),
  invalidSlug: gettextLazy('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'),
  invalidUnicodeSlug: gettextLazy('Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.'),
  invalidUuid: gettextLazy('Enter a valid UUID.'),
  invalidInteger: gettextLazy('Enter a whole number.'),
  invalidNumber: gettextLazy('Enter a number.'),
  maxValue: gettextLazy('Ensure this value is less than or equal to {limitValue}.'),
  minValue: gettextLazy('Ensure this value is greater than or equal to {limitValue}.'),
  stepSize: gettextLazy('Ensure this value is a multiple of step size {limitValue}.'),
  maxDigits: ngettextLazy('Ensure that there are no more than {max} digit in total.', 'Ensure that there are no more than {max} digits in total.', 'max'),
  maxDecimalPlaces: ngettextLazy('Ensure that there are no more than {max} decimal place.', 'Ensure that there are no more than {max} decimal places.', 'max'),
  maxWholeDigits: ngettextLazy('Ensure that there are no more than {max} digit before the decimal point.', 'Ensure that there are no more than {max} digits before the decimal point.', 'max'),
  invalidChoice: gettextLazy('Select a valid choice. {value} is not one of the available choices.'),
  invalidList: gettextLazy('Enter a list of values.'),
  invalidDate: gettextLazy('Enter a valid date.'),
  invalidTime: gettextLazy('Enter a valid time.'),
  invalidDateTime: gettextLazy('Enter a valid date/time.'),
  invalidDuration: gettextLazy('Enter a valid duration.'),
  invalidJson: gettextLazy('Enter a valid JSON.'),
  invalidModelChoice: gettextLazy('Select a valid choice. That choice is not one of the available choices.'),
  invalidPkValue: gettextLazy('“{pk}” is not a valid value.'),
  missingFile: gettextLazy('No file was submitted.'),
  emptyFile: gettextLazy('The submitted file is empty.'),
  unique: gettextLazy('{modelName} with this {fieldLabel} already exists.'),
  notValidated: gettextLazy("The {modelName} could not be {action} because the data didn't validate."),
  // Formsets (Django's BaseFormSet.default_error_messages). The formset picks the plural form with
  // ngettext for the actual count; these two codes keep the table complete.
  missingManagementForm: gettextLazy('ManagementForm data is missing or has been tampered with. Missing fields: {fieldNames}. You may need to file a bug report if the issue persists.'),
  tooManyForms: ngettextLazy('Please submit at most {num} form.', 'Please submit at most {num} forms.', 1),
  tooManyFormsPlural: ngettextLazy('Please submit at most {num} form.', 'Please submit at most {num} forms.', 2),
  tooFewForms: ngettextLazy('Please submit at least {num} form.', 'Please submit at least {num} forms.', 1),
  tooFewFormsPlural: ngettextLazy('Please submit at least {num} form.', 'Please submit at least {num} forms.', 2),
  orderLabel: gettextLazy('Order'),
  deleteLabel: gettextLazy('Delete'),
})

/** A code of {@link FORM_MESSAGES}. */
export type MessageCode = keyof typeof FORM_MESSAGES

/** Per-field overrides of messages, by code (Django's `error_messages`); lazy strings allowed. */
export type ErrorMessages = Readonly<Partial<Record<MessageCode, string | LazyString>>>

/**
 * Fills `{name}` placeholders of a message with `params`. A lazy message is translated first, in
 * the active language; a plural one ({@link PluralLazyString}) takes the form for the count in
 * its parameter (`limitValue` for `maxLength`).
 * @example formatMessage('Ensure this value is less than or equal to {limitValue}.', { limitValue: 10 })
 */
export function formatMessage(template: string | LazyString, params: Readonly<Record<string, unknown>> = {}): string {
  const text = template instanceof PluralLazyString ? template.forCount(Number(params[template.countName])) : String(template)
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}
