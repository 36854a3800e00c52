/**
 * Squashing (Django's `squashmigrations`): a run of an app's migrations becomes one migration that
 * `replaces` them, with their operations concatenated and lightly optimized (an `AddField` folded
 * into the `CreateModel` of the same model when nothing in between depends on the order).
 *
 * @module
 */
import { TangoError } from '../../core/errors.ts'
import type { MigrationLoader } from './loader.ts'
import type { CreateModelOperation, Operation } from './operations/types.ts'
import { resolveRelation } from './state.ts'
import type { Migration, MigrationKey } from './types.ts'
import { keyString } from './types.ts'

/** Labels of models an operation touches (created, changed, renamed), for the folding barrier check. */
function touchedModels(op: Operation): string[] {
  switch (op.kind) {
    case 'RenameModel': return [op.oldName, op.newName]
    case 'RunSQL': case 'RunCode': return []
    default: return [op.model]
  }
}

/**
 * Folds each `AddField` into an earlier `CreateModel` of the same model when every operation in
 * between is about other models (no RunSQL/RunCode) and none of them creates or renames the new
 * field's relation target. The result does the same to an empty database, in fewer steps.
 * @param operations - in order.
 * @returns a new list; the input is not changed.
 */
export function optimizeOperations(operations: readonly Operation[]): Operation[] {
  const ops: (Operation | null)[] = [...operations]
  for (let i = 0; i < ops.length; i++) {
    const create = ops[i]
    if (create?.kind !== 'CreateModel') continue
    let model: CreateModelOperation = create
    for (let j = i + 1; j < ops.length; j++) {
      const op = ops[j]
      if (op === null || op === undefined) continue
      if (op.kind === 'AddField' && op.model === model.model) {
        const target = op.field.relation === null ? null : resolveRelation(model.model, op.field.relation.to)
        const between = ops.slice(i + 1, j).filter((o): o is Operation => o !== null && o !== undefined)
        if (target !== null && target !== model.model && between.some((o) => touchedModels(o).includes(target))) break
        // A one-off default only filled existing rows; a new table has none.
        const field = op.preserveDefault ? op.field : { ...op.field, hasDefault: false, default: null }
        model = Object.freeze({ ...model, fields: Object.freeze([...model.fields, field]) })
        ops[i] = model
        ops[j] = null
        continue
      }
      if (op.kind === 'RunSQL' || op.kind === 'RunCode' || touchedModels(op).includes(model.model)) break
    }
  }
  return ops.filter((o): o is Operation => o !== null)
}

/** A squashed migration, ready for the writer. */
export interface SquashedMigration {
  readonly app: string
  /** `0001_squashed_0004_add_votes` (Django's naming). */
  readonly name: string
  readonly migration: Migration & { readonly replaces: readonly MigrationKey[] }
}

/**
 * Builds the migration that replaces `app`'s migrations from `start` (default: the first) to `end`.
 * @param loader - loaded without an applied history, so every original is a node.
 * @throws TangoError `E_SQUASH` when the range is empty, `start` comes after `end`, or a migration
 *   has RunCode (functions cannot be copied into a file; squash around it or copy it by hand).
 */
export function squashMigrations(loader: MigrationLoader, app: string, end: string, start?: string): SquashedMigration {
  const endMigration = loader.migrationByPrefix(app, end)
  const inApp = loader.graph.forwardsPlan([app, endMigration.name]).filter(([a]) => a === app)
  let from = 0
  if (start !== undefined) {
    const startName = loader.migrationByPrefix(app, start).name
    from = inApp.findIndex(([, n]) => n === startName)
    if (from === -1) throw new TangoError('E_SQUASH', `The migration '${startName}' cannot be found, or is not before '${endMigration.name}', in app '${app}'.`)
  }
  const selected = inApp.slice(from).map((k) => loader.migration(k))
  const first = selected[0]
  if (first === undefined || selected.length < 2) throw new TangoError('E_SQUASH', `Nothing to squash: pick at least two migrations of app '${app}'.`)
  const selectedKeys = new Set(selected.map((m) => keyString([m.app, m.name])))
  const replaces: MigrationKey[] = []
  const operations: Operation[] = []
  const dependencies = new Map<string, MigrationKey>()
  for (const m of selected) {
    if (m.operations.some((op) => op.kind === 'RunCode')) {
      throw new TangoError('E_SQUASH', `Migration ${m.app}.${m.name} has RunCode operations, whose code cannot be copied into a squashed file. Squash the migrations before or after it instead.`)
    }
    for (const key of m.replaces ?? [[m.app, m.name] as MigrationKey]) replaces.push(key)
    operations.push(...m.operations)
    for (const dep of m.dependencies) {
      if (!selectedKeys.has(keyString(dep))) dependencies.set(keyString(dep), dep)
    }
  }
  const number = /^\d+/.exec(first.name)?.[0] ?? '0001'
  return Object.freeze({
    app,
    name: `${number}_squashed_${endMigration.name}`,
    migration: Object.freeze({
      dependencies: [...dependencies.values()],
      operations: optimizeOperations(operations),
      replaces,
    }),
  })
}
