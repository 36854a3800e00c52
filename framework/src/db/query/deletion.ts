/**
 * The deletion `Collector` (Django's `django.db.models.deletion.Collector`): from the objects to
 * delete, follows every relation pointing at their model and applies its `onDelete`:
 *
 * - `CASCADE`: the referencing rows are collected too, recursively;
 * - `PROTECT`: `ProtectedError` listing the referencing objects, nothing is deleted;
 * - `RESTRICT`: `RestrictedError`, unless every referencing object is itself being deleted through
 *   a cascade from elsewhere in the same delete (Django's rule);
 * - `SET_NULL` / `SET_DEFAULT`: the referencing rows are updated;
 * - `DO_NOTHING`: nothing (the database's own constraint decides).
 *
 * Automatic many-to-many join rows of the deleted objects are removed. `preDelete` is sent for
 * each object before any write and `postDelete` after, all inside one `atomic()` block.
 *
 * What the admin's delete confirmation needs to describe a delete (Django's `NestedObjects`) is
 * here too: `collect()` tells an override why it collects (its `source`), {@link Collector.restricted}
 * and {@link Collector.joinRows} say what `delete()` would refuse or remove besides the objects.
 *
 * @module
 */
import { ProtectedError, RestrictedError } from '../errors.ts'
import { setDeleteHandler, type ModelInstance } from '../models/instance.ts'
import type { AnyModel, DeleteResult } from '../models/types.ts'
import type { FieldSpec } from '../spec.ts'
import { runSql } from './execute.ts'
import { attname, m2mTable, pkField, reverseRelations } from './meta.ts'
import { Q } from './q.ts'
import { QuerySet } from './queryset.ts'
import { connectionFor, inAtomic, resolveRelatedModel, sendPostDelete, sendPreDelete } from './runtime.ts'
import { quote } from './scope.ts'
import type { ModelClass } from './types.ts'

export type { DeleteResult }

/** Rows per `IN (...)` list. */
const BATCH = 500

interface Bucket {
  readonly model: ModelClass
  readonly objs: Map<unknown, object>
}

interface FieldUpdate {
  readonly model: ModelClass
  readonly field: FieldSpec
  readonly value: unknown
  readonly objs: readonly object[]
}

function pkOf(model: ModelClass, obj: object): unknown {
  return keyOf((obj as Record<string, unknown>)[model._meta.pk])
}

function nameOf(model: ModelClass, field: FieldSpec): string {
  return `${model._meta.name}.${field.name}`
}

/** A key or foreign key value as the buckets store it (PostgreSQL's bigint comes back as a BigInt). */
function keyOf(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value
}

/**
 * Why `collect()` is called on some objects (Django's `source` and `source_attr`): they refer
 * through `field` to objects of `model` that are being deleted, and `CASCADE` takes them along.
 */
export interface CollectSource {
  /** The model whose deletion cascades. */
  readonly model: ModelClass
  /** The foreign key, on the collected objects' model, that points at `model`. */
  readonly field: FieldSpec
  /** The collected object of `model` that `obj` (one of the objects being collected) refers to. */
  parentOf(obj: object): object | undefined
}

/** One row of an automatic many-to-many join table that `delete()` removes (see {@link Collector.joinRows}). */
export interface JoinRow {
  /** The model declaring the many-to-many field (the join table is its field's). */
  readonly owner: ModelClass
  readonly field: FieldSpec
  /** The field's target model. */
  readonly target: ModelClass
  /** The join row's own primary key (the table's `id`). */
  readonly id: unknown
  /** The collected object whose deletion removes the row. */
  readonly parent: object
  /** `parent`'s model. */
  readonly parentModel: ModelClass
}

interface JoinTable {
  readonly label: string
  readonly table: string
  /** The column pointing at the bucket's objects. */
  readonly col: string
  readonly owner: ModelClass
  readonly field: FieldSpec
}

/** The automatic join tables holding rows that point at `model`'s objects, from either side. */
function joinTables(model: ModelClass): JoinTable[] {
  const joins: JoinTable[] = []
  for (const f of model._meta.fields) {
    if (f.type === 'ManyToManyField' && f.relation && !f.relation.through) {
      const t = m2mTable(model, f)
      joins.push({ label: `${model._meta.label}_${f.name}`, table: t.table, col: t.sourceCol, owner: model, field: f })
    }
  }
  for (const rel of reverseRelations(model._meta)) {
    if (rel.kind === 'm2m' && !rel.field.relation?.through) {
      const owner = rel.model as ModelClass
      const t = m2mTable(owner, rel.field)
      joins.push({ label: `${owner._meta.label}_${rel.field.name}`, table: t.table, col: t.targetCol, owner, field: rel.field })
    }
  }
  return joins
}

