/**
 * `ProjectState`: the models as the migrations see them at one point of the history (Django's
 * `ProjectState`), an immutable map label → {@link ModelSpec}. Built from the live models
 * ({@link ProjectState.fromModels}) or by replaying operations ({@link ProjectState.fromMigrations}),
 * so `makemigrations` can diff the two and the executor can hand the SchemaEditor the model as it
 * was when each migration ran, not as it is today.
 *
 * Relation targets inside a state are always full labels: `'Name'` and `'self'` are resolved when a
 * model enters the state.
 *
 * @module
 */
import type { FieldSpec, ModelSpec } from '../spec.ts'
import { TangoError } from '../../core/errors.ts'
import { OPERATIONS } from './operations/index.ts'
import type { Operation } from './operations/types.ts'
import { splitLabel } from './operations/naming.ts'
import { normalizeModel } from './operations/model-spec.ts'

export { modelFromOptions, normalizeModel, resolveRelation } from './operations/model-spec.ts'

/** Anything `fromModels` accepts: a spec, or a model value carrying one in `_meta`. */
export type ModelLike = ModelSpec | { readonly _meta: ModelSpec }

/** Something with operations, in the order they apply (a loaded migration). */
export interface OperationsHolder {
  readonly operations: readonly Operation[]
}

/** An immutable set of model specs. Every method that changes something returns a new state. */
export class ProjectState {
  readonly #models: ReadonlyMap<string, ModelSpec>

  /** Prefer the static constructors; `models` must already be normalized. */
  constructor(models: ReadonlyMap<string, ModelSpec> = new Map()) {
    this.#models = models
  }

  /** No models. */
  static empty(): ProjectState {
    return new ProjectState()
  }

  /**
   * The state of the live models: pass `modelRegistry.all()`. Abstract models are left out (they
   * have no table), as in Django.
   */
  static fromModels(models: Iterable<ModelLike>): ProjectState {
    const map = new Map<string, ModelSpec>()
    for (const model of models) {
      const spec = '_meta' in model ? model._meta : model
      if (spec.abstract) continue
      map.set(spec.label, normalizeModel(spec))
    }
    return new ProjectState(map)
  }

  /** Replays every operation of each migration, in the order given (the graph's order), from an empty state. */
  static fromMigrations(migrations: Iterable<OperationsHolder>, initial: ProjectState = ProjectState.empty()): ProjectState {
    let state = initial
    for (const migration of migrations) for (const op of migration.operations) state = state.apply(op)
    return state
  }

  /** The state after `op` (its kind's `stateForwards`). */
  apply(op: Operation): ProjectState {
    const handler = OPERATIONS[op.kind] as { stateForwards(state: ProjectState, op: Operation): ProjectState }
    return handler.stateForwards(this, op)
  }

  /** Every model, by label, in insertion order. */
  get models(): ReadonlyMap<string, ModelSpec> {
    return this.#models
  }

  /** The labels, sorted. */
  labels(): string[] {
    return [...this.#models.keys()].sort()
  }

  /** Whether a model with this label exists. */
  has(label: string): boolean {
    return this.#models.has(label)
  }

  /** The model, or `undefined`. */
  get(label: string): ModelSpec | undefined {
    return this.#models.get(label)
  }

  /** The models of one app, sorted by label. */
  forApp(appLabel: string): ModelSpec[] {
    return this.labels().filter((l) => splitLabel(l)[0] === appLabel).map((l) => this.#models.get(l) as ModelSpec)
  }

  /** The app labels that have models, sorted. */
  appLabels(): string[] {
    return [...new Set(this.labels().map((l) => splitLabel(l)[0]))].sort()
  }

  /**
   * The model, for the SchemaEditor's `resolveModel`.
   * @throws TangoError E_MIGRATION_STATE naming the label and the models that exist.
   */
  resolveModel(label: string): ModelSpec {
    const model = this.#models.get(label)
    if (model === undefined) {
      throw new TangoError('E_MIGRATION_STATE', `No model '${label}' in the migration state. Known models: ${this.labels().join(', ') || '(none)'}.`)
    }
    return model
  }

  /** A new state with this model added or replaced (relations resolved, frozen). */
  withModel(spec: ModelSpec): ProjectState {
    const map = new Map(this.#models)
    map.set(spec.label, normalizeModel(spec))
    return new ProjectState(map)
  }

  /** A new state without this model. */
  withoutModel(label: string): ProjectState {
    const map = new Map(this.#models)
    map.delete(label)
    return new ProjectState(map)
  }

  /** A new state where `fn` rewrote the model (which must exist). */
  updateModel(label: string, fn: (model: ModelSpec) => ModelSpec): ProjectState {
    return this.withModel(fn(this.resolveModel(label)))
  }

  /** Models with a field pointing at `label` (FK, O2O, M2M target or through), with those fields. */
  referencesTo(label: string): { model: ModelSpec; fields: FieldSpec[] }[] {
    const out: { model: ModelSpec; fields: FieldSpec[] }[] = []
    for (const model of this.#models.values()) {
      const fields = model.fields.filter((f) => f.relation !== null && (f.relation.to === label || f.relation.through === label))
      if (fields.length > 0) out.push({ model, fields })
    }
    return out
  }
}
