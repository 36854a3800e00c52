/**
 * SQLite value conversion and column types (Django's `django/db/backends/sqlite3/base.py` `data_types`).
 *
 * Choices where Tango differs from Django, on purpose:
 * - DecimalField columns are `decimal_text(p, s)`: a declared type with TEXT affinity, so SQLite keeps
 *   the exact digits (Django's `decimal` has NUMERIC affinity and rounds past 15 digits). Ordering and
 *   comparisons on such a column are textual unless the query casts.
 * - UUIDField is `char(32)` as Django, but holds the canonical dashed form (36 characters; SQLite does
 *   not enforce lengths), which reads well in raw SQL and matches PostgreSQL's text form.
 *
 * @module
 */
import type { FieldSpec } from '../../spec.ts'
import { BaseDatabaseOperations } from '../base/operations.ts'
import { formatDateTime, INTEGER_TYPES, parseDateTime } from '../base/values.ts'

const DATA_TYPES: Readonly<Record<string, string>> = {
  AutoField: 'integer', BigAutoField: 'integer',
  CharField: 'varchar(%(maxLength)s)', EmailField: 'varchar(%(maxLength)s)', URLField: 'varchar(%(maxLength)s)', SlugField: 'varchar(%(maxLength)s)',
  TextField: 'text', IntegerField: 'integer', SmallIntegerField: 'smallint', BigIntegerField: 'bigint',
  PositiveIntegerField: 'integer unsigned', FloatField: 'real', DecimalField: 'decimal_text(%(maxDigits)s, %(decimalPlaces)s)',
  BooleanField: 'bool', DateField: 'date', DateTimeField: 'datetime', TimeField: 'time', DurationField: 'bigint',
  UUIDField: 'char(32)', JSONField: 'text', BinaryField: 'BLOB',
}

/** {@link DatabaseOperations} for SQLite. */
export class SqliteOperations extends BaseDatabaseOperations {
  protected readonly dataTypes = DATA_TYPES

  /** {@inheritDoc DatabaseOperations.columnType} */
  columnType(field: FieldSpec, target?: FieldSpec): string | null {
    if (field.type === 'ManyToManyField') return null
    if (field.type === 'ForeignKey' || field.type === 'OneToOneField') {
      if (target === undefined) return 'bigint'
      // Django's rel_db_type: an auto field's FK column is a plain integer of the same width.
      if (target.type === 'BigAutoField') return 'bigint'
      if (INTEGER_TYPES.has(target.type)) return 'integer'
      return this.columnType(target)
    }
    const template = this.dataTypes[field.type]
    return template === undefined ? null : this.fill(template, field)
  }

  protected dateTimeToDb(date: Date): unknown {
    return formatDateTime(date)
  }

  protected dateTimeFromDb(value: unknown): Date {
    if (value instanceof Date) return value
    if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value))
    return parseDateTime(String(value))
  }

  protected booleanToDb(value: boolean): unknown {
    return value ? 1 : 0
  }

  protected jsonFromDb(value: unknown): unknown {
    return typeof value === 'string' ? JSON.parse(value) : value
  }

  protected bigIntToDb(value: bigint): unknown {
    // better-sqlite3 binds bigint as a 64-bit integer; small ones as numbers keep plans simple.
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  }
}
