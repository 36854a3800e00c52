/**
 * `tango dumpdata [app[.Model] ...] [--indent N] [--output FILE] [--database ALIAS] [--exclude app[.Model]]`
 * (as Django's `dumpdata`): writes the rows of the chosen models as a JSON fixture in Django's
 * format, `[{ "model": "polls.question", "pk": 1, "fields": { ... } }]`, which `loaddata` reads back.
 *
 * Values: a ForeignKey is the target's pk under the field's name (`"question": 1`), a many-to-many
 * field (automatic join table) the list of target pks, a dateTime an ISO 8601 UTC string
 * (`2026-11-21T10:00:00.123Z`, as Django's encoder), date/time/decimal/uuid strings, duration
 * milliseconds, binary base64, a 64-bit integer a number (a string past 2^53). Rows are ordered by
 * primary key, models so that referenced ones come first.
 *
 * @module
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import type { DatabaseWrapper } from '../../db/backends/base/types.ts'
import { connections, db } from '../../db/connection.ts'
import type { AnyModel } from '../../db/models/types.ts'
import type { FieldSpec } from '../../db/spec.ts'
import { CommandError } from '../errors.ts'
import { autoM2mTable, labelLower, loadProjectModels, selectModels } from './data-support.ts'

/** A JSON value in a fixture. */
export type FixtureValue = string | number | boolean | null | readonly FixtureValue[] | { readonly [key: string]: FixtureValue }

/** One object of a fixture (Django's serialized form). */
export interface FixtureObject {
  /** `app.modelname`, lower case. */
  readonly model: string
  readonly pk: FixtureValue
  readonly fields: Readonly<Record<string, FixtureValue>>
}

/** A JavaScript value as the ORM holds it → its JSON fixture form (see the module doc). */
export function toFixtureValue(field: FieldSpec, value: unknown): FixtureValue {
  if (value === null || value === undefined) return null
  if (value instanceof Date) {
    // Django's DjangoJSONEncoder: milliseconds only when there are some, UTC as `Z`.
    const iso = value.toISOString()
    return value.getUTCMilliseconds() === 0 ? iso.replace('.000Z', 'Z') : iso
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (field.type === 'JSONField') return value as FixtureValue
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  return JSON.parse(JSON.stringify(value)) as FixtureValue
}

/**
 * The fixture objects of `models`, read with `connection` (rows ordered by primary key).
 * @param models - the models, in the order to write them.
 * @param connection - the database to read.
 */
export async function serializeModels(models: readonly AnyModel[], connection: DatabaseWrapper): Promise<FixtureObject[]> {
  const out: FixtureObject[] = []
  const kysely = db(connection.alias)
  for (const model of models) {
    const meta = model._meta
    const pkField = meta.fields.find((f) => f.name === meta.pk)
    if (pkField?.column === null || pkField === undefined) throw new CommandError(`${meta.label} has no primary key column.`)
    const rows = await kysely.selectFrom(meta.dbTable).selectAll().orderBy(pkField.column).execute()
    const m2m = new Map<string, Map<unknown, unknown[]>>()
    for (const field of meta.fields) {
      const join = autoM2mTable(model, field)
      if (join === null) continue
      const pairs = await kysely.selectFrom(join.table).select([join.sourceCol, join.targetCol]).orderBy(join.sourceCol).orderBy(join.targetCol).execute()
      const byOwner = new Map<unknown, unknown[]>()
      for (const pair of pairs) {
        const key = normalizeKey(pair[join.sourceCol])
        const list = byOwner.get(key) ?? []
        list.push(pair[join.targetCol])
        byOwner.set(key, list)
      }
      m2m.set(field.name, byOwner)
    }
    for (const row of rows) {
      const pk = connection.ops.fromDb(pkField, row[pkField.column])
      const fields: Record<string, FixtureValue> = {}
      for (const field of meta.fields) {
        if (field.name === meta.pk) continue
        if (field.type === 'ManyToManyField') {
          const byOwner = m2m.get(field.name)
          if (byOwner !== undefined) fields[field.name] = (byOwner.get(normalizeKey(row[pkField.column])) ?? []).map((v) => toFixtureValue(field, v))
          continue
        }
        if (field.column === null) continue
        fields[field.name] = toFixtureValue(field, connection.ops.fromDb(field, row[field.column]))
      }
      out.push({ model: labelLower(model), pk: toFixtureValue(pkField, pk), fields })
    }
  }
  return out
}

/** Join-table ids may come back as number or bigint or string depending on the driver: compare them as text. */
function normalizeKey(value: unknown): string {
  return String(value)
}

const USAGE = `Usage: tango dumpdata [app[.Model] ...] [--indent N] [--output FILE] [--database ALIAS] [--exclude app[.Model]]

Outputs the contents of the database as a JSON fixture (all managed models when none is named).

  --indent N          pretty-print with N spaces
  -o, --output FILE   write to FILE instead of standard output
  --database ALIAS    the database to read (default 'default')
  -e, --exclude NAME  leave out an app or a model (repeatable)`

/** The `dumpdata` command. */
export const dumpdataCommand: AppCommand = Object.freeze({
  name: 'dumpdata',
  help: 'Outputs the contents of the database as a JSON fixture.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          indent: { type: 'string' },
          output: { type: 'string', short: 'o' },
          database: { type: 'string' },
          exclude: { type: 'string', short: 'e', multiple: true },
          'natural-foreign': { type: 'boolean' },
          'natural-primary': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    const { values, positionals } = parsed
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (values['natural-foreign'] === true || values['natural-primary'] === true) {
      throw new CommandError('Natural keys are not supported yet: models have no naturalKey() protocol. Dump with primary keys.')
    }
    const indent = values.indent === undefined ? undefined : Number(values.indent)
    if (indent !== undefined && (!Number.isInteger(indent) || indent < 0)) throw new CommandError(`--indent must be a non-negative integer, got '${values.indent ?? ''}'.`, { exitCode: 2 })
    await loadProjectModels()
    const models = selectModels(positionals, values.exclude ?? [])
    const objects = await serializeModels(models, connections.get(values.database ?? 'default'))
    const text = `${JSON.stringify(objects, null, indent)}\n`
    if (values.output !== undefined) writeFileSync(values.output, text)
    else process.stdout.write(text)
    return 0
  },
})