/** Collects what a delete touches, then deletes it (see the module doc). */
export class Collector {
  readonly #using: string | null
  readonly #data = new Map<string, Bucket>()
  readonly #updates: FieldUpdate[] = []
  readonly #restricted: { model: ModelClass; field: FieldSpec; objs: readonly object[] }[] = []

  /** @param using - the database alias (default `'default'`). */
  constructor(using: string | null = null) {
    this.#using = using
  }

  /**
   * Adds `objs` (instances of `model`) and, following `onDelete`, what refers to them.
   * @param source - why they are collected: `null` for the objects to delete, the cascading
   *   relation for what a `CASCADE` takes along (the recursive calls pass it, so an override, like
   *   the admin's `NestedObjects`, sees each object's parent).
   * @throws ProtectedError when a `PROTECT` relation refers to any of them.
   */
  async collect(model: ModelClass, objs: readonly object[], source: CollectSource | null = null): Promise<void> {
    void source
    let bucket = this.#data.get(model._meta.label)
    if (!bucket) this.#data.set(model._meta.label, (bucket = { model, objs: new Map() }))
    const fresh = objs.filter((o) => !bucket.objs.has(pkOf(model, o)))
    if (!fresh.length) return
    for (const o of fresh) bucket.objs.set(pkOf(model, o), o)
    const pks = fresh.map((o) => pkOf(model, o))
    const protectedObjs: object[] = []
    const protectedVia: string[] = []
    for (const rel of reverseRelations(model._meta)) {
      if (rel.kind === 'm2m') continue
      const onDelete = rel.field.relation?.onDelete ?? 'CASCADE'
      if (onDelete === 'DO_NOTHING') continue
      const related: object[] = []
      for (let i = 0; i < pks.length; i += BATCH) {
        const qs = new QuerySet(rel.model, undefined).using(this.#using ?? 'default').filter(Q({ [`${attname(rel.field)}__in`]: pks.slice(i, i + BATCH) })).orderBy()
        related.push(...((await qs) as object[]))
      }
      if (!related.length) continue
      const relModel = rel.model as ModelClass
      if (onDelete === 'CASCADE') {
        const parents = bucket.objs
        const fk = attname(rel.field)
        await this.collect(relModel, related, { model, field: rel.field, parentOf: (o) => parents.get(keyOf((o as Record<string, unknown>)[fk])) })
      } else if (onDelete === 'PROTECT') {
        protectedObjs.push(...related)
        protectedVia.push(nameOf(relModel, rel.field))
      } else if (onDelete === 'RESTRICT') this.#restricted.push({ model: relModel, field: rel.field, objs: related })
      else {
        const f = rel.field
        const value = onDelete === 'SET_NULL' ? null : typeof f.default === 'function' ? (f.default as () => unknown)() : f.default
        this.#updates.push({ model: relModel, field: f, value: value ?? null, objs: related })
      }
    }
    if (protectedObjs.length) {
      throw new ProtectedError(
        `Cannot delete some instances of model '${model._meta.name}' because they are referenced through protected foreign keys: ${protectedVia.map((n) => `'${n}'`).join(', ')}.`,
        protectedObjs,
      )
    }
  }

  /**
   * What `collect()` gathered so far, model by model in collection order (the objects passed first,
   * then what cascades from them): the rows a `delete()` would remove. The admin's delete
   * confirmation lists these (Django reads `Collector.data`).
   */
  collected(): { readonly model: ModelClass; readonly objects: readonly object[] }[] {
    return [...this.#data.values()].map((b) => ({ model: b.model, objects: [...b.objs.values()] }))
  }

  /**
   * The objects that refer to collected ones through `RESTRICT` without being collected themselves:
   * what `delete()` would refuse with `RestrictedError` (Django's `collect()` raises it; its admin
   * lists them with the protected objects).
   */
  restricted(): object[] {
    const left: object[] = []
    for (const r of this.#restricted) left.push(...r.objs.filter((o) => !this.#collected(r.model, o)))
    return left
  }

  /**
   * The rows of automatic many-to-many join tables that `delete()` removes with the collected
   * objects (Django collects them as instances of the auto-created through model), each with the
   * collected object it hangs off. A row both of whose ends are collected is listed once.
   * Explicit `through` models are ordinary models: `collect()` cascades to them.
   */
  async joinRows(): Promise<JoinRow[]> {
    const conn = connectionFor(this.#using)
    const rows: JoinRow[] = []
    const seen = new Set<string>()
    for (const b of this.#data.values()) {
      const pk = pkField(b.model._meta)
      const ids = [...b.objs.keys()]
      for (const j of joinTables(b.model)) {
        for (let i = 0; i < ids.length; i += BATCH) {
          const params: unknown[] = []
          const list = ids.slice(i, i + BATCH).map((v) => {
            params.push(conn.ops.toDb(pk, v))
            return conn.vendor === 'postgresql' ? `$${params.length}` : '?'
          }).join(', ')
          const result = await runSql(this.#using, `SELECT ${quote('id')} AS id, ${quote(j.col)} AS parent FROM ${quote(j.table)} WHERE ${quote(j.col)} IN (${list}) ORDER BY ${quote('id')}`, params)
          for (const row of result.rows) {
            const id = keyOf(row.id)
            const parent = b.objs.get(keyOf(row.parent))
            if (parent === undefined || seen.has(`${j.table}\0${String(id)}`)) continue
            seen.add(`${j.table}\0${String(id)}`)
            const target = j.field.relation!.to
            rows.push({ owner: j.owner, field: j.field, target: resolveRelatedModel(j.owner._meta.label, target), id, parent, parentModel: b.model })
          }
        }
      }
    }
    return rows
  }

  #collected(model: ModelClass, obj: object): boolean {
    return this.#data.get(model._meta.label)?.objs.has(pkOf(model, obj)) ?? false
  }

  /**
   * Deletes everything collected, in one transaction.
   * @returns `{ count, perModel: { 'app.Model': n } }` (join rows of automatic many-to-many tables
   *   count under `'app.Model_field'`, as Django's auto-created through models).
   * @throws RestrictedError when a `RESTRICT` relation refers to an object not deleted too.
   */
  async delete(): Promise<DeleteResult> {
    for (const r of this.#restricted) {
      const left = r.objs.filter((o) => !this.#collected(r.model, o))
      if (left.length) {
        const [label] = this.#data.keys()
        throw new RestrictedError(
          `Cannot delete some instances of model '${this.#data.get(label!)!.model._meta.name}' because they are referenced through restricted foreign keys: '${nameOf(r.model, r.field)}'.`,
          left,
        )
      }
    }
    const using = this.#using ?? 'default'
    const conn = connectionFor(this.#using)
    const perModel: Record<string, number> = {}
    let count = 0
    const inList = (values: readonly unknown[], field: FieldSpec, params: unknown[]): string =>
      values.map((v) => {
        params.push(conn.ops.toDb(field, v))
        return conn.vendor === 'postgresql' ? `$${params.length}` : '?'
      }).join(', ')
    const buckets = [...this.#data.values()]
    await inAtomic(this.#using, async () => {
      for (const b of buckets) for (const o of b.objs.values()) await sendPreDelete(b.model, o, using)
      for (const u of this.#updates) {
        const pk = pkField(u.model._meta)
        const ids = u.objs.filter((o) => !this.#collected(u.model, o)).map((o) => pkOf(u.model, o))
        for (let i = 0; i < ids.length; i += BATCH) {
          const params: unknown[] = [u.value === null ? null : conn.ops.toDb(u.field, u.value)]
          const ph = conn.vendor === 'postgresql' ? '$1' : '?'
          await runSql(this.#using, `UPDATE ${quote(u.model._meta.dbTable)} SET ${quote(u.field.column!)} = ${ph} WHERE ${quote(pk.column!)} IN (${inList(ids.slice(i, i + BATCH), pk, params)})`, params)
        }
        for (const o of u.objs) (o as Record<string, unknown>)[attname(u.field)] = u.value
      }
      for (const b of buckets) {
        const pk = pkField(b.model._meta)
        const ids = [...b.objs.keys()]
        for (const j of joinTables(b.model)) {
          for (let i = 0; i < ids.length; i += BATCH) {
            const params: unknown[] = []
            const { affected } = await runSql(this.#using, `DELETE FROM ${quote(j.table)} WHERE ${quote(j.col)} IN (${inList(ids.slice(i, i + BATCH), pk, params)})`, params)
            if (affected) {
              perModel[j.label] = (perModel[j.label] ?? 0) + affected
              count += affected
            }
          }
        }
      }
      // Referencing rows first: buckets were collected parents-first.
      for (const b of [...buckets].reverse()) {
        const pk = pkField(b.model._meta)
        const ids = [...b.objs.keys()]
        let n = 0
        for (let i = 0; i < ids.length; i += BATCH) {
          const params: unknown[] = []
          n += (await runSql(this.#using, `DELETE FROM ${quote(b.model._meta.dbTable)} WHERE ${quote(pk.column!)} IN (${inList(ids.slice(i, i + BATCH), pk, params)})`, params)).affected
        }
        perModel[b.model._meta.label] = (perModel[b.model._meta.label] ?? 0) + n
        count += n
      }
      for (const b of buckets) {
        for (const o of b.objs.values()) {
          await sendPostDelete(b.model, o, using)
          // As Django: a deleted instance has no primary key any more.
          ;(o as Record<string, unknown>)[b.model._meta.pk] = null
        }
      }
    })
    return { count, perModel }
  }
}

/** `instance.delete()` goes through the Collector so every `onDelete` rule applies. */
setDeleteHandler(async (instance: ModelInstance, using: string) => {
  const collector = new Collector(using)
  await collector.collect(instance.constructor as unknown as AnyModel, [instance])
  return collector.delete()
})
