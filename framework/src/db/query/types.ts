/**
 * The structural types the query layer needs from a model value. The models helper's
 * `defineModel()` returns values that satisfy {@link ModelClass}.
 *
 * @module
 */
import type { ModelSpec } from '../spec.ts'

/** Any model value: what `defineModel()` returns (`M._meta` is its `ModelSpec`). */
export interface ModelClass {
  readonly _meta: ModelSpec
}

/** A model instance as the query layer sees it: attributes by name. */
export type AnyInstance = object

/** A plain `values()` row. */
export type ValuesRow = Record<string, unknown>
