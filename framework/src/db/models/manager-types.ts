/**
 * The manager shapes instances and models expose, as types: `M.objects`, related managers
 * (`question.choices`, `article.tags`) and one-to-one reverse accessors.
 *
 * @module
 */
import type { AnyModel, CreateInput, Row } from './types.ts'
import type { Manager, QuerySet } from '../query/index.ts'

/** `M.objects`: the query layer's `Manager`. */
export type ObjectsManager<M extends AnyModel> = Manager<M>

/**
 * A related manager (Django's `RelatedManager` / `ManyRelatedManager`): a manager whose querysets are
 * filtered to the rows related to one instance, plus the methods that change the relation.
 */
export interface RelatedManager<M extends AnyModel> {
  /** The related rows, as a QuerySet (lazy, chainable). */
  all(): QuerySet<M>
  /** The related rows filtered further. */
  filter(...args: Parameters<QuerySet<M>['filter']>): QuerySet<M>
  /** The related rows minus those matching. */
  exclude(...args: Parameters<QuerySet<M>['exclude']>): QuerySet<M>
  /** The number of related rows. */
  count(): Promise<number>
  /** Creates a row already related to the instance (foreign key set / join row added). */
  create(values: Partial<CreateInput<M>>): Promise<Row<M>>
  /** Relates existing instances (reverse FK: sets their FK and saves; many-to-many: adds join rows). */
  add(...objects: readonly (Row<M> | number)[]): Promise<void>
  /** Unrelates instances (reverse FK: only when the FK is nullable, sets it to NULL; many-to-many: deletes join rows). */
  remove(...objects: readonly (Row<M> | number)[]): Promise<void>
  /** Makes the related set exactly `objects`. */
  set(objects: readonly (Row<M> | number)[]): Promise<void>
  /** Unrelates everything (reverse FK: only when nullable). */
  clear(): Promise<void>
}

/** A one-to-one reverse accessor (`user.profile`): awaits to the related instance, rejecting with `DoesNotExist`. */
export type SingleRelatedAccessor<M extends AnyModel> = PromiseLike<Row<M>>
