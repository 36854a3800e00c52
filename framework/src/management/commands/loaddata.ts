/**
 * `tango loaddata FIXTURE ... [--database ALIAS] [--ignorenonexistent]` (as Django's `loaddata`):
 * installs JSON fixtures (Django's format, as `dumpdata` writes) in one transaction. Each object is
 * written with its primary key (an existing row with that key is updated); many-to-many lists replace
 * the join rows; foreign keys are checked before the commit, so objects may come in any order. No
 * model code runs (no `save()`, no signals), as Django's raw loading. Prints
 * `Installed N object(s) from M fixture(s)`.
 *
 * A fixture is a path, or a name looked up in each installed app's `fixtures/` folder, then in
 * `settings.FIXTURE_DIRS`, then the current folder (`.json` is added when missing). Natural keys
 * are not supported yet.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { apps } from '../../core/apps.ts'
import type { AppCommand } from '../../core/apps.ts'
import { settings } from '../../core/settings.ts'
import type { DatabaseWrapper } from '../../db/backends/base/types.ts'
import { connections, db } from '../../db/connection.ts'
import type { AnyModel } from '../../db/models/types.ts'
import type { FieldSpec } from '../../db/spec.ts'
import { atomic } from '../../db/transaction.ts'
import { CommandError } from '../errors.ts'
import { autoM2mTable, labelLower, loadProjectModels, managedModels, sortByDependency } from './data-support.ts'
import type { FixtureObject } from './dumpdata.ts'

/** A fixture value → the JavaScript value the ORM holds for `field` (the inverse of `toFixtureValue`). */
export function fromFixtureValue(field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null
  switch (field.type) {
    case 'DateTimeField': return new Date(String(value))
    case 'BigIntegerField': return BigInt(value as string | number)
    case 'BinaryField': return Buffer.from(String(value), 'base64')
    default: return value
  }
}

/**
 * Finds a fixture file: an existing path as given, else `<name>[.json]` in each app's `fixtures/`,
 * `settings.FIXTURE_DIRS` and the current folder.
 * @throws {@link CommandError} "No fixture named 'x' found."
 */
export function findFixture(name: string): string {
  const names = name.endsWith('.json') ? [name] : [name, `${name}.json`]
  if (isAbsolute(name) || name.includes('/') || name.includes('\\')) {
    for (const candidate of names) if (existsSync(candidate)) return resolve(candidate)
  }
  const extra = (settings as unknown as Record<string, unknown>).FIXTURE_DIRS
  const dirs = [
    ...apps.all().map((a) => join(a.path, 'fixtures')),
    ...(Array.isArray(extra) ? extra.filter((d): d is string => typeof d === 'string') : []),
    process.cwd(),
  ]
  for (const dir of dirs) for (const candidate of names) if (existsSync(join(dir, candidate))) return join(dir, candidate)
  throw new CommandError(`No fixture named '${name}' found.`)
}

/** Reads and checks one fixture file. */
function readFixture(path: string): FixtureObject[] {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new CommandError(`Problem installing fixture '${path}': ${(error as Error).message}`, { cause: error })
  }
  if (!Array.isArray(data) || !data.every((o) => typeof o === 'object' && o !== null && typeof (o as { model?: unknown }).model === 'string')) {
    throw new CommandError(`Problem installing fixture '${path}': expected a JSON list of { "model", "pk", "fields" } objects.`)
  }
  return data as FixtureObject[]
}

/** The result of {@link loadFixtures}. */
export interface LoadResult {
  /** Objects written. */
  readonly objects: number
  /** Objects in the fixtures (more than `objects` when `ignoreNonexistent` skipped some). */
  readonly found: number
  readonly fixtures: number
}

/**
 * Installs fixture objects in one `atomic()` block on `connection`, pk-preserving, and checks
 * foreign keys before the commit.
 * @throws {@link CommandError} for an unknown model or field (unless `ignoreNonexistent`) or a broken foreign key; nothing is written then.
 */
