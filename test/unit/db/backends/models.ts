/** Small ModelSpec builders for the backend tests (the models helper's defineModel is not needed here). */
import { makeField, snakeCase } from '../../../../framework/src/db/backends/base/schema-names.ts'
import type { FieldSpec, ModelSpec } from '../../../../framework/src/db/spec.ts'

export { makeField }

export function field(name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec {
  const relation = type === 'ForeignKey' || type === 'OneToOneField' || type === 'ManyToManyField'
  return makeField({
    name, type,
    column: type === 'ManyToManyField' ? null : relation ? `${snakeCase(name)}_id` : snakeCase(name),
    ...extra,
  })
}

export function fk(name: string, to: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return field(name, 'ForeignKey', { dbIndex: true, relation: { to, relatedName: null, onDelete: 'CASCADE', through: null, dbTable: null }, ...extra })
}

export function model(label: string, fields: readonly FieldSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  const [appLabel = '', name = ''] = label.split('.')
  const id = makeField({ name: 'id', type: 'BigAutoField', column: 'id', primaryKey: true })
  return {
    label, appLabel, name, dbTable: `${appLabel}_${name.toLowerCase()}`,
    fields: fields.some((f) => f.primaryKey) ? fields : [id, ...fields],
    pk: fields.find((f) => f.primaryKey)?.name ?? 'id',
    ordering: [], indexes: [], constraints: [], uniqueTogether: [], verboseName: name, verboseNamePlural: `${name}s`, abstract: false, managed: true,
    ...extra,
  }
}

/** A resolver over a fixed list of models. */
export function resolver(...models: ModelSpec[]): (label: string) => ModelSpec {
  return (label) => {
    const found = models.find((m) => m.label === label)
    if (found === undefined) throw new Error(`unknown model ${label}`)
    return found
  }
}
