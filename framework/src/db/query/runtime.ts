/**
 * The query layer's only doorway to the other ORM parts: the model registry, instance creation,
 * connections, transactions and signals. Keeping every cross-subsystem call here means a change
 * of name elsewhere is fixed in one file.
 *
 * @internal
 * @module
 */
import type { DatabaseWrapper, UntypedKysely } from '../backends/base/types.ts'
import { connections, db } from '../connection.ts'
import { atomic } from '../transaction.ts'
import { modelRegistry } from '../models/registry.ts'
import { instantiate, setRelatedCache, type ModelInstance } from '../models/instance.ts'
import type { AnyModel } from '../models/types.ts'
import { preDelete, postDelete } from '../models/signals.ts'
import type { ModelClass } from './types.ts'

/** The model a relation's `to` names, as seen from `fromLabel` (`'self'`, `'Name'`, `'app.Name'`). */
export function resolveRelatedModel(fromLabel: string, to: string): ModelClass {
  return modelRegistry.resolveRelation(fromLabel, to) as ModelClass
}

/** The connection for `alias` (default `'default'`). */
export function connectionFor(alias: string | null): DatabaseWrapper {
  return connections.get(alias ?? 'default')
}

/** The kysely to run on: the open transaction's inside `atomic()`, else the root. */
export function kyselyFor(alias: string | null): UntypedKysely {
  return db(alias ?? 'default') as UntypedKysely
}

/** Runs `fn` in a transaction (a savepoint when nested). */
export function inAtomic<T>(alias: string | null, fn: () => Promise<T>): Promise<T> {
  return atomic(fn, { using: alias ?? 'default' })
}

/** A persisted instance of `model` from attribute values (`questionId`, not `question`). */
export function makeInstance(model: ModelClass, values: Record<string, unknown>, using: string | null): object {
  return instantiate(model as AnyModel, values, using ?? 'default')
}

/** Fills an instance's relation cache (FK target or prefetched list). */
export function fillRelatedCache(instance: object, name: string, related: unknown): void {
  setRelatedCache(instance as ModelInstance, name, related)
}

/** Sends `preDelete` for one instance. */
export async function sendPreDelete(model: ModelClass, instance: object, using: string): Promise<void> {
  await preDelete.send({ sender: model as AnyModel, instance: instance as ModelInstance, using })
}

/** Sends `postDelete` for one instance. */
export async function sendPostDelete(model: ModelClass, instance: object, using: string): Promise<void> {
  await postDelete.send({ sender: model as AnyModel, instance: instance as ModelInstance, using })
}
