/**
 * Relation accessors installed on generated model classes: the awaitable forward accessor
 * (`await choice.question`), reverse managers (`question.choices`), one-to-one reverse accessors
 * (`await user.profile`) and many-to-many managers (`article.tags.add(tag)`).
 *
 * Querysets come from the target's `objects` (the query layer); relation changes run their own SQL
 * (`persistence.ts`, `m2m.ts`).
 *
 * @internal
 * @module
 */
import type { FieldSpec } from '../spec.ts'
import { ModelInstance, clearRelatedCache, getRelatedCache, instanceDb, instantiate, setRelatedCache } from './instance.ts'
import { attname, concreteFields, nullColumnWhere, selectRow, updateColumnForPks } from './persistence.ts'
import { modelRegistry, type ReverseRelation } from './registry.ts'
import type { AnyModel } from './types.ts'
import { ManyRelatedManager } from './m2m.ts'

type Bag = Record<string, unknown>
/** The QuerySet surface related managers use (the query layer's QuerySet has more). */
interface QuerySetLike {
  filter(filter: Bag): QuerySetLike
  exclude(filter: Bag): QuerySetLike
  count(): Promise<number>
  withResultCache(rows: readonly unknown[]): QuerySetLike
}

/** Loads one instance of `model` by primary key; throws the model's `DoesNotExist` when absent. */
export async function loadByPk(model: AnyModel, pkValue: unknown, using: string): Promise<ModelInstance> {
  const values = await selectRow(model._meta, pkValue, concreteFields(model._meta), using)
  if (!values) throw new model.DoesNotExist(`${model._meta.name} matching query does not exist.`)
  return instantiate(model, values, using)
}

/** A thenable that runs `load` only when awaited, so an accessor read but never awaited runs no query. */
function lazy<T>(load: () => Promise<T>): PromiseLike<T> {
  return { then: (onFulfilled, onRejected) => load().then(onFulfilled, onRejected) }
}

/** Installs `instance.<fk>` (awaitable get, instance-or-null set) for a ForeignKey / OneToOneField. */
export function installForwardAccessor(cls: AnyModel, field: FieldSpec): void {
  const idName = attname(field)
  Object.defineProperty(cls.prototype, field.name, {
    configurable: true,
    enumerable: false,
    get(this: ModelInstance) {
      return lazy(async () => {
        const id = (this as unknown as Bag)[idName]
        if (id === null || id === undefined) return null
        const cached = getRelatedCache(this, field.name) as ModelInstance | null | undefined
        if (cached && cached.pk === id) return cached
        const target = modelRegistry.resolveRelation(cls._meta.label, field.relation!.to)
        const loaded = await loadByPk(target, id, instanceDb(this) ?? 'default')
        setRelatedCache(this, field.name, loaded)
        return loaded
      })
    },
    set(this: ModelInstance, value: unknown) {
      if (value === null || value === undefined) {
        ;(this as unknown as Bag)[idName] = null
        clearRelatedCache(this, field.name)
      } else if (value instanceof ModelInstance) {
        ;(this as unknown as Bag)[idName] = value.pk
        setRelatedCache(this, field.name, value)
      } else {
        ;(this as unknown as Bag)[idName] = value
        clearRelatedCache(this, field.name)
      }
    },
  })
}

/** `question.choices`: the rows of `rel.model` whose foreign key points at one instance. */
export class ReverseManager {
  readonly #instance: ModelInstance
  readonly #rel: ReverseRelation

  constructor(instance: ModelInstance, rel: ReverseRelation) {
    this.#instance = instance
    this.#rel = rel
  }

  #using(): string {
    return instanceDb(this.#instance) ?? 'default'
  }

