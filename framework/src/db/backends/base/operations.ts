/**
 * The conversions both backends share; each vendor subclass says how booleans, date-times, JSON,
 * UUIDs and big integers travel through its driver, and which column types it uses.
 *
 * @module
 */
import type { FieldSpec } from '../../spec.ts'
import type { DatabaseOperations } from './types.ts'
import {
  canonicalUuid, durationToMicroseconds, normalizeDecimal, quoteName, quoteString, toBigInt, toBuffer,
  toDate, toDateText, toInteger, toNumber, toTimeText,
} from './values.ts'

/** Shared `DatabaseOperations` (Django's `BaseDatabaseOperations`); vendors override the hooks. */
export abstract class BaseDatabaseOperations implements DatabaseOperations {
  /** Column types by field type, `%(maxLength)s`-style placeholders filled from the field. */
  protected abstract readonly dataTypes: Readonly<Record<string, string>>

  abstract columnType(field: FieldSpec, target?: FieldSpec): string | null
  protected abstract dateTimeToDb(date: Date): unknown
  protected abstract dateTimeFromDb(value: unknown): Date
  protected abstract booleanToDb(value: boolean): unknown
  protected abstract jsonFromDb(value: unknown): unknown
  protected abstract bigIntToDb(value: bigint): unknown

  /** {@inheritDoc DatabaseOperations.quoteName} */
  quoteName(name: string): string {
    return quoteName(name)
  }

  /** Fills `%(maxLength)s`, `%(maxDigits)s`, `%(decimalPlaces)s` in a `dataTypes` entry. */
  protected fill(template: string, field: FieldSpec): string {
    return template
      .replace('%(maxLength)s', String(field.maxLength ?? 255))
      .replace('%(maxDigits)s', String(field.maxDigits ?? 65))
      .replace('%(decimalPlaces)s', String(field.decimalPlaces ?? 0))
  }

  /** {@inheritDoc DatabaseOperations.toDb} */
  toDb(field: FieldSpec, value: unknown): unknown {
    if (value === null || value === undefined) return null
    switch (field.type) {
      case 'BooleanField':
        if (typeof value !== 'boolean') throw new TypeError(`Field '${field.name}' expects a boolean, got ${String(value)}.`)
        return this.booleanToDb(value)
      case 'DateTimeField': return this.dateTimeToDb(toDate(field, value))
      case 'DateField': return toDateText(field, value)
      case 'TimeField': return toTimeText(field, value)
      case 'DurationField': return durationToMicroseconds(field, value)
      case 'DecimalField': return normalizeDecimal(field, value)
      case 'JSONField': return JSON.stringify(value)
      case 'UUIDField': return canonicalUuid(field, value)
      case 'BinaryField': return toBuffer(field, value)
      case 'BigIntegerField': return this.bigIntToDb(toBigInt(field, value))
      case 'AutoField': case 'BigAutoField': case 'IntegerField': case 'SmallIntegerField': case 'PositiveIntegerField':
        return toInteger(field, value)
      case 'FloatField':
        if (typeof value !== 'number') throw new TypeError(`Field '${field.name}' expects a number, got ${String(value)}.`)
        return value
      case 'ForeignKey': case 'OneToOneField':
        return typeof value === 'bigint' ? this.bigIntToDb(value) : value
      default:
        return value
    }
  }

  /** {@inheritDoc DatabaseOperations.fromDb} */
  fromDb(field: FieldSpec, value: unknown): unknown {
    if (value === null || value === undefined) return null
    switch (field.type) {
      case 'BooleanField': return value === true || value === 1 || value === 1n || value === '1' || value === 't'
      case 'DateTimeField': return this.dateTimeFromDb(value)
      case 'DateField': return value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
      case 'TimeField': return String(value)
      case 'DurationField': return Number(value) / 1000
      case 'DecimalField': return typeof value === 'string' ? value : normalizeDecimal(field, value)
      case 'JSONField': return this.jsonFromDb(value)
      case 'UUIDField': return canonicalUuid(field, value)
      case 'BinaryField': return Buffer.isBuffer(value) ? value : toBuffer(field, value)
      case 'BigIntegerField': return toBigInt(field, value)
      case 'FloatField': return Number(value)
      case 'AutoField': case 'BigAutoField': case 'IntegerField': case 'SmallIntegerField': case 'PositiveIntegerField':
      case 'ForeignKey': case 'OneToOneField':
        return toNumber(value)
      default:
        return value
    }
  }

  /** {@inheritDoc DatabaseOperations.literal} */
  literal(field: FieldSpec, value: unknown): string {
    const v = this.toDb(field, value)
    if (v === null) return 'NULL'
    if (typeof v === 'number' || typeof v === 'bigint') return String(v)
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
    if (v instanceof Date) return quoteString(v.toISOString())
    if (Buffer.isBuffer(v)) return this.bytesLiteral(v)
    return quoteString(String(v))
  }

  /** A binary literal; both vendors accept `X'hex'`-style, PostgreSQL overrides. */
  protected bytesLiteral(bytes: Buffer): string {
    return `X'${bytes.toString('hex')}'`
  }
}
