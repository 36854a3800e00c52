/**
 * `tango inspectdb [table ...] [--database ALIAS] [--app LABEL]` (as Django's `inspectdb`): reads the
 * tables of an existing database and prints a `models.ts` declaring one unmanaged model per table.
 * Also home of the small introspection layer (`tableNames`, `tableColumns`, `foreignKeys`) that
 * `flush` uses: SQLite through `PRAGMA table_info` / `foreign_key_list`, PostgreSQL through
 * `information_schema`.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import type { AppCommand } from '../../core/apps.ts'
import type { DatabaseWrapper } from '../../db/backends/base/types.ts'
import { connections, db } from '../../db/connection.ts'
import { CommandError } from '../errors.ts'

/** One column as the database describes it. */
export interface ColumnInfo {
  readonly name: string
  /** The declared type, lower case: `varchar(200)`, `integer`, `timestamp with time zone`. */
  readonly type: string
  readonly notNull: boolean
  readonly primaryKey: boolean
  /** Character length for varchar columns, else `null`. */
  readonly maxLength: number | null
  /** Numeric precision and scale for decimal columns, else `null`. */
  readonly precision: number | null
  readonly scale: number | null
}

/** One foreign key column. */
export interface ForeignKeyInfo {
  readonly column: string
  readonly refTable: string
  readonly refColumn: string
}

type RawRow = Record<string, unknown>

async function rows(query: RawBuilder<RawRow>, alias: string): Promise<RawRow[]> {
  return (await query.execute(db(alias))).rows
}

/**
 * The user tables of the database, sorted (SQLite's internal tables left out; PostgreSQL's current schema).
 * @param connection - the database to read.
 */
export async function tableNames(connection: DatabaseWrapper): Promise<string[]> {
  const found = connection.vendor === 'sqlite'
    ? await rows(sql<RawRow>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`, connection.alias)
    : await rows(sql<RawRow>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`, connection.alias)
  return found.map((r) => String(r.name)).sort()
}

/** The columns of `table`, in table order. */
export async function tableColumns(connection: DatabaseWrapper, table: string): Promise<ColumnInfo[]> {
  if (connection.vendor === 'sqlite') {
    const info = await rows(sql<RawRow>`SELECT * FROM pragma_table_info(${table})`, connection.alias)
    return info.map((r) => {
      const type = String(r.type).toLowerCase()
      const size = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(type)
      const isDecimal = /^(decimal|numeric)/.test(type)
      return {
        name: String(r.name),
        type,
        notNull: Number(r.notnull) === 1 || Number(r.pk) > 0,
        primaryKey: Number(r.pk) > 0,
        maxLength: !isDecimal && size?.[1] !== undefined ? Number(size[1]) : null,
        precision: isDecimal && size?.[1] !== undefined ? Number(size[1]) : null,
        scale: isDecimal && size?.[2] !== undefined ? Number(size[2]) : null,
      }
    })
  }
  const info = await rows(sql<RawRow>`
    SELECT c.column_name, c.data_type, c.is_nullable, c.character_maximum_length, c.numeric_precision, c.numeric_scale,
      EXISTS (SELECT 1 FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
        ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema AND tc.table_name = c.table_name AND k.column_name = c.column_name) AS is_pk
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.table_name = ${table}
    ORDER BY c.ordinal_position`, connection.alias)
  return info.map((r) => {
    const type = String(r.data_type).toLowerCase()
    return {
      name: String(r.column_name),
      type,
      notNull: r.is_nullable === 'NO',
      primaryKey: r.is_pk === true,
      maxLength: r.character_maximum_length === null ? null : Number(r.character_maximum_length),
      precision: type === 'numeric' && r.numeric_precision !== null ? Number(r.numeric_precision) : null,
      scale: type === 'numeric' && r.numeric_scale !== null ? Number(r.numeric_scale) : null,
    }
  })
}

/** The foreign keys of `table`. */
export async function foreignKeys(connection: DatabaseWrapper, table: string): Promise<ForeignKeyInfo[]> {
  if (connection.vendor === 'sqlite') {
    const info = await rows(sql<RawRow>`SELECT * FROM pragma_foreign_key_list(${table})`, connection.alias)
    return info.map((r) => ({ column: String(r.from), refTable: String(r.table), refColumn: r.to === null ? 'id' : String(r.to) }))
  }
  const info = await rows(sql<RawRow>`
    SELECT kcu.column_name, ccu.table_name AS ref_table, ccu.column_name AS ref_column
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = ${table}`, connection.alias)
  return info.map((r) => ({ column: String(r.column_name), refTable: String(r.ref_table), refColumn: String(r.ref_column) }))
}

/** `polls_question` → `PollsQuestion` (Django's `table2model`). */
export function tableToModelName(table: string): string {
  const name = table.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')
  return /^[0-9]/.test(name) ? `T${name}` : name || 'Table'
}

/** `pub_date` → `pubDate`. */
export function columnToFieldName(column: string): string {
  const name = column.toLowerCase().replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')
  return /^[0-9]/.test(name) ? `field${name}` : name || 'field'
}

