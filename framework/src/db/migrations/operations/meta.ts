/**
 * Options with SQL behind them: `AddIndex`, `RemoveIndex`, `AddConstraint`, `RemoveConstraint`,
 * `AlterUniqueTogether` (Django's `operations/models.py`, second half).
 *
 * @module
 */
import type { ConstraintSpec, IndexSpec, ModelSpec } from '../../spec.ts'
import { TangoError } from '../../../core/errors.ts'
import type {
  AddConstraintOperation, AddIndexOperation, AlterUniqueTogetherOperation, OperationHandler,
  RemoveConstraintOperation, RemoveIndexOperation,
} from './types.ts'
import { allowMigrateModel } from './model-spec.ts'
import { splitLabel } from './naming.ts'

/** `AddIndex`: `index: { name, fields, unique? }` (fields may carry a `-` for descending order). */
export function addIndex(input: { model: string; index: IndexSpec }): AddIndexOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AddIndex', model: input.model, index: Object.freeze({ ...input.index, fields: Object.freeze([...input.index.fields]) }) })
}

/** `RemoveIndex` by name. */
export function removeIndex(input: { model: string; name: string }): RemoveIndexOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'RemoveIndex', model: input.model, name: input.name })
}

/** `AddConstraint`: a `unique` (optionally partial) or `check` constraint. */
export function addConstraint(input: { model: string; constraint: ConstraintSpec }): AddConstraintOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AddConstraint', model: input.model, constraint: Object.freeze({ ...input.constraint }) })
}

/** `RemoveConstraint` by name. */
export function removeConstraint(input: { model: string; name: string }): RemoveConstraintOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'RemoveConstraint', model: input.model, name: input.name })
}

/** `AlterUniqueTogether`: the complete new set of field-name tuples. */
export function alterUniqueTogether(input: { model: string; uniqueTogether: readonly (readonly string[])[] }): AlterUniqueTogetherOperation {
  splitLabel(input.model)
  return Object.freeze({ kind: 'AlterUniqueTogether', model: input.model, uniqueTogether: Object.freeze(input.uniqueTogether.map((s) => Object.freeze([...s]))) })
}

function findIndex(model: ModelSpec, name: string): IndexSpec {
  const index = model.indexes.find((i) => i.name === name)
  if (index === undefined) throw new TangoError('E_MIGRATION_OPERATION', `Model '${model.label}' has no index named '${name}'.`)
  return index
}

function findConstraint(model: ModelSpec, name: string): ConstraintSpec {
  const constraint = model.constraints.find((c) => c.name === name)
  if (constraint === undefined) throw new TangoError('E_MIGRATION_OPERATION', `Model '${model.label}' has no constraint named '${name}'.`)
  return constraint
}

const lower = (label: string): string => splitLabel(label)[1].toLowerCase()

export const addIndexHandler: OperationHandler<AddIndexOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    if (m.indexes.some((i) => i.name === op.index.name)) throw new TangoError('E_MIGRATION_OPERATION', `Model '${op.model}' already has an index named '${op.index.name}'.`)
    return { ...m, indexes: [...m.indexes, op.index] }
  }),
  async databaseForwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.addIndex(model, op.index)
  },
  async databaseBackwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeIndex(model, op.index)
  },
  describe: (op) => `Create index ${op.index.name} on field(s) ${op.index.fields.join(', ')} of model ${lower(op.model)}`,
  nameFragment: (op) => `${lower(op.model)}_${op.index.name.toLowerCase()}`,
  reversible: () => true,
}

export const removeIndexHandler: OperationHandler<RemoveIndexOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    findIndex(m, op.name)
    return { ...m, indexes: m.indexes.filter((i) => i.name !== op.name) }
  }),
  async databaseForwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeIndex(model, findIndex(model, op.name))
  },
  async databaseBackwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.addIndex(model, findIndex(model, op.name))
  },
  describe: (op) => `Remove index ${op.name} from ${lower(op.model)}`,
  nameFragment: (op) => `remove_${lower(op.model)}_${op.name.toLowerCase()}`,
  reversible: () => true,
}

export const addConstraintHandler: OperationHandler<AddConstraintOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    if (m.constraints.some((c) => c.name === op.constraint.name)) throw new TangoError('E_MIGRATION_OPERATION', `Model '${op.model}' already has a constraint named '${op.constraint.name}'.`)
    return { ...m, constraints: [...m.constraints, op.constraint] }
  }),
  async databaseForwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.addConstraint(model, op.constraint)
  },
  async databaseBackwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeConstraint(model, op.constraint)
  },
  describe: (op) => `Create constraint ${op.constraint.name} on model ${lower(op.model)}`,
  nameFragment: (op) => `${lower(op.model)}_${op.constraint.name.toLowerCase()}`,
  reversible: () => true,
}

export const removeConstraintHandler: OperationHandler<RemoveConstraintOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => {
    findConstraint(m, op.name)
    return { ...m, constraints: m.constraints.filter((c) => c.name !== op.name) }
  }),
  async databaseForwards(editor, from, _to, op) {
    const model = from.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.removeConstraint(model, findConstraint(model, op.name))
  },
  async databaseBackwards(editor, _from, to, op) {
    const model = to.resolveModel(op.model)
    if (allowMigrateModel(model)) await editor.addConstraint(model, findConstraint(model, op.name))
  },
  describe: (op) => `Remove constraint ${op.name} from model ${lower(op.model)}`,
  nameFragment: (op) => `remove_${lower(op.model)}_${op.name.toLowerCase()}`,
  reversible: () => true,
}

export const alterUniqueTogetherHandler: OperationHandler<AlterUniqueTogetherOperation> = {
  stateForwards: (state, op) => state.updateModel(op.model, (m) => ({ ...m, uniqueTogether: op.uniqueTogether })),
  async databaseForwards(editor, from, to, op) {
    const before = from.resolveModel(op.model)
    const after = to.resolveModel(op.model)
    if (allowMigrateModel(after)) await editor.alterUniqueTogether(after, before.uniqueTogether, after.uniqueTogether)
  },
  async databaseBackwards(editor, from, to, op) {
    const before = from.resolveModel(op.model)
    const after = to.resolveModel(op.model)
    if (allowMigrateModel(after)) await editor.alterUniqueTogether(after, before.uniqueTogether, after.uniqueTogether)
  },
  describe: (op) => `Alter unique_together for ${lower(op.model)} (${op.uniqueTogether.length} constraint(s))`,
  nameFragment: (op) => `alter_${lower(op.model)}_unique_together`,
  reversible: () => true,
}
