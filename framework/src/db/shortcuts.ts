/**
 * `getObjectOr404` and `getListOr404` (as Django's `django.shortcuts.get_object_or_404` and
 * `get_list_or_404`): a query whose miss is the client's 404, not the server's 500.
 *
 * @module
 */
import { gettext } from '../core/translation.ts'
import { Http404 } from '../http/errors.ts'
import { fillMessage } from './fields/validation.ts'
import { ObjectDoesNotExist } from './errors.ts'
import type { ModelSpec } from './spec.ts'
import type { QNode } from './query/q.ts'

/** A filter of field lookups (`{ pk: 1 }` style keys are the model's own names: `{ id: 1 }`, `{ slug: 'x' }`). */
export type ShortcutFilter = Readonly<Record<string, unknown>> | QNode

/** The QuerySet side the shortcuts need: `get` and `filter`, and the model queried. */
export interface ShortcutQuerySet<T> extends PromiseLike<readonly T[]> {
  readonly model: { readonly _meta: ModelSpec }
  get(filter?: ShortcutFilter): Promise<T>
  filter(filter: ShortcutFilter): ShortcutQuerySet<T>
}

/** A model value (its default manager is used) or a QuerySet (to look only among some rows). */
export type ModelOrQuerySet<T> = { readonly _meta: ModelSpec; readonly objects: { all(): ShortcutQuerySet<T> } } | ShortcutQuerySet<T>

function querySetOf<T>(source: ModelOrQuerySet<T>): ShortcutQuerySet<T> {
  return 'objects' in source ? source.objects.all() : source
}

/**
 * The one row matching `filter`, or a 404 (as Django's `get_object_or_404`).
 *
 * @param modelOrQuerySet - a model (`Question`) or a QuerySet (`Question.objects.filter({ published: true })`).
 * @param filter - lookups, as for `QuerySet.get`.
 * @returns the instance.
 * @throws {@link Http404} "No Question matches the given query." when no row matches.
 * @throws `MultipleObjectsReturned` when several do (a bug in the caller's filter, so a 500, as Django).
 * @example
 * ```ts
 * export async function detail(request: Request, { id }: { id: number }) {
 *   const question = await getObjectOr404(Question, { id })
 *   return render(request, 'polls/detail.html', { question })
 * }
 * ```
 */
export async function getObjectOr404<T>(modelOrQuerySet: ModelOrQuerySet<T>, filter: ShortcutFilter = {}): Promise<T> {
  const qs = querySetOf(modelOrQuerySet)
  try {
    return await qs.get(filter)
  } catch (error) {
    if (error instanceof ObjectDoesNotExist) throw new Http404(notFound(qs.model._meta), { cause: error })
    throw error
  }
}

/** Django's "No Question matches the given query.", in the active language (it reaches the 404 page). */
function notFound(meta: ModelSpec): string {
  return fillMessage(gettext('No {model} matches the given query.'), { model: meta.name })
}

/**
 * The rows matching `filter`, or a 404 when there are none (as Django's `get_list_or_404`).
 *
 * @param modelOrQuerySet - a model or a QuerySet.
 * @param filter - lookups, as for `QuerySet.filter`.
 * @returns the rows (at least one).
 * @throws {@link Http404} "No Question matches the given query." when the list is empty.
 */
export async function getListOr404<T>(modelOrQuerySet: ModelOrQuerySet<T>, filter: ShortcutFilter = {}): Promise<T[]> {
  const qs = querySetOf(modelOrQuerySet)
  const rows = [...(await qs.filter(filter))]
  if (rows.length === 0) throw new Http404(notFound(qs.model._meta))
  return rows
}