  #base(): QuerySetLike {
    if (this.#instance.pk === null) {
      throw new Error(`${(this.#instance.constructor as unknown as AnyModel)._meta.name} instance needs a primary key value before this relationship can be used.`)
    }
    const objects = this.#rel.model.objects as unknown as { all(): QuerySetLike }
    return objects.all().filter({ [this.#rel.field.name]: this.#instance.pk })
  }

  /** The rows `prefetchRelated` loaded under this accessor (the key the query layer fills), if any. */
  #prefetched(): readonly unknown[] | undefined {
    const cached = getRelatedCache(this.#instance, this.#rel.accessor)
    return Array.isArray(cached) ? cached : undefined
  }

  /**
   * The related rows, as a QuerySet. After `prefetchRelated` of this relation it yields the
   * prefetched rows without a query (Django's prefetch cache); chaining from it queries again.
   */
  all(): QuerySetLike {
    const base = this.#base()
    const prefetched = this.#prefetched()
    return prefetched === undefined ? base : base.withResultCache(prefetched)
  }

  filter(filter: Bag): QuerySetLike {
    return this.#base().filter(filter)
  }

  exclude(filter: Bag): QuerySetLike {
    return this.#base().exclude(filter)
  }

  /** The number of related rows: the prefetched list's length, else one COUNT query. */
  count(): Promise<number> {
    const prefetched = this.#prefetched()
    return prefetched === undefined ? this.#base().count() : Promise.resolve(prefetched.length)
  }

  /** Creates and saves a row whose foreign key is this instance. */
  async create(values: Bag): Promise<ModelInstance> {
    const Ctor = this.#rel.model as unknown as new (values: Bag) => ModelInstance
    const obj = new Ctor({ ...values, [attname(this.#rel.field)]: this.#instance.pk })
    setRelatedCache(obj, this.#rel.field.name, this.#instance)
    clearRelatedCache(this.#instance, this.#rel.accessor)
    await obj.save({ using: this.#using() })
    return obj
  }

  /** Points each object's foreign key at this instance (saved instances or primary keys: one UPDATE). */
  async add(...objects: readonly (ModelInstance | unknown)[]): Promise<void> {
    const field = this.#rel.field
    const pks: unknown[] = []
    for (const obj of objects) {
      if (obj instanceof ModelInstance) {
        if (obj.pk === null) throw new Error(`'${String(obj)}' instance isn't saved. Use bulk=False or save the object first.`)
        ;(obj as unknown as Bag)[attname(field)] = this.#instance.pk
        setRelatedCache(obj, field.name, this.#instance)
        pks.push(obj.pk)
      } else {
        pks.push(obj)
      }
    }
    clearRelatedCache(this.#instance, this.#rel.accessor)
    await updateColumnForPks(this.#rel.model._meta, field, this.#instance.pk, pks, this.#using())
  }

  #requireNullable(method: string): void {
    if (!this.#rel.field.null) {
      throw new TypeError(`${method}() is only available when the foreign key ${this.#rel.model._meta.label}.${this.#rel.field.name} is nullable (null: true).`)
    }
  }

  /** Sets the foreign key of these objects to NULL (only for nullable foreign keys). */
  async remove(...objects: readonly (ModelInstance | unknown)[]): Promise<void> {
    this.#requireNullable('remove')
    const field = this.#rel.field
    const pks = objects.map((obj) => {
      if (obj instanceof ModelInstance) {
        ;(obj as unknown as Bag)[attname(field)] = null
        clearRelatedCache(obj, field.name)
        return obj.pk
      }
      return obj
    })
    clearRelatedCache(this.#instance, this.#rel.accessor)
    await updateColumnForPks(this.#rel.model._meta, field, null, pks, this.#using(), this.#instance.pk)
  }

  /** Sets the foreign key of every related row to NULL (only for nullable foreign keys). */
  async clear(): Promise<void> {
    this.#requireNullable('clear')
    clearRelatedCache(this.#instance, this.#rel.accessor)
    await nullColumnWhere(this.#rel.model._meta, this.#rel.field, this.#instance.pk, this.#using())
  }

  /** Makes the related set exactly `objects`: clears the others (nullable keys) and adds these. */
  async set(objects: readonly (ModelInstance | unknown)[]): Promise<void> {
    if (this.#rel.field.null) await this.clear()
    await this.add(...objects)
  }
}

/**
 * Installs the reverse accessors of every registered relation pointing at `target`. Each accessor
 * looks its relation up again on use, so when two models declare the same related name (a swapped
 * model and its replacement, such as `auth.User` and `accounts.User` on `group.userSet`) the one
 * that is not swapped answers, whatever the order the models were defined in.
 */
export function installReverseAccessors(target: AnyModel): void {
  const label = target._meta.label
  const own = new Set(target._meta.fields.map((f) => f.name))
  for (const installed of modelRegistry.reverseRelations(label)) {
    // A name clash with a field is a model error Django's checks report; the field wins here.
    if (own.has(installed.accessor)) continue
    const accessor = installed.accessor
    const live = (): ReverseRelation => modelRegistry.reverseRelations(label).find((r) => r.accessor === accessor) ?? installed
    const descriptor: PropertyDescriptor = { configurable: true, enumerable: false }
    if (installed.kind === 'o2o') {
      descriptor.get = function (this: ModelInstance) {
        const rel = live()
        return lazy(async () => {
          const cached = getRelatedCache(this, rel.accessor)
          if (cached instanceof ModelInstance) return cached
          const objects = rel.model.objects as unknown as { get(filter: Bag): Promise<ModelInstance> }
          const found = await objects.get({ [rel.field.name]: this.pk })
          setRelatedCache(this, rel.accessor, found)
          return found
        })
      }
    } else if (installed.kind === 'm2m') {
      descriptor.get = function (this: ModelInstance) {
        const rel = live()
        return new ManyRelatedManager(this, rel.model, rel.field, true, rel.accessor)
      }
    } else {
      descriptor.get = function (this: ModelInstance) {
        return new ReverseManager(this, live())
      }
    }
    Object.defineProperty(target.prototype, accessor, descriptor)
  }
}

/** Installs forward accessors and many-to-many managers of a newly defined model. */
export function installForwardAccessors(cls: AnyModel): void {
  for (const field of cls._meta.fields) {
    if (field.type === 'ForeignKey' || field.type === 'OneToOneField') installForwardAccessor(cls, field)
    else if (field.type === 'ManyToManyField') {
      Object.defineProperty(cls.prototype, field.name, {
        configurable: true,
        enumerable: false,
        get(this: ModelInstance) {
          return new ManyRelatedManager(this, cls, field, false, field.name)
        },
      })
    }
  }
}
