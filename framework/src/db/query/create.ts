/**
 * `create`, `getOrCreate`, `updateOrCreate`: single-object writes through the instance's own
 * `save()`, so `preSave`/`postSave` fire and defaults are filled as for `new M(...).save()`.
 *
 * @internal
 * @module
 */
import { IntegrityError, ObjectDoesNotExist } from '../errors.ts'
import type { ModelInstance } from '../models/instance.ts'
import type { AnyModel, Row } from '../models/types.ts'
import type { QConditions } from './q.ts'
import type { QuerySet } from './queryset.ts'
import { inAtomic } from './runtime.ts'

/** `new M(values)` then `save({ forceInsert: true })`. */
export async function createObject<M extends AnyModel>(model: M, values: Readonly<Record<string, unknown>>, using: string | null): Promise<Row<M>> {
  const Ctor = model as unknown as new (values: Readonly<Record<string, unknown>>) => ModelInstance
  const obj = new Ctor(values)
  await obj.save({ forceInsert: true, using: using ?? 'default' })
  return obj as unknown as Row<M>
}

/** Lookup keys without `__` are field values for the created object (as Django). */
function createValues(lookup: QConditions, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(lookup)) if (!k.includes('__')) values[k] = v
  return { ...values, ...defaults }
}

/** Django's `get_or_create`, retrying the `get` when a concurrent insert wins the race. */
export async function getOrCreate<M extends AnyModel>(qs: QuerySet<M, Row<M>>, lookup: QConditions, defaults: Readonly<Record<string, unknown>>): Promise<[Row<M>, boolean]> {
  try {
    return [await qs.get(lookup as never), false]
  } catch (error) {
    if (!(error instanceof ObjectDoesNotExist)) throw error
  }
  try {
    const obj = await inAtomic(qs.state.using, () => createObject(qs.model, createValues(lookup, defaults), qs.state.using))
    return [obj, true]
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error
    try {
      return [await qs.get(lookup as never), false]
    } catch {
      throw error
    }
  }
}

/** Django's `update_or_create`: locks the row (PostgreSQL), sets `defaults` on it and saves, or creates. */
export async function updateOrCreate<M extends AnyModel>(qs: QuerySet<M, Row<M>>, lookup: QConditions, defaults: Readonly<Record<string, unknown>>): Promise<[Row<M>, boolean]> {
  return inAtomic(qs.state.using, async () => {
    let obj: Row<M>
    try {
      obj = await qs.selectForUpdate().get(lookup as never)
    } catch (error) {
      if (!(error instanceof ObjectDoesNotExist)) throw error
      return [await createObject(qs.model, createValues(lookup, defaults), qs.state.using), true] as [Row<M>, boolean]
    }
    Object.assign(obj, defaults)
    await (obj as unknown as ModelInstance).save({ using: qs.state.using ?? 'default' })
    return [obj, false] as [Row<M>, boolean]
  })
}