/** The `f.<builder>` for a column type, with the options it implies (Django's `data_types_reverse`). */
function builderFor(column: ColumnInfo): { builder: string; options: string[]; comment: string | null } {
  const t = column.type
  if (/^(character varying|varchar|nvarchar|char|character)/.test(t)) {
    return column.maxLength === null ? { builder: 'text', options: [], comment: null } : { builder: 'char', options: [`maxLength: ${column.maxLength}`], comment: null }
  }
  if (/^(decimal|numeric)/.test(t)) {
    return { builder: 'decimal', options: [`maxDigits: ${column.precision ?? 10}`, `decimalPlaces: ${column.scale ?? 0}`], comment: column.precision === null ? 'maxDigits and decimalPlaces guessed' : null }
  }
  if (/^(bigint|int8)/.test(t)) return { builder: 'bigInteger', options: [], comment: null }
  if (/^(smallint|int2)/.test(t)) return { builder: 'smallInteger', options: [], comment: null }
  if (/^(integer|int)/.test(t)) return { builder: 'integer', options: [], comment: null }
  if (/^(bool)/.test(t)) return { builder: 'boolean', options: [], comment: null }
  if (/^(real|double|float)/.test(t)) return { builder: 'float', options: [], comment: null }
  if (/^(timestamp|datetime)/.test(t)) return { builder: 'dateTime', options: [], comment: null }
  if (/^date$/.test(t)) return { builder: 'date', options: [], comment: null }
  if (/^time/.test(t)) return { builder: 'time', options: [], comment: null }
  if (/^interval/.test(t)) return { builder: 'duration', options: [], comment: null }
  if (/^uuid/.test(t)) return { builder: 'uuid', options: [], comment: null }
  if (/^jsonb?$/.test(t)) return { builder: 'json', options: [], comment: null }
  if (/^(blob|bytea)/.test(t)) return { builder: 'binary', options: [], comment: null }
  if (/^(text|clob)/.test(t)) return { builder: 'text', options: [], comment: null }
  return { builder: 'text', options: [], comment: `This field type is a guess: the column type is '${t}'.` }
}

/**
 * The TypeScript source of unmanaged models for `tables` (as Django's `inspectdb`).
 * @param connection - the database to read.
 * @param options - `tables` (default: all) and `app`, the app label the models are declared in.
 */
export async function inspectDatabase(connection: DatabaseWrapper, options: { readonly tables?: readonly string[]; readonly app?: string } = {}): Promise<string> {
  const app = options.app ?? 'legacy'
  const tables = options.tables !== undefined && options.tables.length > 0 ? [...options.tables] : await tableNames(connection)
  const out: string[] = [
    '// This is an auto-generated Tango model module (`tango inspectdb`). You will have to do the following manually:',
    '//   * Rearrange models\' order and check each field: types are read from the database and may be guesses.',
    '//   * Make sure each model has one field with primaryKey: true.',
    '//   * Remove `managed: false` for the models you wish Tango to create, modify and delete the table of.',
    '//   * Rename the models and fields as you like; keep `dbTable` and `dbColumn` pointing at the real names.',
    "import { defineModel, f } from 'tango/db'",
  ]
  for (const table of tables) {
    const columns = await tableColumns(connection, table)
    if (columns.length === 0) throw new CommandError(`Table '${table}' does not exist in database '${connection.alias}'.`)
    const fks = new Map((await foreignKeys(connection, table)).map((fk) => [fk.column, fk]))
    const lines: string[] = []
    const pkCount = columns.filter((c) => c.primaryKey).length
    for (const column of columns) {
      const fk = fks.get(column.name)
      let name = columnToFieldName(column.name)
      const options: string[] = []
      let call: string
      const comments: string[] = []
      if (fk !== undefined) {
        name = columnToFieldName(column.name.replace(/_id$/i, '')) || name
        const target = fk.refTable === table ? 'self' : `${app}.${tableToModelName(fk.refTable)}`
        options.push("onDelete: 'DO_NOTHING'")
        if (`${column.name}` !== `${snake(name)}_id`) options.push(`dbColumn: '${column.name}'`)
        if (!column.notNull) options.push('null: true', 'blank: true')
        call = `f.foreignKey('${target}', { ${options.join(', ')} })`
      } else if (column.primaryKey && pkCount === 1 && /^(integer|bigint|int8|int4|int)$/.test(column.type) && column.name === 'id') {
        call = column.type === 'integer' || column.type === 'int4' || column.type === 'int' ? 'f.autoField()' : 'f.bigAutoField()'
      } else {
        const guess = builderFor(column)
        options.push(...guess.options)
        if (column.primaryKey && pkCount === 1) options.push('primaryKey: true')
        if (!column.notNull) options.push('null: true', 'blank: true')
        if (snake(name) !== column.name) options.push(`dbColumn: '${column.name}'`)
        if (guess.comment !== null) comments.push(guess.comment)
        call = `f.${guess.builder}(${options.length === 0 ? '' : `{ ${options.join(', ')} }`})`
      }
      if (column.primaryKey && pkCount > 1) comments.push('Part of a composite primary key: Tango models need a single-column primary key.')
      lines.push(`  ${name}: ${call},${comments.length > 0 ? ` // ${comments.join(' ')}` : ''}`)
    }
    const modelName = tableToModelName(table)
    out.push('', `export const ${modelName} = defineModel('${app}.${modelName}', {`, ...lines, `}, { dbTable: '${table}', managed: false })`)
  }
  return `${out.join('\n')}\n`
}

function snake(name: string): string {
  return name.replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

const USAGE = `Usage: tango inspectdb [table ...] [--database ALIAS] [--app LABEL]

Introspects the database tables and prints a models.ts declaring an unmanaged model for each.

  --database ALIAS   the database to inspect (default 'default')
  --app LABEL        the app label to declare the models in (default 'legacy')`

/** The `inspectdb` command. */
export const inspectdbCommand: AppCommand = Object.freeze({
  name: 'inspectdb',
  help: 'Introspects the database tables and prints model declarations for them.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { database: { type: 'string' }, app: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const connection = connections.get(parsed.values.database ?? 'default')
    const app = parsed.values.app ?? 'legacy'
    process.stdout.write(await inspectDatabase(connection, { tables: parsed.positionals, app }))
    return 0
  },
})
