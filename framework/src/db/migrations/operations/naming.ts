/**
 * Naming rules the operations need to rename things the way the models name them (the contract's
 * "Decisions already taken"): columns are the snake_case of the field name (`<name>_id` for
 * ForeignKey/OneToOne), tables `<app>_<model lower-cased>`. Also completes a partial field spec
 * written by hand in a migration file.
 *
 * @module
 * @internal
 */
import type { FieldSpec, FieldType, ModelSpec } from '../../spec.ts'
import { TangoError } from '../../../core/errors.ts'
import { camelToWords, snakeCase } from '../../models/naming.ts'

export { snakeCase }

/** The column a field gets without `dbColumn`: `null` for ManyToMany. */
export function defaultColumn(name: string, type: FieldType): string | null {
  if (type === 'ManyToManyField') return null
  const base = snakeCase(name)
  return type === 'ForeignKey' || type === 'OneToOneField' ? `${base}_id` : base
}

/** The table a model gets without `dbTable`: `polls_question`. */
export function defaultTable(label: string): string {
  const [app, name] = splitLabel(label)
  return `${app}_${name.toLowerCase()}`
}

/** Django's default `verbose_name`: `ArticleTag` → `article tag` (the models' own rule). */
export function defaultVerboseName(name: string): string {
  return camelToWords(name)
}

/**
 * `'polls.Question'` → `['polls', 'Question']`.
 * @throws TangoError E_MIGRATION_OPERATION when the label has no app part.
 */
export function splitLabel(label: string): [string, string] {
  const dot = label.indexOf('.')
  if (dot <= 0 || dot === label.length - 1) {
    throw new TangoError('E_MIGRATION_OPERATION', `'${label}' is not a model label of the form 'app.Name'.`)
  }
  return [label.slice(0, dot), label.slice(dot + 1)]
}

/** A field spec as written by hand: `name` and `type` are required, the rest takes FieldSpec's defaults. */
export type FieldInput = Partial<FieldSpec> & Pick<FieldSpec, 'name' | 'type'>

/** Fills every missing FieldSpec key with its default (as a bare Django field would have). */
export function completeField(input: FieldInput): FieldSpec {
  const primaryKey = input.primaryKey ?? (input.type === 'AutoField' || input.type === 'BigAutoField')
  return Object.freeze({
    name: input.name,
    type: input.type,
    column: input.column === undefined ? defaultColumn(input.name, input.type) : input.column,
    primaryKey,
    null: input.null ?? false,
    blank: input.blank ?? false,
    unique: input.unique ?? primaryKey,
    dbIndex: input.dbIndex ?? false,
    hasDefault: input.hasDefault ?? ('default' in input && input.default !== undefined),
    default: input.default ?? null,
    editable: input.editable ?? true,
    choices: input.choices ?? null,
    verboseName: input.verboseName ?? defaultVerboseName(input.name),
    helpText: input.helpText ?? '',
    maxLength: input.maxLength ?? null,
    maxDigits: input.maxDigits ?? null,
    decimalPlaces: input.decimalPlaces ?? null,
    autoNow: input.autoNow ?? false,
    autoNowAdd: input.autoNowAdd ?? false,
    relation: input.relation === undefined || input.relation === null ? null : Object.freeze({ ...input.relation }),
    validators: input.validators ?? [],
  })
}

/** The field named `name` on `model`, or throws (E_MIGRATION_OPERATION) naming the model. */
export function getField(model: ModelSpec, name: string): FieldSpec {
  const field = model.fields.find((f) => f.name === name)
  if (field === undefined) {
    throw new TangoError('E_MIGRATION_OPERATION', `Model '${model.label}' has no field named '${name}'.`)
  }
  return field
}
