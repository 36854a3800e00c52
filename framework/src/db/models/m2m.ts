/**
 * Many-to-many: the join table of a field, and the manager on both sides (`article.tags`,
 * `tag.articleSet`) with Django's `add remove set clear`, sending `m2mChanged` around each change.
 *
 * @module
 */
import { connections, db } from '../connection.ts'
import type { FieldSpec } from '../spec.ts'
import { ModelInstance, clearRelatedCache, getRelatedCache, instanceDb } from './instance.ts'
import { lowerFirst, snakeCase } from './naming.ts'
import { pkFieldOf, wrapDbError } from './persistence.ts'
import { modelRegistry } from './registry.ts'
import { m2mChanged, type M2mAction } from './signals.ts'
import type { AnyModel } from './types.ts'

/** Where the rows of a many-to-many field live. */
export interface M2mJoin {
  /** The join table: the automatic `<table>_<field>` or the `through` model's table. */
  readonly table: string
  /** Column pointing at the model declaring the field. */
  readonly sourceColumn: string
  /** Column pointing at the target model. */
  readonly targetColumn: string
  readonly target: AnyModel
}

/**
 * The join table of the many-to-many `field` declared on `owner`: automatic tables have columns
 * `<owner>_id` / `<target>_id` (`from_<x>_id` / `to_<x>_id` for a self relation); a `through` model
 * uses its foreign keys to each side.
 * @throws Error when a through model lacks a foreign key to either side.
 */
export function m2mJoin(owner: AnyModel, field: FieldSpec): M2mJoin {
  const rel = field.relation!
  const target = modelRegistry.resolveRelation(owner._meta.label, rel.to)
  if (rel.through) {
    const through = modelRegistry.resolveRelation(owner._meta.label, rel.through)
    const fks = through._meta.fields.filter((f) => f.relation && f.type !== 'ManyToManyField')
    const points = (f: FieldSpec, label: string) => modelRegistry.resolveLabel(through._meta.label, f.relation!.to) === label
    const source = fks.find((f) => points(f, owner._meta.label))
    const dest = fks.find((f) => f !== source && points(f, target._meta.label))
    if (!source || !dest) throw new Error(`${through._meta.label} needs foreign keys to ${owner._meta.label} and ${target._meta.label}.`)
    return { table: through._meta.dbTable, sourceColumn: source.column!, targetColumn: dest.column!, target }
  }
  const self = target._meta.label === owner._meta.label
  const from = owner._meta.name.toLowerCase()
  const to = target._meta.name.toLowerCase()
  return {
    table: rel.dbTable ?? `${owner._meta.dbTable}_${snakeCase(field.name)}`,
    sourceColumn: self ? `from_${from}_id` : `${from}_id`,
    targetColumn: self ? `to_${to}_id` : `${to}_id`,
    target,
  }
}

type Bag = Record<string, unknown>
interface QuerySetLike {
  filter(filter: Bag): QuerySetLike
  exclude(filter: Bag): QuerySetLike
  withResultCache(rows: readonly unknown[]): QuerySetLike
}

/**
 * The manager of one side of a many-to-many relation for one instance (Django's `ManyRelatedManager`).
 * `reverse` is `true` on the target side (`tag.articleSet`); `accessor` is the instance attribute
 * the manager sits on, which is also the key `prefetchRelated` fills in the relation cache.
 */
export class ManyRelatedManager {
  readonly #instance: ModelInstance
  readonly #owner: AnyModel
  readonly #field: FieldSpec
  readonly #reverse: boolean
  readonly #accessor: string

  constructor(instance: ModelInstance, owner: AnyModel, field: FieldSpec, reverse: boolean, accessor: string) {
    this.#instance = instance
    this.#owner = owner
    this.#field = field
    this.#reverse = reverse
    this.#accessor = accessor
  }

  /** The rows `prefetchRelated` loaded for this relation, if it did. */
  #prefetched(): readonly unknown[] | undefined {
    const cached = getRelatedCache(this.#instance, this.#accessor)
    return Array.isArray(cached) ? cached : undefined
  }

  /** A change makes prefetched rows stale (Django's `_remove_prefetched_objects`). */
  #forgetPrefetched(): void {
    clearRelatedCache(this.#instance, this.#accessor)
  }

  #join() {
    const join = m2mJoin(this.#owner, this.#field)
    const other = this.#reverse ? this.#owner : join.target
    const self = this.#reverse ? join.target : this.#owner
    return {
      table: join.table,
      mine: this.#reverse ? join.targetColumn : join.sourceColumn,
      theirs: this.#reverse ? join.sourceColumn : join.targetColumn,
      other,
      myPk: pkFieldOf(self._meta),
      otherPk: pkFieldOf(other._meta),
    }
  }

  #using(): string {
    return instanceDb(this.#instance) ?? 'default'
  }

