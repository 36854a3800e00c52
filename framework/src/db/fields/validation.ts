/**
 * The built-in checks of each field type (Django's `Field.clean` / `default_validators`), run by
 * `instance.fullClean()` and reusable by forms. Messages are Django's, word for word.
 *
 * @module
 */
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
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return ['“' + String(value) + '” value must be a decimal number.']
  const whole = (match[1] ?? '').replace(/^0+/, '')
  const decimals = (match[2] ?? '').replace(/0+$/, '')
  const out: string[] = []
  const maxDigits = field.maxDigits
  const places = field.decimalPlaces
  if (maxDigits !== null && whole.length + decimals.length > maxDigits) {
    out.push(`Ensure that there are no more than ${maxDigits} digits in total.`)
  } else if (places !== null && decimals.length > places) {
    out.push(`Ensure that there are no more than ${places} decimal places.`)
  } else if (maxDigits !== null && places !== null && whole.length > maxDigits - places) {
    out.push(`Ensure that there are no more than ${maxDigits - places} digits before the decimal point.`)
  }
  return out
}

function integerMessages(field: FieldSpec, value: unknown): string[] {
  if (field.type === 'BigIntegerField') {
    return typeof value === 'bigint' || Number.isInteger(value) ? [] : [`“${String(value)}” value must be an integer.`]
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return [`“${String(value)}” value must be an integer.`]
  const [min, max] = field.type === 'SmallIntegerField' ? [SMALL_MIN, SMALL_MAX]
    : field.type === 'PositiveIntegerField' ? [0, INT_MAX]
      : field.type === 'IntegerField' ? [INT_MIN, INT_MAX] : [-Infinity, Infinity]
  if (value < min) return [`Ensure this value is greater than or equal to ${min}.`]
  if (value > max) return [`Ensure this value is less than or equal to ${max}.`]
  return []
}

function typeMessages(field: FieldSpec, value: unknown): string[] {
  switch (field.type) {
    case 'CharField': case 'TextField': case 'EmailField': case 'URLField': case 'SlugField': {
      if (typeof value !== 'string') return ['Enter a string.']
      const out: string[] = []
      if (field.maxLength !== null && value.length > field.maxLength) {
        out.push(`Ensure this value has at most ${field.maxLength} characters (it has ${value.length}).`)
      }
      if (field.type === 'EmailField' && !EMAIL.test(value)) out.push('Enter a valid email address.')
      if (field.type === 'URLField' && !validUrl(value)) out.push('Enter a valid URL.')
      if (field.type === 'SlugField' && !SLUG.test(value)) {
        out.push('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.')
      }
      return out
    }
    case 'UUIDField':
      return typeof value === 'string' && UUID.test(value) ? [] : [`“${String(value)}” is not a valid UUID.`]
    case 'DecimalField':
      return decimalMessages(field, value)
    case 'IntegerField': case 'SmallIntegerField': case 'BigIntegerField': case 'PositiveIntegerField':
    case 'AutoField': case 'BigAutoField':
      return integerMessages(field, value)
    case 'FloatField':
      return typeof value === 'number' && !Number.isNaN(value) ? [] : [`“${String(value)}” value must be a float.`]
    case 'BooleanField':
      return typeof value === 'boolean' ? [] : [`“${String(value)}” value must be either True or False.`]
    case 'DateField':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? [] : [`“${String(value)}” value has an invalid date format. It must be in YYYY-MM-DD format.`]
    case 'DateTimeField':
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? [] : [`“${String(value)}” value has an invalid format. It must be a valid date/time.`]
    case 'TimeField':
      return typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value)
        ? [] : [`“${String(value)}” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.`]
    default:
      return []
  }
}

/**
 * Checks one value against a field: required/blank, choices, type and format, then the field's
 * custom validators. Auto fields and non-editable fields are the caller's to skip.
 *
 * @param field - the field's metadata.
 * @param value - the value on the instance (for a foreign key: the id).
 * @returns Django's messages, empty when the value is valid.
 */
export function validateField(field: FieldSpec, value: unknown): string[] {
  if (isEmptyValue(value)) {
    if (value === null || value === undefined) {
      if (!field.null) return ['This field cannot be null.']
      return []
    }
    if (!field.blank) return ['This field cannot be blank.']
    return []
  }
  const out: string[] = []
  if (field.choices && !field.choices.some((c) => c.value === value)) {
    out.push(`Value ${typeof value === 'string' ? `'${value}'` : String(value)} is not a valid choice.`)
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
