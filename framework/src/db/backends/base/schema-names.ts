/**
 * Deterministic names for indexes and constraints, and the automatic many-to-many join table, as
 * Django derives them (`_create_index_name`: table and column prefixes plus an 8-character digest),
 * so a later operation can find what an earlier one made without introspection.
 *
 * @module
 * @internal
 */
import { createHash } from 'node:crypto'
import type { FieldSpec, ModelSpec } from '../../spec.ts'

/** `<table[:11]>_<column[:7]>_<digest8>_<suffix>` (Django's shape; within PostgreSQL's 63 bytes). */
export function indexName(table: string, columns: readonly string[], suffix: string): string {
  const digest = createHash('md5').update([table, ...columns].join('\0')).digest('hex').slice(0, 8)
  return `${table.slice(0, 11)}_${(columns[0] ?? '').slice(0, 7)}_${digest}_${suffix}`
}

/** `pubDate` → `pub_date`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase()
}

/** A complete FieldSpec from the few keys a generated field needs. */
export function makeField(partial: Partial<FieldSpec> & Pick<FieldSpec, 'name' | 'type'>): FieldSpec {
  return {
    column: snakeCase(partial.name), primaryKey: false, null: false, blank: false, unique: false, dbIndex: false,
    hasDefault: false, default: null, editable: true, choices: null, verboseName: partial.name, helpText: '',
    maxLength: null, maxDigits: null, decimalPlaces: null, autoNow: false, autoNowAdd: false, relation: null, validators: [],
    ...partial,
  }
}

/** Resolves a relation target (`'self'`, `'Name'`, `'app.Name'`) to a full label. */
export function targetLabel(model: ModelSpec, to: string): string {
  if (to === 'self') return model.label
  return to.includes('.') ? to : `${model.appLabel}.${to}`
}

/**
 * The automatic join table of a ManyToManyField (Django's `create_many_to_many_intermediary_model`):
 * `<table>_<field snake>` (or `relation.dbTable`), an auto `id`, `<from>_id` and `<to>_id` foreign keys
 * (`from_<x>_id`/`to_<x>_id` for a self relation), unique together. `null` when a `through` model is used.
 */
export function autoJoinModel(model: ModelSpec, field: FieldSpec, target: ModelSpec): ModelSpec | null {
  const relation = field.relation
  if (field.type !== 'ManyToManyField' || relation === null || relation.through !== null) return null
  const from = model.name.toLowerCase()
  const to = target.name.toLowerCase()
  const self = model.label === target.label
  const fromName = self ? `from_${from}` : from
  const toName = self ? `to_${to}` : to
  const fk = (name: string, targetLabelValue: string): FieldSpec => makeField({
    name, type: 'ForeignKey', column: `${name}_id`, dbIndex: true,
    relation: { to: targetLabelValue, relatedName: '+', onDelete: 'CASCADE', through: null, dbTable: null },
  })
  const table = relation.dbTable ?? `${model.dbTable}_${snakeCase(field.name)}`
  const name = `${model.name}_${field.name}`
  return {
    label: `${model.appLabel}.${name}`, appLabel: model.appLabel, name, dbTable: table,
    fields: [makeField({ name: 'id', type: 'BigAutoField', column: 'id', primaryKey: true }), fk(fromName, model.label), fk(toName, target.label)],
    pk: 'id', ordering: [], indexes: [], constraints: [], uniqueTogether: [[fromName, toName]],
    verboseName: name, verboseNamePlural: name, abstract: false, managed: true,
  }
}
