/**
 * `RunSQL` and `RunCode` (Django's `RunSQL` and `RunPython`): data migrations and hand-written SQL.
 *
 * @module
 */
import { TangoError } from '../../../core/errors.ts'
import type { Operation, OperationHandler, RunCodeFunction, RunCodeOperation, RunSQLOperation } from './types.ts'

/** A backwards run of an operation that has no reverse (Django's `IrreversibleError`). */
export class IrreversibleError extends TangoError {
  /** @param description - the operation, as `describe()` prints it. */
  constructor(description: string) {
    super('E_IRREVERSIBLE_MIGRATION', `Operation '${description}' cannot be reversed.`)
  }
}

/**
 * `RunSQL`. `sql`/`reverseSql`: one statement or a list (each run separately). `reverseSql`
 * omitted or `null` makes the operation irreversible; pass `[]` for "nothing to undo".
 * `stateOperations` tell the state what the SQL did (Django's `state_operations`).
 * @example
 * ```ts
 * runSQL({ sql: 'CREATE INDEX q_text ON polls_question (text)', reverseSql: 'DROP INDEX q_text' })
 * ```
 */
export function runSQL(input: { sql: string | readonly string[]; reverseSql?: string | readonly string[] | null; stateOperations?: readonly Operation[] }): RunSQLOperation {
  const list = (v: string | readonly string[]): readonly string[] => Object.freeze(typeof v === 'string' ? [v] : [...v])
  return Object.freeze({
    kind: 'RunSQL',
    sql: list(input.sql),
    reverseSql: input.reverseSql === undefined || input.reverseSql === null ? null : list(input.reverseSql),
    stateOperations: Object.freeze([...(input.stateOperations ?? [])]),
  })
}

/**
 * `RunCode`: `code({ db, state, schemaEditor })` runs inside the migration's transaction.
 * `reverseCode` omitted or `null` makes it irreversible; {@link noop} for "nothing to undo".
 */
export function runCode(input: { code: RunCodeFunction; reverseCode?: RunCodeFunction | null }): RunCodeOperation {
  return Object.freeze({ kind: 'RunCode', code: input.code, reverseCode: input.reverseCode ?? null })
}

/** A reverse that does nothing (Django's `RunPython.noop`). */
export const noop: RunCodeFunction = () => {}

export const runSQLHandler: OperationHandler<RunSQLOperation> = {
  stateForwards(state, op) {
    for (const inner of op.stateOperations) state = state.apply(inner)
    return state
  },
  async databaseForwards(editor, _from, _to, op) {
    for (const statement of op.sql) await editor.execute(statement)
  },
  async databaseBackwards(editor, _from, _to, op) {
    if (op.reverseSql === null) throw new IrreversibleError(runSQLHandler.describe(op))
    for (const statement of op.reverseSql) await editor.execute(statement)
  },
  describe: () => 'Raw SQL operation',
  nameFragment: () => null,
  reversible: (op) => op.reverseSql !== null,
}

export const runCodeHandler: OperationHandler<RunCodeOperation> = {
  stateForwards: (state) => state,
  async databaseForwards(editor, from, _to, op) {
    await op.code({ db: editor.connection.kysely, state: from, schemaEditor: editor })
  },
  async databaseBackwards(editor, _from, to, op) {
    if (op.reverseCode === null) throw new IrreversibleError(runCodeHandler.describe(op))
    await op.reverseCode({ db: editor.connection.kysely, state: to, schemaEditor: editor })
  },
  describe: () => 'Raw code operation',
  nameFragment: () => null,
  reversible: (op) => op.reverseCode !== null,
}
