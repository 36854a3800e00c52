/**
 * The slice of the ORM the generic views use, as structural types: a model value with `_meta` and
 * `objects`, and a QuerySet that filters, orders, gets, counts and slices. Tango's models and
 * QuerySets have this shape; so may a test double or a third-party collection.
 *
 * @module
 */
import type { ModelSpec } from '../../db/spec.ts'
import type { PaginatableQuerySet } from '../paginator.ts'
import type { QNode } from '../../db/query/q.ts'

/** A filter as the views build it at run time: field lookups to values (`{ id: 5 }`, `{ slug: 'x' }`). */
export type LookupFilter = Readonly<Record<string, unknown>> | QNode

/** A QuerySet as the generic views use it. */
export interface ViewQuerySet<T> extends PaginatableQuerySet<T> {
  /** The model queried (its `_meta` names templates and context variables). */
  readonly model: ViewModel<T>
  all(): ViewQuerySet<T>
  filter(filter: LookupFilter): ViewQuerySet<T>
  orderBy(...fields: string[]): ViewQuerySet<T>
  /** The one matching row; rejects with `ObjectDoesNotExist` / `MultipleObjectsReturned`. */
  get(filter?: LookupFilter): Promise<T>
  exists(): Promise<boolean>
}

/** A model as the generic views use it: metadata and the default manager. */
export interface ViewModel<T> {
  readonly _meta: ModelSpec
  readonly objects: { all(): ViewQuerySet<T> }
}

/** A model instance as {@link DeleteView} uses it. */
export interface DeletableInstance {
  delete(): Promise<unknown>
}

/** Django's `model_name`: the class name lower-cased (`ArticleTag` → `articletag`), used in template names. */
export function modelName(meta: ModelSpec): string {
  return meta.name.toLowerCase()
}

/** The context variable for one instance: the class name with a lower-case first letter (`ArticleTag` → `articleTag`). */
export function contextName(meta: ModelSpec): string {
  return meta.name.charAt(0).toLowerCase() + meta.name.slice(1)
}
