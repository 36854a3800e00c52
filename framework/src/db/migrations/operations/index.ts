/**
 * Migration operations: the builders a migration file calls (`createModel`, `addField`, ...) and
 * {@link OPERATIONS}, the per-kind handler table the state, the executor and the writer use.
 *
 * @module
 */
import type { Operation, OperationHandler, OperationTable } from './types.ts'
import {
  alterModelOptionsHandler, alterModelTableHandler, createModelHandler, deleteModelHandler, renameModelHandler,
} from './models.ts'
import { addFieldHandler, alterFieldHandler, removeFieldHandler, renameFieldHandler } from './fields.ts'
import {
  addConstraintHandler, addIndexHandler, alterUniqueTogetherHandler, removeConstraintHandler, removeIndexHandler,
} from './meta.ts'
import { runCodeHandler, runSQLHandler } from './special.ts'

export * from './types.ts'
export { createModel, deleteModel, renameModel, alterModelTable, alterModelOptions } from './models.ts'
export { addField, removeField, alterField, renameField } from './fields.ts'
export { addIndex, removeIndex, addConstraint, removeConstraint, alterUniqueTogether } from './meta.ts'
export { runSQL, runCode, noop, IrreversibleError } from './special.ts'
export { completeField } from './naming.ts'
export type { FieldInput } from './naming.ts'

/**
 * One handler per operation kind: `OPERATIONS[op.kind].stateForwards(state, op)`,
 * `databaseForwards(editor, fromState, toState, op)`, `databaseBackwards(...)`, `describe(op)`,
 * `reversible(op)`. Use {@link handlerFor} to get a handler typed for an `Operation` union value.
 */
export const OPERATIONS: OperationTable = Object.freeze({
  CreateModel: createModelHandler,
  DeleteModel: deleteModelHandler,
  RenameModel: renameModelHandler,
  AlterModelTable: alterModelTableHandler,
  AlterModelOptions: alterModelOptionsHandler,
  AddField: addFieldHandler,
  RemoveField: removeFieldHandler,
  AlterField: alterFieldHandler,
  RenameField: renameFieldHandler,
  AddIndex: addIndexHandler,
  RemoveIndex: removeIndexHandler,
  AddConstraint: addConstraintHandler,
  RemoveConstraint: removeConstraintHandler,
  AlterUniqueTogether: alterUniqueTogetherHandler,
  RunSQL: runSQLHandler,
  RunCode: runCodeHandler,
})

/**
 * The handler for any operation, typed for the `Operation` union (the table is keyed by kind, so
 * the handler always matches its operation: the cast only widens the parameter type).
 * @example
 * ```ts
 * for (const op of migration.operations) console.log(handlerFor(op).describe(op))
 * ```
 */
export function handlerFor(op: Operation): OperationHandler<Operation> {
  return OPERATIONS[op.kind] as OperationHandler<Operation>
}

/** `describe()` of any operation: `Create model Question`. */
export function describeOperation(op: Operation): string {
  return handlerFor(op).describe(op)
}
