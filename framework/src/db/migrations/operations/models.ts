/**
 * Model-level operations: `CreateModel`, `DeleteModel`, `RenameModel`, `AlterModelTable`,
 * `AlterModelOptions` (Django's `operations/models.py`).
 *
 * @module
 */
import type { ModelSpec } from '../../spec.ts'
import { allowMigrateModel, modelFromOptions, resolveRelation } from './model-spec.ts'
import type { ProjectState } from '../state.ts'
import type {
  AlterableModelOptions, AlterModelOptionsOperation, AlterModelTableOperation, CreateModelOperation,
  DeleteModelOperation, ModelOptions, OperationHandler, RenameModelOperation,
} from './types.ts'
import { completeField, defaultTable, defaultVerboseName, splitLabel } from './naming.ts'
import type { FieldInput } from './naming.ts'

function freezeOptions<T extends object>(options: T): T {
  return Object.freeze({ ...options })
}

/**
 * `CreateModel`: a new table with these fields.
 * @param input - `model: 'app.Name'`, `fields` (full specs, or hand-written `{ name, type, ... }`
 *   completed with FieldSpec's defaults), `options` (dbTable, ordering, indexes, constraints,
 *   uniqueTogether, verboseName, verboseNamePlural, managed).
 * @example
 * ```ts
 * createModel({ model: 'polls.Question', fields: [{ name: 'id', type: 'BigAutoField' }, { name: 'text', type: 'CharField', maxLength: 200 }] })
 * ```
 */
export function createModel(input: { model: string; fields: readonly FieldInput[]; options?: ModelOptions }): CreateModelOperation {
  splitLabel(input.model)
  return Object.freeze({
    kind: 'CreateModel',
    model: input.model,
    fields: Object.freeze(input.fields.map(completeField)),
    options: freezeOptions(input.options ?? {}),
  })
}

/** `DeleteModel`: drops the model's table. */
export function deleteModel(input: { model: string }): DeleteModelOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'DeleteModel', model: input.model })
}

/** `RenameModel`: `oldName: 'polls.Question'`, `newName: 'polls.Query'` (or the bare `'Query'`: same app). */
export function renameModel(input: { oldName: string; newName: string }): RenameModelOperation {
  const [app] = splitLabel(input.oldName)
  return Object.freeze({ kind: 'RenameModel', oldName: input.oldName, newName: resolveRelation(`${app}.x`, input.newName) })
}

/** `AlterModelTable`: renames the table; `table: null` means the default `<app>_<model>`. */
export function alterModelTable(input: { model: string; table: string | null }): AlterModelTableOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AlterModelTable', model: input.model, table: input.table })
}

/** `AlterModelOptions`: ordering, verbose names, managed. State only: no SQL. */
export function alterModelOptions(input: { model: string; options: AlterableModelOptions }): AlterModelOptionsOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AlterModelOptions', model: input.model, options: freezeOptions(input.options) })
}

const lower = (label: string): string => splitLabel(label)[1].toLowerCase()
const shortName = (label: string): string => splitLabel(label)[1]

/** Handlers. */
export const createModelHandler: OperationHandler<CreateModelOperation> = {
  stateForwards: (state, op) => state.withModel(modelFromOptions(op.model, op.fields, op.options)),
  async databaseForwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.createModel(model)
  },
  async databaseBackwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.deleteModel(model)
  },
  describe: (op) => `Create model ${shortName(op.model)}`,
  nameFragment: (op) => lower(op.model),
  reversible: () => true,
}

export const deleteModelHandler: OperationHandler<DeleteModelOperation> = {
  stateForwards: (state, op) => {
    state.resolveModel(op.model)
    return state.withoutModel(op.model)
  },
  async databaseForwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.deleteModel(model)
  },
  async databaseBackwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.createModel(model)
  },
  describe: (op) => `Delete model ${shortName(op.model)}`,
  nameFragment: (op) => `delete_${lower(op.model)}`,
  reversible: () => true,
}

/** The state after renaming `oldName` to `newName`, relations pointing at it rewritten. */
function renameInState(state: ProjectState, oldName: string, newName: string): ProjectState {
  const old = state.resolveModel(oldName)
  const [appLabel, name] = splitLabel(newName)
  const dbTable = old.dbTable === defaultTable(oldName) ? defaultTable(newName) : old.dbTable
  // Names derived from the old class name follow the new one, as Django's defaults would.
  const oldDefault = defaultVerboseName(splitLabel(oldName)[1])
  const verboseName = old.verboseName === oldDefault ? defaultVerboseName(name) : old.verboseName
  const verboseNamePlural = old.verboseNamePlural === `${old.verboseName}s` ? `${verboseName}s` : old.verboseNamePlural
  let next = state.withoutModel(oldName).withModel({ ...old, label: newName, appLabel, name, dbTable, verboseName, verboseNamePlural })
  for (const { model } of next.referencesTo(oldName)) {
    next = next.withModel({
      ...model,
      fields: model.fields.map((f) => {
        if (f.relation === null) return f
        const to = f.relation.to === oldName ? newName : f.relation.to
        const through = f.relation.through === oldName ? newName : f.relation.through
        return { ...f, relation: { ...f.relation, to, through } }
      }),
    })
  }
  return next
}

async function renameTable(editor: Parameters<OperationHandler<RenameModelOperation>['databaseForwards']>[0], before: ModelSpec, after: ModelSpec): Promise<void> {
  if (allowMigrateModel(after) && before.dbTable !== after.dbTable) await editor.alterDbTable(after, before.dbTable, after.dbTable)
}

export const renameModelHandler: OperationHandler<RenameModelOperation> = {
  stateForwards: (state, op) => renameInState(state, op.oldName, op.newName),
  databaseForwards: (editor, from, to, op) => renameTable(editor, from.resolveModel(op.oldName), to.resolveModel(op.newName)),
  databaseBackwards: (editor, from, to, op) => renameTable(editor, from.resolveModel(op.newName), to.resolveModel(op.oldName)),
  describe: (op) => `Rename model ${shortName(op.oldName)} to ${shortName(op.newName)}`,
  nameFragment: (op) => `rename_${lower(op.oldName)}_${lower(op.newName)}`,
  reversible: () => true,
}

export const alterModelTableHandler: OperationHandler<AlterModelTableOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => ({ ...m, dbTable: op.table ?? defaultTable(op.model) })),
  databaseForwards: (editor, from, to, op) => renameTable(editor, from.resolveModel(op.model), to.resolveModel(op.model)),
  databaseBackwards: (editor, from, to, op) => renameTable(editor, from.resolveModel(op.model), to.resolveModel(op.model)),
  describe: (op) => `Rename table for ${shortName(op.model)} to ${op.table ?? '(default)'}`,
  nameFragment: (op) => `alter_${lower(op.model)}_table`,
  reversible: () => true,
}

export const alterModelOptionsHandler: OperationHandler<AlterModelOptionsOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => ({ ...m, ...op.options })),
  databaseForwards: async () => {},
  databaseBackwards: async () => {},
  describe: (op) => `Change Meta options on ${shortName(op.model)}`,
  nameFragment: (op) => `alter_${lower(op.model)}_options`,
  reversible: () => true,
}
