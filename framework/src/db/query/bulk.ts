/**
 * `bulkCreate` (one multi-row INSERT per batch, defaults filled in JavaScript) and `bulkUpdate`
 * (one `CASE` UPDATE per batch), as Django's. Neither calls `save()` nor sends signals.
 *
 * @internal
 * @module
 */
import { ModelInstance, instantiate, markSaved } from '../models/instance.ts'
import type { AnyModel } from '../models/types.ts'
import type { FieldSpec } from '../spec.ts'
import { FieldError } from '../errors.ts'
import { runSql } from './execute.ts'
import { attname, concreteFields, pkField } from './meta.ts'
import { connectionFor, inAtomic } from './runtime.ts'
import { quote } from './scope.ts'

/** Options of `bulkCreate`. */
export interface BulkCreateOptions {
  /** Rows per INSERT; default: as many as the database's parameter limit allows. */
  readonly batchSize?: number
}

function isAuto(field: FieldSpec): boolean {
  return field.type === 'AutoField' || field.type === 'BigAutoField'
}

/** An object's value for `field`: by attribute name, by field name (a related instance gives its pk), else the default. */
function valueOf(obj: Readonly<Record<string, unknown>>, field: FieldSpec, now: Date): unknown {
  const name = attname(field)
  let v = obj[name]
  if (v === undefined && name !== field.name) {
    const rel = obj[field.name]
    v = rel !== null && typeof rel === 'object' ? (rel as { pk?: unknown }).pk : rel
  }
  if ((v === undefined || v === null) && (field.autoNow || field.autoNowAdd)) return now
  if (v === undefined) v = field.hasDefault ? (typeof field.default === 'function' ? (field.default as () => unknown)() : field.default) : null
  return v
}

/** Inserts `objs`; returns instances with primary keys (plain inputs become new instances, instances get their pk set). */
export async function bulkCreate(model: AnyModel, objs: readonly object[], options: BulkCreateOptions, using: string | null): Promise<object[]> {
  if (!objs.length) return []
  const conn = connectionFor(using)
  const meta = model._meta
  const pk = pkField(meta)
  const fields = concreteFields(meta)
  // Plain inputs are checked as the constructor checks them (Django builds instances, whose __init__
  // raises TypeError): an unknown key (say, a field's name before a rename) would otherwise be
  // dropped silently and its column written NULL.
  const known = new Set(['pk', ...fields.flatMap((f) => [f.name, attname(f)])])
  for (const obj of objs) {
    if (obj instanceof ModelInstance) continue
    const unknown = Object.keys(obj).find((key) => !known.has(key))
    if (unknown !== undefined) throw new TypeError(`${meta.name}() got an unexpected field '${unknown}'.`)
  }
  const now = new Date()
  const rows = objs.map((obj) => fields.map((f) => valueOf(obj as Record<string, unknown>, f, now)))
  const pkIndex = fields.indexOf(pk)
  const out: object[] = new Array(objs.length)
  // Rows without an auto key leave the column out; rows with one keep it (as Django splits them).
  const withPk: number[] = []
  const withoutPk: number[] = []
  rows.forEach((r, i) => (isAuto(pk) && (r[pkIndex] === null || r[pkIndex] === undefined) ? withoutPk : withPk).push(i))
  const run = async (indexes: number[], cols: FieldSpec[]): Promise<void> => {
    if (!indexes.length) return
    const colIdx = cols.map((c) => fields.indexOf(c))
    const max = Math.max(1, Math.floor(conn.features.maxQueryParams / Math.max(cols.length, 1)))
    const batch = Math.min(options.batchSize ?? max, max)
    const head = `INSERT INTO ${quote(meta.dbTable)} (${cols.map((c) => quote(c.column!)).join(', ')}) VALUES `
    for (let start = 0; start < indexes.length; start += batch) {
      const slice = indexes.slice(start, start + batch)
      const params: unknown[] = []
      const tuples = slice.map((i) => {
        const row = rows[i]!
        return `(${colIdx.map((ci) => {
          const v = row[ci]
          params.push(v === null || v === undefined ? null : conn.ops.toDb(fields[ci]!, v))
          return conn.vendor === 'postgresql' ? `$${params.length}` : '?'
        }).join(', ')})`
      })
      const { rows: returned } = await runSql(using, `${head}${tuples.join(', ')} RETURNING ${quote(pk.column!)}`, params)
      slice.forEach((i, k) => {
        const rawPk = returned[k]?.[pk.column!]
        const row = rows[i]!
        row[pkIndex] = rawPk === undefined ? row[pkIndex] : conn.ops.fromDb(pk, rawPk)
        const obj = objs[i]!
        if (obj instanceof ModelInstance) {
          obj.pk = row[pkIndex]
          markSaved(obj, using ?? 'default')
          out[i] = obj
        } else {
          const values: Record<string, unknown> = {}
          fields.forEach((f, fi) => (values[attname(f)] = row[fi]))
          out[i] = instantiate(model, values, using ?? 'default')
        }
      })
    }
  }
  await inAtomic(using, async () => {
    await run(withoutPk, fields.filter((f) => f !== pk))
    await run(withPk, [...fields])
  })
  return out
}

/** Updates `fieldNames` of `objs` by primary key with `CASE pk WHEN ... THEN ... END`; returns rows updated. */
export async function bulkUpdate(model: AnyModel, objs: readonly object[], fieldNames: readonly string[], options: { readonly batchSize?: number }, using: string | null): Promise<number> {
  if (!objs.length || !fieldNames.length) return 0
  const conn = connectionFor(using)
  const meta = model._meta
  const pk = pkField(meta)
  const fields = fieldNames.map((name) => {
    const f = concreteFields(meta).find((x) => x.name === name || attname(x) === name)
    if (!f || f.primaryKey) throw new FieldError(`bulkUpdate() can only be used with concrete, non-primary-key fields: '${name}'`)
    return f
  })
  const perObj = fields.length * 2 + 1
  const max = Math.max(1, Math.floor(conn.features.maxQueryParams / perObj))
  const batch = Math.min(options.batchSize ?? max, max)
  const now = new Date()
  let total = 0
  await inAtomic(using, async () => {
    for (let start = 0; start < objs.length; start += batch) {
      const slice = objs.slice(start, start + batch) as readonly Record<string, unknown>[]
      const params: unknown[] = []
      const p = (v: unknown): string => {
        params.push(v)
        return conn.vendor === 'postgresql' ? `$${params.length}` : '?'
      }
      const sets = fields.map((f) => {
        const cases = slice.map((o) => {
          const v = f.autoNow ? now : valueOf(o, f, now)
          // PostgreSQL infers CASE branch types from the column only with an explicit cast.
          const cast = conn.vendor === 'postgresql' ? `::${conn.ops.columnType(f) ?? 'text'}` : ''
          return `WHEN ${p(conn.ops.toDb(pk, o[pk.name]))} THEN ${p(v === null || v === undefined ? null : conn.ops.toDb(f, v))}${cast}`
        })
        return `${quote(f.column!)} = CASE ${quote(pk.column!)} ${cases.join(' ')} ELSE ${quote(f.column!)} END`
      })
      const ids = slice.map((o) => p(conn.ops.toDb(pk, o[pk.name])))
      const { affected } = await runSql(using, `UPDATE ${quote(meta.dbTable)} SET ${sets.join(', ')} WHERE ${quote(pk.column!)} IN (${ids.join(', ')})`, params)
      total += affected
    }
  })
  return total
}
