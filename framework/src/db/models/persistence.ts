/**
 * The SQL an instance runs by itself: insert, update, reload, single-row delete, the unique checks of
 * `fullClean` and the many-to-many join rows. Values go through `connection.ops` both ways; the
 * kysely comes from `db(alias)` so an open `atomic()` block is used.
 *
 * @internal
 * @module
 */
import { sql } from 'kysely'
import { connections, db } from '../connection.ts'
import { IntegrityError } from '../errors.ts'
import type { FieldSpec, ModelSpec } from '../spec.ts'

/** The attribute holding a field's column value: `questionId` for the ForeignKey `question`. */
export function attname(field: FieldSpec): string {
  return field.type === 'ForeignKey' || field.type === 'OneToOneField' ? `${field.name}Id` : field.name
}

/** Fields with a column (not many-to-many), in declaration order. */
export function concreteFields(meta: ModelSpec): readonly FieldSpec[] {
  let list = concrete.get(meta)
  if (!list) {
    list = meta.fields.filter((f) => f.column !== null && f.type !== 'ManyToManyField')
    concrete.set(meta, list)
  }
  return list
}
const concrete = new WeakMap<ModelSpec, readonly FieldSpec[]>()

/** The primary key field of a model. */
export function pkFieldOf(meta: ModelSpec): FieldSpec {
  const field = meta.fields.find((f) => f.name === meta.pk)
  if (!field) throw new Error(`${meta.label} has no primary key field '${meta.pk}'.`)
  return field
}

/**
 * Turns a driver's constraint error into an {@link IntegrityError} (better-sqlite3 `SQLITE_CONSTRAINT*`,
 * pg SQLSTATE class 23); other errors pass through unchanged.
 */
export function wrapDbError(error: unknown): unknown {
  if (error instanceof IntegrityError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code))) {
    return new IntegrityError((error as Error).message, { cause: error })
  }
  return error
}

type Values = Record<string, unknown>

function toRow(meta: ModelSpec, values: Values, fields: readonly FieldSpec[], alias: string): Values {
  const ops = connections.get(alias).ops
  const row: Values = {}
  for (const field of fields) row[field.column!] = ops.toDb(field, values[attname(field)] ?? null)
  void meta
  return row
}

/**
 * INSERTs one row. The auto primary key is left out when `null` and read back with RETURNING.
 * @returns the primary key value.
 * @throws IntegrityError on a constraint violation.
 */
export async function insertRow(meta: ModelSpec, values: Values, alias: string): Promise<unknown> {
  const pk = pkFieldOf(meta)
  const auto = pk.type === 'AutoField' || pk.type === 'BigAutoField'
  const fields = concreteFields(meta).filter((f) => !(f === pk && auto && (values[pk.name] ?? null) === null))
  const row = toRow(meta, values, fields, alias)
  try {
    const query = Object.keys(row).length === 0
      ? db(alias).insertInto(meta.dbTable).defaultValues()
      : db(alias).insertInto(meta.dbTable).values(row)
    const result = await query.returning(pk.column!).executeTakeFirst()
    return connections.get(alias).ops.fromDb(pk, result?.[pk.column!])
  } catch (error) {
    throw wrapDbError(error)
  }
}

/**
 * UPDATEs the row whose primary key is `pkValue`, writing `fields`.
 * @returns the number of rows updated (0 or 1).
 */
export async function updateRow(meta: ModelSpec, pkValue: unknown, values: Values, fields: readonly FieldSpec[], alias: string): Promise<number> {
  const pk = pkFieldOf(meta)
  if (fields.length === 0) {
    // Nothing to write: Django still checks the row exists so save() can fall back to INSERT.
    return (await selectRow(meta, pkValue, [pk], alias)) ? 1 : 0
  }
  const row = toRow(meta, values, fields, alias)
  try {
    const result = await db(alias).updateTable(meta.dbTable).set(row)
      .where(pk.column!, '=', connections.get(alias).ops.toDb(pk, pkValue)).executeTakeFirst()
    return Number(result.numUpdatedRows)
  } catch (error) {
    throw wrapDbError(error)
  }
}

/** SELECTs `fields` of the row with this primary key; values by attribute name, or `null` when absent. */
export async function selectRow(meta: ModelSpec, pkValue: unknown, fields: readonly FieldSpec[], alias: string): Promise<Values | null> {
  const pk = pkFieldOf(meta)
  const ops = connections.get(alias).ops
  const row = await db(alias).selectFrom(meta.dbTable).select(fields.map((f) => f.column!))
    .where(pk.column!, '=', ops.toDb(pk, pkValue)).executeTakeFirst()
  if (!row) return null
  const out: Values = {}
  for (const field of fields) out[attname(field)] = ops.fromDb(field, row[field.column!])
  return out
}

/** DELETEs the row with this primary key. @returns rows deleted. */
export async function deleteRow(meta: ModelSpec, pkValue: unknown, alias: string): Promise<number> {
  const pk = pkFieldOf(meta)
  try {
    const result = await db(alias).deleteFrom(meta.dbTable)
      .where(pk.column!, '=', connections.get(alias).ops.toDb(pk, pkValue)).executeTakeFirst()
    return Number(result.numDeletedRows)
  } catch (error) {
    throw wrapDbError(error)
  }
}

/** Whether another row (primary key ≠ `excludePk`) has these values in these fields (unique checks). */
export async function existsOther(meta: ModelSpec, fields: readonly FieldSpec[], values: Values, excludePk: unknown, alias: string): Promise<boolean> {
  const pk = pkFieldOf(meta)
  const ops = connections.get(alias).ops
  let query = db(alias).selectFrom(meta.dbTable).select(sql<number>`1`.as('one'))
  for (const field of fields) query = query.where(field.column!, '=', ops.toDb(field, values[attname(field)]))
  if (excludePk !== null && excludePk !== undefined) query = query.where(pk.column!, '<>', ops.toDb(pk, excludePk))
  return (await query.limit(1).executeTakeFirst()) !== undefined
}

/** Sets `column = value` on the rows whose primary key is in `pks` (reverse FK `add`). */
export async function updateColumnForPks(meta: ModelSpec, field: FieldSpec, value: unknown, pks: readonly unknown[], alias: string, onlyWhenEqual?: unknown): Promise<void> {
  if (pks.length === 0) return
  const pk = pkFieldOf(meta)
  const ops = connections.get(alias).ops
  let query = db(alias).updateTable(meta.dbTable).set({ [field.column!]: ops.toDb(field, value) })
    .where(pk.column!, 'in', pks.map((p) => ops.toDb(pk, p)))
  if (onlyWhenEqual !== undefined) query = query.where(field.column!, '=', ops.toDb(field, onlyWhenEqual))
  try {
    await query.execute()
  } catch (error) {
    throw wrapDbError(error)
  }
}

/** Sets `column = NULL` where `column = value` (reverse FK `clear`). */
export async function nullColumnWhere(meta: ModelSpec, field: FieldSpec, value: unknown, alias: string): Promise<void> {
  const ops = connections.get(alias).ops
  await db(alias).updateTable(meta.dbTable).set({ [field.column!]: null }).where(field.column!, '=', ops.toDb(field, value)).execute()
}
