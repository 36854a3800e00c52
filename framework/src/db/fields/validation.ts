/**
 * The built-in checks of each field type (Django's `Field.clean` / `default_validators`), run by
 * `instance.fullClean()` and reusable by forms. Messages are Django's, word for word.
 *
 * @module
 */
import { gettext, ngettext } from '../../core/translation.ts'
import type { FieldSpec } from '../spec.ts'
import { ValidationError } from '../errors.ts'

// Django's EmailValidator, simplified: a dot-atom or quoted local part, a domain with a dot or a literal.
const EMAIL = /^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}|\[[0-9.:A-Fa-f]+\])$/
const SLUG = /^[-a-zA-Z0-9_]+$/
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const DECIMAL = /^[-+]?(\d*)(?:\.(\d*))?$/
const SMALL_MIN = -32768
const SMALL_MAX = 32767
const INT_MIN = -2147483648
const INT_MAX = 2147483647

/** An empty value in Django's sense (`EMPTY_VALUES`): `null`, `undefined`, `''`, `[]`, `{}`. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object' && value.constructor === Object) return Object.keys(value).length === 0
  return false
}

/**
 * Fills the `{name}` placeholders of a (translated) message, as `formatMessage` in `tango/forms`.
 * @internal
 */
export function fillMessage(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

function validUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  return ['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol) && url.hostname.length > 0 && !/\s/.test(text)
}

function decimalMessages(field: FieldSpec, value: unknown): string[] {
  const text = typeof value === 'number' ? String(value) : value
  const match = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return [fillMessage(gettext('“{value}” value must be a decimal number.'), { value })]
  const whole = (match[1] ?? '').replace(/^0+/, '')
  const decimals = (match[2] ?? '').replace(/0+$/, '')
  const out: string[] = []
  const maxDigits = field.maxDigits
  const places = field.decimalPlaces
  if (maxDigits !== null && whole.length + decimals.length > maxDigits) {
    out.push(fillMessage(ngettext('Ensure that there are no more than {max} digit in total.', 'Ensure that there are no more than {max} digits in total.', maxDigits), { max: maxDigits }))
  } else if (places !== null && decimals.length > places) {
    out.push(fillMessage(ngettext('Ensure that there are no more than {max} decimal place.', 'Ensure that there are no more than {max} decimal places.', places), { max: places }))
  } else if (maxDigits !== null && places !== null && whole.length > maxDigits - places) {
    const max = maxDigits - places
    out.push(fillMessage(ngettext('Ensure that there are no more than {max} digit before the decimal point.', 'Ensure that there are no more than {max} digits before the decimal point.', max), { max }))
  }
  return out
}

function integerMessages(field: FieldSpec, value: unknown): string[] {
  if (field.type === 'BigIntegerField') {
    return typeof value === 'bigint' || Number.isInteger(value) ? [] : [fillMessage(gettext('“{value}” value must be an integer.'), { value })]
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return [fillMessage(gettext('“{value}” value must be an integer.'), { value })]
  const [min, max] = field.type === 'SmallIntegerField' ? [SMALL_MIN, SMALL_MAX]
    : field.type === 'PositiveIntegerField' ? [0, INT_MAX]
      : field.type === 'IntegerField' ? [INT_MIN, INT_MAX] : [-Infinity, Infinity]
  if (value < min) return [fillMessage(gettext('Ensure this value is greater than or equal to {limitValue}.'), { limitValue: min })]
  if (value > max) return [fillMessage(gettext('Ensure this value is less than or equal to {limitValue}.'), { limitValue: max })]
  return []
}

function typeMessages(field: FieldSpec, value: unknown): string[] {
  switch (field.type) {
    case 'CharField': case 'TextField': case 'EmailField': case 'URLField': case 'SlugField': {
      if (typeof value !== 'string') return [gettext('Enter a string.')]
      const out: string[] = []
      if (field.maxLength !== null && value.length > field.maxLength) {
        out.push(fillMessage(ngettext('Ensure this value has at most {limitValue} character (it has {showValue}).', 'Ensure this value has at most {limitValue} characters (it has {showValue}).', field.maxLength), { limitValue: field.maxLength, showValue: value.length }))
      }
      if (field.type === 'EmailField' && !EMAIL.test(value)) out.push(gettext('Enter a valid email address.'))
      if (field.type === 'URLField' && !validUrl(value)) out.push(gettext('Enter a valid URL.'))
      if (field.type === 'SlugField' && !SLUG.test(value)) {
        out.push(gettext('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'))
      }
      return out
    }
    case 'UUIDField':
      return typeof value === 'string' && UUID.test(value) ? [] : [fillMessage(gettext('“{value}” is not a valid UUID.'), { value })]
    case 'DecimalField':
      return decimalMessages(field, value)
    case 'IntegerField': case 'SmallIntegerField': case 'BigIntegerField': case 'PositiveIntegerField':
    case 'AutoField': case 'BigAutoField':
      return integerMessages(field, value)
    case 'FloatField':
      return typeof value === 'number' && !Number.isNaN(value) ? [] : [fillMessage(gettext('“{value}” value must be a float.'), { value })]
    case 'BooleanField':
      return typeof value === 'boolean' ? [] : [fillMessage(gettext('“{value}” value must be either True or False.'), { value })]
    case 'DateField':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? [] : [fillMessage(gettext('“{value}” value has an invalid date format. It must be in YYYY-MM-DD format.'), { value })]
    case 'DateTimeField':
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? [] : [fillMessage(gettext('“{value}” value has an invalid format. It must be a valid date/time.'), { value })]
    case 'TimeField':
      return typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value)
        ? [] : [fillMessage(gettext('“{value}” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.'), { value })]
    default:
      return []
  }
}

/**
 * Checks one value against a field: required/blank, choices, type and format, then the field's
 * custom validators. Auto fields and non-editable fields are the caller's to skip. Messages are
 * translated into the active language (`gettext`).
 *
 * @param field - the field's metadata.
 * @param value - the value on the instance (for a foreign key: the id).
 * @returns Django's messages, empty when the value is valid.
 */
export function validateField(field: FieldSpec, value: unknown): string[] {
  if (isEmptyValue(value)) {
    if (value === null || value === undefined) {
      if (!field.null) return [gettext('This field cannot be null.')]
      return []
    }
    if (!field.blank) return [gettext('This field cannot be blank.')]
    return []
  }
  const out: string[] = []
  if (field.choices && !field.choices.some((c) => c.value === value)) {
    out.push(fillMessage(gettext('Value {value} is not a valid choice.'), { value: typeof value === 'string' ? `'${value}'` : String(value) }))
  }
  out.push(...typeMessages(field, value))
  if (out.length === 0) {
    for (const validator of field.validators) {
      try {
        validator(value)
      } catch (error) {
        if (error instanceof ValidationError) out.push(...error.messages)
        else throw error
      }
    }
  }
  return out
}
