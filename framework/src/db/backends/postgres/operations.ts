/**
 * PostgreSQL value conversion and column types (Django's `django/db/backends/postgresql/base.py`
 * `data_types`; DurationField is `bigint` microseconds, as on SQLite, rather than `interval`).
 *
 * @module
 */
import type { FieldSpec } from '../../spec.ts'
import { BaseDatabaseOperations } from '../base/operations.ts'
import { INTEGER_TYPES, parseDateTime } from '../base/values.ts'

const DATA_TYPES: Readonly<Record<string, string>> = {
  AutoField: 'integer', BigAutoField: 'bigint',
  CharField: 'varchar(%(maxLength)s)', EmailField: 'varchar(%(maxLength)s)', URLField: 'varchar(%(maxLength)s)', SlugField: 'varchar(%(maxLength)s)',
  TextField: 'text', IntegerField: 'integer', SmallIntegerField: 'smallint', BigIntegerField: 'bigint',
  PositiveIntegerField: 'integer', FloatField: 'double precision', DecimalField: 'numeric(%(maxDigits)s, %(decimalPlaces)s)',
  BooleanField: 'boolean', DateField: 'date', DateTimeField: 'timestamp with time zone', TimeField: 'time', DurationField: 'bigint',
  UUIDField: 'uuid', JSONField: 'jsonb', BinaryField: 'bytea',
}

/** {@link DatabaseOperations} for PostgreSQL (driver: pg, with the type parsers set in `postgres/wrapper.ts`). */
export class PostgresOperations extends BaseDatabaseOperations {
  protected readonly dataTypes = DATA_TYPES

  /** {@inheritDoc DatabaseOperations.columnType} */
  columnType(field: FieldSpec, target?: FieldSpec): string | null {
    if (field.type === 'ManyToManyField') return null
    if (field.type === 'ForeignKey' || field.type === 'OneToOneField') {
      if (target === undefined || target.type === 'BigAutoField') return 'bigint'
      if (INTEGER_TYPES.has(target.type)) return 'integer'
      return this.columnType(target)
    }
    const template = this.dataTypes[field.type]
    return template === undefined ? null : this.fill(template, field)
  }

  protected dateTimeToDb(date: Date): unknown {
    return date
  }

  protected dateTimeFromDb(value: unknown): Date {
    return value instanceof Date ? value : parseDateTime(String(value))
  }

  protected booleanToDb(value: boolean): unknown {
    return value
  }

  protected jsonFromDb(value: unknown): unknown {
    // pg parses jsonb already; a string here came from a text column or a raw query.
    return value
  }

  protected bigIntToDb(value: bigint): unknown {
    return value.toString()
  }

  protected override bytesLiteral(bytes: Buffer): string {
    return `'\\x${bytes.toString('hex')}'::bytea`
  }
}