  #pk(): unknown {
    const pk = this.#instance.pk
    if (pk === null) {
      throw new Error(`"${String(this.#instance)}" needs a value for field "${pkFieldOf((this.#instance.constructor as unknown as AnyModel)._meta).name}" before this many-to-many relationship can be used.`)
    }
    return pk
  }

  /**
   * The related rows, as a QuerySet of the other model. After `prefetchRelated` of this relation
   * the QuerySet yields the prefetched rows without a query (Django's prefetch cache); chaining
   * `filter()` etc. from it queries again.
   */
  all(): QuerySetLike {
    const base = this.#query()
    const prefetched = this.#prefetched()
    return prefetched === undefined ? base : base.withResultCache(prefetched)
  }

  #query(): QuerySetLike {
    const pk = this.#pk()
    const { other } = this.#join()
    // Forward: filter the target by the reverse query name; reverse: filter the owner by the field.
    const name = this.#reverse ? this.#field.name : (this.#field.relation!.relatedName ?? lowerFirst(this.#owner._meta.name))
    // `<relation>__pk` rather than `<relation>`: an explicit span the compiler joins through the join table.
    return (other.objects as unknown as { all(): QuerySetLike }).all().filter({ [`${name}__pk`]: pk })
  }

  filter(filter: Bag): QuerySetLike {
    return this.#query().filter(filter)
  }

  exclude(filter: Bag): QuerySetLike {
    return this.#query().exclude(filter)
  }

  /** The number of related rows (the prefetched list's length, else one query on the join table). */
  async count(): Promise<number> {
    return this.#prefetched()?.length ?? (await this.#currentIds()).length
  }

  async #currentIds(): Promise<unknown[]> {
    const j = this.#join()
    const ops = connections.get(this.#using()).ops
    const rows = await db(this.#using()).selectFrom(j.table).select(j.theirs)
      .where(j.mine, '=', ops.toDb(j.myPk, this.#pk())).execute()
    return rows.map((r) => ops.fromDb(j.otherPk, r[j.theirs]))
  }

  async #signal(action: M2mAction, pkSet: readonly unknown[] | null): Promise<void> {
    if (!m2mChanged.hasReceivers) return
    await m2mChanged.send({
      sender: this.#owner, field: this.#field.name, instance: this.#instance, action, reverse: this.#reverse,
      model: this.#join().other, pkSet, using: this.#using(),
    })
  }

  #ids(objects: readonly unknown[]): unknown[] {
    return objects.map((obj) => {
      if (obj instanceof ModelInstance) {
        if (obj.pk === null) throw new Error(`Cannot add "${String(obj)}": the value for field "pk" is None`)
        return obj.pk
      }
      return obj
    })
  }

  /** Creates a row of the other model and relates it. */
  async create(values: Bag): Promise<ModelInstance> {
    const Ctor = this.#join().other as unknown as new (values: Bag) => ModelInstance
    const obj = new Ctor(values)
    await obj.save({ using: this.#using() })
    await this.add(obj)
    return obj
  }

  /** Relates objects (instances or primary keys); already related ones are skipped. */
  async add(...objects: readonly unknown[]): Promise<void> {
    const j = this.#join()
    const using = this.#using()
    const ops = connections.get(using).ops
    const current = new Set((await this.#currentIds()).map(String))
    const fresh = [...new Map(this.#ids(objects).filter((id) => !current.has(String(id))).map((id) => [String(id), id])).values()]
    this.#forgetPrefetched()
    await this.#signal('preAdd', fresh)
    if (fresh.length) {
      const me = ops.toDb(j.myPk, this.#pk())
      try {
        await db(using).insertInto(j.table).values(fresh.map((id) => ({ [j.mine]: me, [j.theirs]: ops.toDb(j.otherPk, id) }))).execute()
      } catch (error) {
        throw wrapDbError(error)
      }
    }
    await this.#signal('postAdd', fresh)
  }

  /** Unrelates objects (instances or primary keys). */
  async remove(...objects: readonly unknown[]): Promise<void> {
    const j = this.#join()
    const using = this.#using()
    const ops = connections.get(using).ops
    const ids = this.#ids(objects)
    this.#forgetPrefetched()
    await this.#signal('preRemove', ids)
    if (ids.length) {
      await db(using).deleteFrom(j.table).where(j.mine, '=', ops.toDb(j.myPk, this.#pk()))
        .where(j.theirs, 'in', ids.map((id) => ops.toDb(j.otherPk, id))).execute()
    }
    await this.#signal('postRemove', ids)
  }

  /** Unrelates everything. */
  async clear(): Promise<void> {
    const j = this.#join()
    const using = this.#using()
    const ops = connections.get(using).ops
    this.#forgetPrefetched()
    await this.#signal('preClear', null)
    await db(using).deleteFrom(j.table).where(j.mine, '=', ops.toDb(j.myPk, this.#pk())).execute()
    await this.#signal('postClear', null)
  }

  /** Makes the related set exactly `objects`: removes the others, adds the missing. */
  async set(objects: readonly unknown[]): Promise<void> {
    const wanted = this.#ids(objects)
    const wantedKeys = new Set(wanted.map(String))
    const current = await this.#currentIds()
    const currentKeys = new Set(current.map(String))
    const extra = current.filter((id) => !wantedKeys.has(String(id)))
    if (extra.length) await this.remove(...extra)
    const missing = wanted.filter((id) => !currentKeys.has(String(id)))
    if (missing.length) await this.add(...missing)
  }
}
