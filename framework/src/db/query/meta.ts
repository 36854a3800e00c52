/**
 * Metadata helpers for the compiler: field lookup by name, attribute names, and the relation
 * "hops" (forward FK, reverse FK, many-to-many) a `__` path walks. Reads only `ModelSpec` and the
 * model registry.
 *
 * @internal
 * @module
 */
import type { FieldSpec, ModelSpec } from '../spec.ts'
import type { ModelClass } from './types.ts'
import { resolveRelatedModel } from './runtime.ts'
import { snakeCase } from '../models/naming.ts'
import { modelRegistry, type ReverseRelation } from '../models/registry.ts'

/** The attribute holding a field's column value: `questionId` for a ForeignKey `question`. */
export function attname(field: FieldSpec): string {
  return field.type === 'ForeignKey' || field.type === 'OneToOneField' ? `${field.name}Id` : field.name
}

/** Fields stored in the model's table (not many-to-many), in declaration order. */
export function concreteFields(meta: ModelSpec): readonly FieldSpec[] {
  let list = concreteCache.get(meta)
  if (!list) {
    list = meta.fields.filter((f) => f.column !== null && f.type !== 'ManyToManyField')
    concreteCache.set(meta, list)
  }
  return list
}
const concreteCache = new WeakMap<ModelSpec, readonly FieldSpec[]>()

/** The primary key field. */
export function pkField(meta: ModelSpec): FieldSpec {
  const f = meta.fields.find((x) => x.name === meta.pk)
  if (!f) throw new Error(`${meta.label} has no primary key field '${meta.pk}'`)
  return f
}


/**
 * One relation step of a path. The SQL join is `target.targetCol = parent.parentCol`, or through
 * a join table: `via.fromCol = parent.parentCol` and `target.targetCol = via.toCol`.
 */
export interface Hop {
  readonly name: string
  /** The instance attribute of the relation (`choices`, `choiceSet`): the relation-cache key. */
  readonly accessor: string
  readonly target: ModelClass
  /** Reverse FK (not one-to-one) and many-to-many: several rows per parent. */
  readonly multi: boolean
  readonly parentCol: string
  readonly targetCol: string
  readonly via: { readonly table: string; readonly fromCol: string; readonly toCol: string } | null
  /** The field that defines the relation (on the parent for forward, on the target for reverse). */
  readonly field: FieldSpec
  /** The model declaring `field`. */
  readonly owner: ModelClass
  readonly kind: 'forward' | 'reverse' | 'm2m' | 'm2m-reverse'
}

/** A relation pointing at a model (the registry's `ReverseRelation`). */
export type { ReverseRelation }

/** Every FK, one-to-one and many-to-many field of any registered model pointing at `meta`. */
export function reverseRelations(meta: ModelSpec): readonly ReverseRelation[] {
  return modelRegistry.reverseRelations(meta.label)
}

/** The automatic or explicit join table of a many-to-many field declared on `owner`. */
export function m2mTable(owner: ModelClass, field: FieldSpec): { table: string; sourceCol: string; targetCol: string } {
  const rel = field.relation!
  const target = resolveRelatedModel(owner._meta.label, rel.to)
  if (rel.through) {
    const through = resolveRelatedModel(owner._meta.label, rel.through)
    const fks = through._meta.fields.filter((f) => f.relation && f.type !== 'ManyToManyField')
    const toLabel = (f: FieldSpec): string => resolveRelatedModel(through._meta.label, f.relation!.to)._meta.label
    const src = fks.find((f) => toLabel(f) === owner._meta.label)
    const dst = fks.find((f) => f !== src && toLabel(f) === target._meta.label)
    if (!src || !dst) throw new Error(`${through._meta.label} needs foreign keys to ${owner._meta.label} and ${target._meta.label}`)
    return { table: through._meta.dbTable, sourceCol: src.column!, targetCol: dst.column! }
  }
  const self = target._meta.label === owner._meta.label
  const from = owner._meta.name.toLowerCase()
  const to = target._meta.name.toLowerCase()
  return {
    table: rel.dbTable ?? `${owner._meta.dbTable}_${snakeCase(field.name)}`,
    sourceCol: self ? `from_${from}_id` : `${from}_id`,
    targetCol: self ? `to_${to}_id` : `${to}_id`,
  }
}

const hopCache = new WeakMap<ModelSpec, Map<string, Hop | null>>()

/** The relation named `name` on `model` (forward FK/O2O/M2M or a reverse accessor/query name), or `null`. */
export function findHop(model: ModelClass, name: string): Hop | null {
  let cache = hopCache.get(model._meta)
  if (!cache) hopCache.set(model._meta, (cache = new Map()))
  if (cache.has(name)) return cache.get(name)!
  const hop = computeHop(model, name)
  // Reverse relations depend on which models are registered: cache only positive answers.
  if (hop) cache.set(name, hop)
  return hop
}

function computeHop(model: ModelClass, name: string): Hop | null {
  const meta = model._meta
  const field = meta.fields.find((f) => f.name === name)
  if (field?.relation) {
    const target = resolveRelatedModel(meta.label, field.relation.to)
    if (field.type === 'ManyToManyField') {
      const t = m2mTable(model, field)
      return { name, accessor: name, target, multi: true, parentCol: pkField(meta).column!, targetCol: pkField(target._meta).column!, via: { table: t.table, fromCol: t.sourceCol, toCol: t.targetCol }, field, owner: model, kind: 'm2m' }
    }
    return { name, accessor: name, target, multi: false, parentCol: field.column!, targetCol: pkField(target._meta).column!, via: null, field, owner: model, kind: 'forward' }
  }
  if (field) return null
  for (const rel of reverseRelations(meta)) {
    if (rel.accessor !== name && rel.queryName !== name) continue
    if (rel.field.type === 'ManyToManyField') {
      const t = m2mTable(rel.model as ModelClass, rel.field)
      return { name, accessor: rel.accessor, target: rel.model as ModelClass, multi: true, parentCol: pkField(meta).column!, targetCol: pkField(rel.model._meta).column!, via: { table: t.table, fromCol: t.targetCol, toCol: t.sourceCol }, field: rel.field, owner: rel.model as ModelClass, kind: 'm2m-reverse' }
    }
    return { name, accessor: rel.accessor, target: rel.model as ModelClass, multi: rel.field.type !== 'OneToOneField', parentCol: pkField(meta).column!, targetCol: rel.field.column!, via: null, field: rel.field, owner: rel.model as ModelClass, kind: 'reverse' }
  }
  return null
}

/** The names a path may use on `model`, sorted, for Django's "Choices are: ..." message. */
export function fieldChoices(model: ModelClass, extra: readonly string[] = []): string[] {
  const names = new Set<string>(extra)
  for (const f of model._meta.fields) names.add(f.name)
  for (const r of reverseRelations(model._meta)) names.add(r.queryName)
  return [...names].sort()
}