export async function loadObjects(objects: readonly FixtureObject[], connection: DatabaseWrapper, options: { readonly ignoreNonexistent?: boolean; readonly fixtures?: number } = {}): Promise<LoadResult> {
  const models = new Map(managedModels().map((m) => [labelLower(m), m]))
  const order = new Map(sortByDependency([...models.values()]).map((m, i) => [m, i]))
  const known: { model: AnyModel; object: FixtureObject }[] = []
  for (const object of objects) {
    const model = models.get(object.model.toLowerCase())
    if (model === undefined) {
      if (options.ignoreNonexistent === true) continue
      throw new CommandError(`Problem installing fixture: Invalid model identifier: '${object.model}'`)
    }
    known.push({ model, object })
  }
  // Referenced models first, so databases without deferred constraints accept the rows; stable within a model.
  known.sort((a, b) => (order.get(a.model) ?? 0) - (order.get(b.model) ?? 0))
  const q = (name: string): string => connection.ops.quoteName(name)
  const touched = new Set<AnyModel>()
  await atomic(async () => {
    const trx = db(connection.alias)
    if (connection.vendor === 'sqlite') await sql.raw('PRAGMA defer_foreign_keys = ON').execute(trx)
    else await sql.raw('SET CONSTRAINTS ALL DEFERRED').execute(trx)
    for (const { model, object } of known) {
      const meta = model._meta
      const pkField = meta.fields.find((f) => f.name === meta.pk)
      if (pkField?.column === null || pkField === undefined) throw new CommandError(`${meta.label} has no primary key column.`)
      const row: Record<string, unknown> = { [pkField.column]: connection.ops.toDb(pkField, fromFixtureValue(pkField, object.pk)) }
      const m2m: [FieldSpec, readonly unknown[]][] = []
      for (const [name, value] of Object.entries(object.fields ?? {})) {
        const field = meta.fields.find((f) => f.name === name)
        if (field === undefined) {
          if (options.ignoreNonexistent === true) continue
          throw new CommandError(`Problem installing fixture: ${meta.label} has no field named '${name}'.`)
        }
        if (field.type === 'ManyToManyField') {
          if (!Array.isArray(value)) throw new CommandError(`Problem installing fixture: ${meta.label}.${name} must be a list of primary keys.`)
          m2m.push([field, value])
        } else if (field.column !== null) {
          row[field.column] = connection.ops.toDb(field, fromFixtureValue(field, value))
        }
      }
      const rest = Object.fromEntries(Object.entries(row).filter(([column]) => column !== pkField.column))
      try {
        await trx.insertInto(meta.dbTable).values(row)
          .onConflict((oc) => (Object.keys(rest).length === 0 ? oc.column(pkField.column!).doNothing() : oc.column(pkField.column!).doUpdateSet(rest)))
          .execute()
        for (const [field, pks] of m2m) {
          const join = autoM2mTable(model, field)
          if (join === null) continue
          const owner = row[pkField.column]
          await trx.deleteFrom(join.table).where(join.sourceCol, '=', owner).execute()
          if (pks.length > 0) await trx.insertInto(join.table).values(pks.map((pk) => ({ [join.sourceCol]: owner, [join.targetCol]: pk }))).execute()
        }
      } catch (error) {
        throw new CommandError(`Problem installing fixture: Could not load ${meta.label}(pk=${String(object.pk)}): ${(error as Error).message}`, { cause: error })
      }
      touched.add(model)
    }
    if (connection.vendor === 'sqlite') {
      const broken = (await sql<Record<string, unknown>>`SELECT * FROM pragma_foreign_key_check`.execute(trx)).rows
      const first = broken[0]
      if (first !== undefined) {
        throw new CommandError(`Problem installing fixtures: the row with rowid ${String(first.rowid)} of table '${String(first.table)}' references a missing row of '${String(first.parent)}' (${broken.length} broken foreign key(s)).`)
      }
    } else {
      try {
        await sql.raw('SET CONSTRAINTS ALL IMMEDIATE').execute(trx)
      } catch (error) {
        throw new CommandError(`Problem installing fixtures: ${(error as Error).message}`, { cause: error })
      }
      // Rows came with explicit ids: move each id sequence past them (Django's sequence_reset_sql).
      for (const model of touched) {
        const pkField = model._meta.fields.find((f) => f.name === model._meta.pk)
        if (pkField?.column == null || (pkField.type !== 'AutoField' && pkField.type !== 'BigAutoField')) continue
        const table = q(model._meta.dbTable)
        const column = q(pkField.column)
        await sql.raw(`SELECT setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${pkField.column.replace(/'/g, "''")}'), coalesce(max(${column}), 1), max(${column}) IS NOT null) FROM ${table}`).execute(trx)
      }
    }
  }, { using: connection.alias })
  return { objects: known.length, found: objects.length, fixtures: options.fixtures ?? 1 }
}

/** Finds, reads and installs the named fixtures (see the module doc). */
export async function loadFixtures(names: readonly string[], connection: DatabaseWrapper, options: { readonly ignoreNonexistent?: boolean } = {}): Promise<LoadResult> {
  const objects = names.map(findFixture).flatMap(readFixture)
  return loadObjects(objects, connection, { ...options, fixtures: names.length })
}

const USAGE = `Usage: tango loaddata FIXTURE ... [--database ALIAS] [--ignorenonexistent]

Installs the named JSON fixtures in the database, in one transaction.

  --database ALIAS              the database to load into (default 'default')
  -i, --ignorenonexistent       skip models and fields that no longer exist`

/** The `loaddata` command. */
export const loaddataCommand: AppCommand = Object.freeze({
  name: 'loaddata',
  help: 'Installs the named JSON fixtures in the database.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: { database: { type: 'string' }, ignorenonexistent: { type: 'boolean', short: 'i' }, help: { type: 'boolean', short: 'h' } },
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    const { values, positionals } = parsed
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (positionals.length === 0) throw new CommandError(`No database fixture specified. Please provide the path of at least one fixture in the command line.\n${USAGE}`, { exitCode: 2 })
    await loadProjectModels()
    const result = await loadFixtures(positionals, connections.get(values.database ?? 'default'), { ignoreNonexistent: values.ignorenonexistent === true })
    const of = result.objects === result.found ? '' : ` (of ${result.found})`
    process.stdout.write(`Installed ${result.objects} object(s)${of} from ${result.fixtures} fixture(s)\n`)
    return 0
  },
})
