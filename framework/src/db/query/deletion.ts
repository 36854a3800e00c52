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
import { connectionFor, inAtomic, sendPostDelete, sendPreDelete } from './runtime.ts'
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
  const v = (obj as Record<string, unknown>)[model._meta.pk]
  return typeof v === 'bigint' ? Number(v) : v
}

function nameOf(model: ModelClass, field: FieldSpec): string {
  return `${model._meta.name}.${field.name}`
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
   * @throws ProtectedError when a `PROTECT` relation refers to any of them.
   */
  async collect(model: ModelClass, objs: readonly object[]): Promise<void> {
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
      if (onDelete === 'CASCADE') await this.collect(relModel, related)
      else if (onDelete === 'PROTECT') {
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
        const joins: { label: string; table: string; col: string }[] = []
        for (const f of b.model._meta.fields) {
          if (f.type === 'ManyToManyField' && f.relation && !f.relation.through) {
            const t = m2mTable(b.model, f)
            joins.push({ label: `${b.model._meta.label}_${f.name}`, table: t.table, col: t.sourceCol })
          }
        }
        for (const rel of reverseRelations(b.model._meta)) {
          if (rel.kind === 'm2m' && !rel.field.relation?.through) {
            const t = m2mTable(rel.model as ModelClass, rel.field)
            joins.push({ label: `${rel.model._meta.label}_${rel.field.name}`, table: t.table, col: t.targetCol })
          }
        }
        for (const j of joins) {
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
