/**
 * The manager shapes instances and models expose, as types: `M.objects`, related managers
 * (`question.choices`, `article.tags`) and one-to-one reverse accessors.
 *
 * @module
 */
import type { AnyModel, CreateInput, InstanceLike, Row } from './types.ts'
import type { Manager, QuerySet } from '../query/index.ts'
import type { FilterArg } from '../query/queryset.ts'

/** `M.objects`: the query layer's `Manager`. */
export type ObjectsManager<M extends AnyModel> = Manager<M>

/**
 * A related manager (Django's `RelatedManager` / `ManyRelatedManager`): a manager whose querysets are
 * filtered to the rows related to one instance, plus the methods that change the relation.
 */
export interface RelatedManager<in out M extends AnyModel> {
  // `in out` (invariant, as tsc measured it anyway) is declared so tsc never measures it: measuring
  // walks Row<M> -> FK accessor -> Row<TargetOf<M, ...>> -> ... without end (TargetOf<M, 'self'> is M
  // again) and overflowed the stack in tsc 5.9 (`outofbandVarianceMarkerHandler`).
  /** The related rows, as a QuerySet (lazy, chainable). */
  all(): QuerySet<M>
  /** The related rows filtered further. */
  filter(...args: readonly FilterArg<M>[]): QuerySet<M>
  /** The related rows minus those matching. */
  exclude(...args: readonly FilterArg<M>[]): QuerySet<M>
  /** The number of related rows. */
  count(): Promise<number>
  /** Creates a row already related to the instance (foreign key set / join row added). */
  create(values: Partial<CreateInput<M>>): Promise<Row<M>>
  /** Relates existing instances (reverse FK: sets their FK and saves; many-to-many: adds join rows). */
  add(...objects: readonly (RelatedRowArg<M> | number)[]): Promise<void>
  /** Unrelates instances (reverse FK: only when the FK is nullable, sets it to NULL; many-to-many: deletes join rows). */
  remove(...objects: readonly (RelatedRowArg<M> | number)[]): Promise<void>
  /** Makes the related set exactly `objects`. */
  set(objects: readonly (RelatedRowArg<M> | number)[]): Promise<void>
  /** Unrelates everything (reverse FK: only when nullable). */
  clear(): Promise<void>
}

/**
 * An instance of `M` as a related manager's `add/remove/set` take it; any instance when `M` is not
 * in the ModelRegistry (an unregistered target's `Row<AnyModel>` has index signatures no concrete row matches).
 */
export type RelatedRowArg<M extends AnyModel> = string extends M['label'] ? InstanceLike : Row<M>

/** A one-to-one reverse accessor (`user.profile`): awaits to the related instance, rejecting with `DoesNotExist`. */
export type SingleRelatedAccessor<M extends AnyModel> = PromiseLike<Row<M>>
