/**
 * The model registry (Django's `apps.get_model` side of the app registry): every concrete model
 * `defineModel` made, by label. Relations name their targets by string and are resolved here, lazily,
 * so models may point at models defined later or in other apps.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import type { FieldSpec } from '../spec.ts'
import type { AnyModel } from './types.ts'
import { lowerFirst } from './naming.ts'
import { swappedFor } from './swappable.ts'

/** A relation pointing at a model, seen from the target (Django's `related_objects`). */
export interface ReverseRelation {
  /** The model declaring the relation field. */
  readonly model: AnyModel
  /** The ForeignKey / OneToOneField / ManyToManyField on `model`. */
  readonly field: FieldSpec
  /**
   * The instance accessor on the target: `relatedName`, else `<model>Set` (`choiceSet`), or for a
   * one-to-one `<model>` (`profile`).
   */
  readonly accessor: string
  /** The name used in lookups on the target: `relatedName`, else `<model>` (`choice`), as Django's related_query_name. */
  readonly queryName: string
  readonly kind: 'fk' | 'o2o' | 'm2m'
}

/** Registered models by label, with relation resolution. Reset it in tests with {@link ModelRegistryStore.clear}. */
export class ModelRegistryStore {
  #models = new Map<string, AnyModel>()
  #reverse = new Map<string, readonly ReverseRelation[]>()
  #listeners: ((model: AnyModel) => void)[] = []

  /**
   * Adds a model; a second model with the same label replaces the first (module reloads in
   * development, tests), as Django warns and does. Called by `defineModel`.
   */
  register(model: AnyModel): void {
    this.#models.set(model._meta.label, model)
    this.#reverse.clear()
    for (const listener of this.#listeners) listener(model)
  }

  /** Removes a model (tests). */
  unregister(label: string): boolean {
    this.#reverse.clear()
    return this.#models.delete(label)
  }

  /** Removes every model (tests). */
  clear(): void {
    this.#models.clear()
    this.#reverse.clear()
  }

  /** @internal Called with each model registered (models uses it to install reverse accessors). */
  onRegister(listener: (model: AnyModel) => void): void {
    this.#listeners.push(listener)
  }

  /** The model with this `'app.Name'` label (case-sensitive), or `undefined`. */
  get(label: string): AnyModel | undefined {
    return this.#models.get(label)
  }

  /**
   * The model with this label.
   * @throws ImproperlyConfigured when none is registered (Django's `LookupError`).
   */
  getModel(label: string): AnyModel {
    const model = this.#models.get(label)
    if (!model) {
      throw new ImproperlyConfigured(`Model '${label}' is not registered. Is its app installed and its models.ts imported?`)
    }
    return model
  }

  /** Every registered model, in registration order. */
  all(): readonly AnyModel[] {
    return [...this.#models.values()]
  }

  /** The models of one app, in registration order. */
  forApp(appLabel: string): readonly AnyModel[] {
    return this.all().filter((m) => m._meta.appLabel === appLabel)
  }

  /** The full label `to` names from the model `fromLabel`: `'self'`, a bare `'Name'` (same app) or `'app.Name'`. */
  resolveLabel(fromLabel: string, to: string): string {
    if (to === 'self') return fromLabel
    if (to.includes('.')) return to
    return `${fromLabel.slice(0, fromLabel.indexOf('.'))}.${to}`
  }

  /**
   * The model a relation target names, seen from `fromLabel`.
   * @throws ImproperlyConfigured when the target is not registered.
   */
  resolveRelation(fromLabel: string, to: string): AnyModel {
    const label = this.resolveLabel(fromLabel, to)
    const model = this.#models.get(label)
    if (!model) {
      throw new ImproperlyConfigured(`${fromLabel}: the relation to '${to}' names '${label}', which is not a registered model.`)
    }
    return model
  }

  /**
   * Every relation of a registered model pointing at `label` (reverse FK, one-to-one and
   * many-to-many), skipping `relatedName` ending with `'+'` and relations of swapped models (a
   * swapped `auth.User` contributes no `group.userSet`, as in Django, so its replacement may reuse
   * the names). Computed on first use after each change; the swap is checked on every call, since
   * it follows the live settings.
   */
  reverseRelations(label: string): readonly ReverseRelation[] {
    const list = this.#allReverseRelations(label)
    return list.some((rel) => rel.model._meta.swappable !== undefined) ? list.filter((rel) => swappedFor(rel.model._meta) === null) : list
  }

  #allReverseRelations(label: string): readonly ReverseRelation[] {
    let list = this.#reverse.get(label)
    if (list) return list
    const out: ReverseRelation[] = []
    for (const model of this.#models.values()) {
      for (const field of model._meta.fields) {
        const rel = field.relation
        if (!rel || this.resolveLabel(model._meta.label, rel.to) !== label) continue
        if (rel.relatedName?.endsWith('+')) continue
        const base = lowerFirst(model._meta.name)
        const kind = field.type === 'ManyToManyField' ? 'm2m' : field.type === 'OneToOneField' ? 'o2o' : 'fk'
        out.push({
          model,
          field,
          accessor: rel.relatedName ?? (kind === 'o2o' ? base : `${base}Set`),
          queryName: rel.relatedName ?? base,
          kind,
        })
      }
    }
    list = Object.freeze(out)
    this.#reverse.set(label, list)
    return list
  }
}

/** The process-wide model registry. */
export const modelRegistry = new ModelRegistryStore()
