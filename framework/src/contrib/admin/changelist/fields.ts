/**
 * Model metadata helpers of the change list: field paths across relations (`author__name`), a
 * field's label, and whether a path crosses a many-valued relation (Django's
 * `get_fields_from_path`, `label_for_field`, `lookup_spawns_duplicates`).
 *
 * @module
 */
import { modelRegistry } from 'tango/db'
import type { AnyModel, FieldSpec } from 'tango/db'

/** Django's separator of lookup path segments. */
export const LOOKUP_SEP = '__'

/** One resolved step of a field path. */
export interface PathStep {
  /** The model the segment was read on. */
  readonly model: AnyModel
  /** The forward field, or `null` for a reverse relation. */
  readonly field: FieldSpec | null
  /** The model the segment leads to (a relation's target), or `null` for a plain column. */
  readonly target: AnyModel | null
  /** True for many-to-many and reverse foreign keys (one row may match several times). */
  readonly many: boolean
}

/** The forward field `name` of `model` (`'pk'` is the primary key), or `undefined`. */
export function getField(model: AnyModel, name: string): FieldSpec | undefined {
  const wanted = name === 'pk' ? model._meta.pk : name
  return model._meta.fields.find((f) => f.name === wanted || (f.relation !== null && f.type !== 'ManyToManyField' && `${f.name}Id` === wanted))
}

/** The model a relation field points at. */
export function relatedModel(model: AnyModel, field: FieldSpec): AnyModel {
  if (!field.relation) throw new TypeError(`${model._meta.label}.${field.name} is not a relation`)
  return modelRegistry.resolveRelation(model._meta.label, field.relation.to)
}

/**
 * Walks `path` (`'author__name'`) from `model`, forward fields and reverse relations alike;
 * stops at the first segment that is neither (a lookup such as `icontains`).
 * @returns the steps walked (empty when the first segment is unknown).
 */
export function walkPath(model: AnyModel, path: string): PathStep[] {
  const steps: PathStep[] = []
  let current: AnyModel | null = model
  for (const part of path.split(LOOKUP_SEP)) {
    if (!current) break
    const field = getField(current, part)
    if (field) {
      const target: AnyModel | null = field.relation ? relatedModel(current, field) : null
      steps.push({ model: current, field, target, many: field.type === 'ManyToManyField' })
      current = target
      continue
    }
    const reverse = modelRegistry.reverseRelations(current._meta.label).find((r) => r.queryName === part)
    if (!reverse) break
    steps.push({ model: current, field: null, target: reverse.model, many: reverse.kind !== 'o2o' })
    current = reverse.model
  }
  return steps
}

/** Whether filtering on `path` may match one row several times (it crosses a many-valued relation). */
export function lookupSpawnsDuplicates(model: AnyModel, path: string): boolean {
  return walkPath(model, path).some((s) => s.many)
}

/** The last forward field of `path` (`'author__name'` → Author's `name`), or `undefined`. */
export function fieldForPath(model: AnyModel, path: string): FieldSpec | undefined {
  const steps = walkPath(model, path)
  if (steps.length !== path.split(LOOKUP_SEP).length) return undefined
  return steps.at(-1)?.field ?? undefined
}

/** `'published date'` → `'Published date'` (Django's `capfirst`). */
export function capfirst(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text
}
