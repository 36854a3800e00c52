/**
 * Field-level operations: `AddField`, `RemoveField`, `AlterField`, `RenameField` (Django's
 * `operations/fields.py`).
 *
 * @module
 */
import type { FieldSpec, ModelSpec } from '../../spec.ts'
import type {
  AddFieldOperation, AlterFieldOperation, OperationHandler, RemoveFieldOperation, RenameFieldOperation,
} from './types.ts'
import { completeField, defaultColumn, defaultVerboseName, getField, splitLabel } from './naming.ts'
import type { FieldInput } from './naming.ts'
import { allowMigrateModel } from './model-spec.ts'
import { TangoError } from '../../../core/errors.ts'

/**
 * `AddField`. `preserveDefault: false` (a one-off default from `makemigrations`) fills existing rows
 * with `field.default`, then the state forgets the default, as Django's.
 */
export function addField(input: { model: string; field: FieldInput; preserveDefault?: boolean }): AddFieldOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AddField', model: input.model, field: completeField(input.field), preserveDefault: input.preserveDefault ?? true })
}

/** `RemoveField`: drops the column (or the automatic many-to-many table). */
export function removeField(input: { model: string; name: string }): RemoveFieldOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'RemoveField', model: input.model, name: input.name })
}

/** `AlterField`: `field` is the complete new definition of the field called `name`. */
export function alterField(input: { model: string; name: string; field: FieldInput; preserveDefault?: boolean }): AlterFieldOperation {
  splitLabel(input.model)
  const field = completeField({ ...input.field, name: input.name })
  return Object.freeze({ kind: 'AlterField', model: input.model, name: input.name, field, preserveDefault: input.preserveDefault ?? true })
}

/** `RenameField`: the column follows when it had the default name. */
export function renameField(input: { model: string; oldName: string; newName: string }): RenameFieldOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'RenameField', model: input.model, oldName: input.oldName, newName: input.newName })
}

/** A field without the one-off default (`preserveDefault: false`). */
function stateField(field: FieldSpec, preserveDefault: boolean): FieldSpec {
  return preserveDefault ? field : { ...field, hasDefault: false, default: null }
}

function replaceField(model: ModelSpec, name: string, field: FieldSpec): ModelSpec {
  getField(model, name)
  const fields = model.fields.map((f) => (f.name === name ? field : f))
  return { ...model, fields, pk: field.primaryKey ? field.name : model.pk === name ? field.name : model.pk }
}

/** The renamed field: the column (and verbose name) follow the name unless they were set explicitly. */
export function renamedField(field: FieldSpec, newName: string): FieldSpec {
  const column = field.column === defaultColumn(field.name, field.type) ? defaultColumn(newName, field.type) : field.column
  const verboseName = field.verboseName === defaultVerboseName(field.name) ? defaultVerboseName(newName) : field.verboseName
  return { ...field, name: newName, column, verboseName }
}

/** Field names inside uniqueTogether / indexes / constraints / ordering follow a rename. */
function renameReferences(model: ModelSpec, oldName: string, newName: string): ModelSpec {
  const swap = (n: string): string => (n === oldName ? newName : n)
  const swapOrder = (n: string): string => (n.startsWith('-') ? `-${swap(n.slice(1))}` : swap(n))
  return {
    ...model,
    ordering: model.ordering.map(swapOrder),
    uniqueTogether: model.uniqueTogether.map((set) => set.map(swap)),
    indexes: model.indexes.map((i) => ({ ...i, fields: i.fields.map(swapOrder) })),
    constraints: model.constraints.map((c) => (c.kind === 'unique' ? { ...c, fields: c.fields.map(swap) } : c)),
  }
}

const shortName = (label: string): string => splitLabel(label)[1]
const lower = (label: string): string => shortName(label).toLowerCase()

export const addFieldHandler: OperationHandler<AddFieldOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    if (m.fields.some((f) => f.name === op.field.name)) {
      throw new TangoError('E_MIGRATION_OPERATION', `Model '${op.model}' already has a field named '${op.field.name}'.`)
    }
    return { ...m, fields: [...m.fields, stateField(op.field, op.preserveDefault)] }
  }),
  async databaseForwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    // The operation's own field: with preserveDefault false it still carries the one-off default.
    if (allowMigrateModel(model)) await editor.addField(model, op.field)
  },
  async databaseBackwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeField(model, getField(model, op.field.name))
  },
  describe: (op) => `Add field ${op.field.name} to ${lower(op.model)}`,
  nameFragment: (op) => `add_${lower(op.model)}_${op.field.name.toLowerCase()}`,
  reversible: () => true,
}

export const removeFieldHandler: OperationHandler<RemoveFieldOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    getField(m, op.name)
    return { ...m, fields: m.fields.filter((f) => f.name !== op.name) }
  }),
  async databaseForwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeField(model, getField(model, op.name))
  },
  async databaseBackwards(editor, from, to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.addField(model, getField(to.resolveModel(op.model), op.name))
  },
  describe: (op) => `Remove field ${op.name} from ${lower(op.model)}`,
  nameFragment: (op) => `remove_${lower(op.model)}_${op.name.toLowerCase()}`,
  reversible: () => true,
}

export const alterFieldHandler: OperationHandler<AlterFieldOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => replaceField(m, op.name, stateField(op.field, op.preserveDefault))),
  async databaseForwards(editor, from, to, op) {
    const model = from.resolveModel(op.model)
    const newField = op.preserveDefault ? getField(to.resolveModel(op.model), op.name) : op.field
    if (allowMigrateModel(model)) await editor.alterField(model, getField(model, op.name), newField)
  },
  async databaseBackwards(editor, from, to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.alterField(model, getField(model, op.name), getField(to.resolveModel(op.model), op.name))
  },
  describe: (op) => `Alter field ${op.name} on ${lower(op.model)}`,
  nameFragment: (op) => `alter_${lower(op.model)}_${op.name.toLowerCase()}`,
  reversible: () => true,
}

export const renameFieldHandler: OperationHandler<RenameFieldOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    if (m.fields.some((f) => f.name === op.newName)) {
      throw new TangoError('E_MIGRATION_OPERATION', `Model '${op.model}' already has a field named '${op.newName}'.`)
    }
    return renameReferences(replaceField(m, op.oldName, renamedField(getField(m, op.oldName), op.newName)), op.oldName, op.newName)
  }),
  async databaseForwards(editor, from, to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.alterField(model, getField(model, op.oldName), getField(to.resolveModel(op.model), op.newName))
  },
  async databaseBackwards(editor, from, to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.alterField(model, getField(model, op.newName), getField(to.resolveModel(op.model), op.oldName))
  },
  describe: (op) => `Rename field ${op.oldName} on ${lower(op.model)} to ${op.newName}`,
  nameFragment: (op) => `rename_${lower(op.model)}_${op.oldName.toLowerCase()}_${op.newName.toLowerCase()}`,
  reversible: () => true,
}
