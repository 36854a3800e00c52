/**
 * Building and normalizing the ModelSpecs a project state holds (kept apart from `state.ts` so the
 * operations can use it without an import cycle).
 *
 * @module
 * @internal
 */
import type { FieldSpec, ModelSpec } from '../../spec.ts'
import { swappedFor } from '../../models/swappable.ts'
import type { ModelOptions } from './types.ts'
import { defaultTable, defaultVerboseName, splitLabel } from './naming.ts'

/**
 * Resolves a relation target as Django's `resolve_relation`: `'self'` → `fromLabel`, a bare
 * `'Name'` → `'<fromLabel's app>.Name'`, a full label unchanged.
 */
export function resolveRelation(fromLabel: string, to: string): string {
  if (to === 'self') return fromLabel
  if (to.includes('.')) return to
  return `${splitLabel(fromLabel)[0]}.${to}`
}

function resolveField(label: string, field: FieldSpec): FieldSpec {
  if (field.relation === null) return Object.isFrozen(field) ? field : Object.freeze({ ...field })
  const relation = field.relation
  const to = resolveRelation(label, relation.to)
  const through = relation.through === null ? null : resolveRelation(label, relation.through)
  if (to === relation.to && through === relation.through && Object.isFrozen(field)) return field
  return Object.freeze({ ...field, relation: Object.freeze({ ...relation, to, through }) })
}

/** A frozen ModelSpec with relations resolved. */
export function normalizeModel(spec: ModelSpec): ModelSpec {
  const fields = Object.freeze(spec.fields.map((f) => resolveField(spec.label, f)))
  return Object.freeze({ ...spec, fields })
}

/**
 * Builds the ModelSpec a `CreateModel` describes: missing options take Django's defaults
 * (`<app>_<model>` table, `verbose name` from the class name, plural with an `s`).
 */
export function modelFromOptions(label: string, fields: readonly FieldSpec[], options: ModelOptions): ModelSpec {
  const [appLabel, name] = splitLabel(label)
  const verboseName = options.verboseName ?? defaultVerboseName(name)
  return normalizeModel({
    label,
    appLabel,
    name,
    dbTable: options.dbTable ?? defaultTable(label),
    fields,
    pk: fields.find((f) => f.primaryKey)?.name ?? 'id',
    ordering: options.ordering ?? [],
    indexes: options.indexes ?? [],
    constraints: options.constraints ?? [],
    uniqueTogether: options.uniqueTogether ?? [],
    verboseName,
    verboseNamePlural: options.verboseNamePlural ?? `${verboseName}s`,
    abstract: false,
    managed: options.managed ?? true,
    ...(options.swappable === undefined ? {} : { swappable: options.swappable }),
  })
}

/**
 * Whether an operation may touch the database for `model` (Django's `allow_migrate_model`): it is
 * managed and not swapped out. A swapped model (`auth.User` while `AUTH_USER_MODEL` names another
 * model) stays in the project state, so later migrations still apply to the state, but its
 * operations run no SQL: its table is never created, altered or dropped.
 */
export function allowMigrateModel(model: ModelSpec): boolean {
  return model.managed && swappedFor(model) === null
}
