/**
 * The shapes of migration operations (Django's `django.db.migrations.operations`): plain, frozen
 * `{ kind, ... }` data made by the builders in this folder, plus the handler interface the
 * {@link OPERATIONS} table implements per kind, and the slice of the SchemaEditor they call.
 *
 * @module
 */
import type { Kysely } from 'kysely'
import type { ConstraintSpec, FieldSpec, IndexSpec, ModelSpec } from '../../spec.ts'
import type { ProjectState } from '../state.ts'

/** Model options a `CreateModel`/`AlterModelOptions` can carry; missing keys take the defaults. */
export interface ModelOptions {
  readonly dbTable?: string
  readonly ordering?: readonly string[]
  readonly indexes?: readonly IndexSpec[]
  readonly constraints?: readonly ConstraintSpec[]
  readonly uniqueTogether?: readonly (readonly string[])[]
  readonly verboseName?: string
  readonly verboseNamePlural?: string
  readonly managed?: boolean
  /** The setting that may swap the model out (Django's `swappable`, `'AUTH_USER_MODEL'`); see `swappedFor`. */
  readonly swappable?: string
}

/** The options {@link AlterModelOptionsOperation} may change: state only, no SQL (as Django's). */
export type AlterableModelOptions = Pick<ModelOptions, 'ordering' | 'verboseName' | 'verboseNamePlural' | 'managed'>

/** Creates a table (and its automatic many-to-many tables). */
export interface CreateModelOperation {
  readonly kind: 'CreateModel'
  /** `'app.Name'`. */
  readonly model: string
  readonly fields: readonly FieldSpec[]
  readonly options: ModelOptions
}
/** Drops a table. */
export interface DeleteModelOperation {
  readonly kind: 'DeleteModel'
  readonly model: string
}
/** Renames a model (and its table when the table name is the default one). Both are full labels. */
export interface RenameModelOperation {
  readonly kind: 'RenameModel'
  readonly oldName: string
  readonly newName: string
}
/** Sets `dbTable`; `null` restores the default `<app>_<model>` name. */
export interface AlterModelTableOperation {
  readonly kind: 'AlterModelTable'
  readonly model: string
  readonly table: string | null
}
/** Changes state-only options (ordering, verbose names, managed). */
export interface AlterModelOptionsOperation {
  readonly kind: 'AlterModelOptions'
  readonly model: string
  readonly options: AlterableModelOptions
}
/** Adds a column. With `preserveDefault: false` the default only fills existing rows (a one-off default). */
export interface AddFieldOperation {
  readonly kind: 'AddField'
  readonly model: string
  readonly field: FieldSpec
  readonly preserveDefault: boolean
}
/** Drops a column. */
export interface RemoveFieldOperation {
  readonly kind: 'RemoveField'
  readonly model: string
  readonly name: string
}
/** Changes a field's definition (type, null, default, unique, index, column...). */
export interface AlterFieldOperation {
  readonly kind: 'AlterField'
  readonly model: string
  readonly name: string
  readonly field: FieldSpec
  readonly preserveDefault: boolean
}
/** Renames a field (and its column when the column name is the default one). */
export interface RenameFieldOperation {
  readonly kind: 'RenameField'
  readonly model: string
  readonly oldName: string
  readonly newName: string
}
/** Adds a `Meta.indexes` entry. */
export interface AddIndexOperation {
  readonly kind: 'AddIndex'
  readonly model: string
  readonly index: IndexSpec
}
/** Removes a `Meta.indexes` entry by name. */
export interface RemoveIndexOperation {
  readonly kind: 'RemoveIndex'
  readonly model: string
  readonly name: string
}
/** Adds a `Meta.constraints` entry. */
export interface AddConstraintOperation {
  readonly kind: 'AddConstraint'
  readonly model: string
  readonly constraint: ConstraintSpec
}
/** Removes a `Meta.constraints` entry by name. */
export interface RemoveConstraintOperation {
  readonly kind: 'RemoveConstraint'
  readonly model: string
  readonly name: string
}
/** Replaces `Meta.uniqueTogether` (the whole set, as Django's). */
export interface AlterUniqueTogetherOperation {
  readonly kind: 'AlterUniqueTogether'
  readonly model: string
  readonly uniqueTogether: readonly (readonly string[])[]
}
/** Raw SQL; `reverseSql: null` makes the migration irreversible, `[]` a no-op reverse. */
export interface RunSQLOperation {
  readonly kind: 'RunSQL'
  readonly sql: readonly string[]
  readonly reverseSql: readonly string[] | null
  /** Operations applied to the state only (Django's `state_operations`), e.g. to record what the SQL did. */
  readonly stateOperations: readonly Operation[]
}

/** The database a data migration's code gets: untyped tables (the models may have moved on since). */
export type MigrationDatabase = Kysely<Record<string, Record<string, unknown>>>

/** What {@link RunCodeOperation} code receives (Django's `RunPython(apps, schema_editor)`). */
export interface RunCodeContext {
  /** The migration's connection (inside its transaction). */
  readonly db: MigrationDatabase
  /** The project state at this point of the history: read `state.resolveModel('polls.Question').dbTable`. */
  readonly state: ProjectState
  readonly schemaEditor: SchemaEditorLike
}
/** A data migration function. */
export type RunCodeFunction = (context: RunCodeContext) => Promise<void> | void
/** A data migration; `reverseCode: null` makes it irreversible. */
export interface RunCodeOperation {
  readonly kind: 'RunCode'
  readonly code: RunCodeFunction
  readonly reverseCode: RunCodeFunction | null
}

/** Any operation. */
export type Operation =
  | CreateModelOperation | DeleteModelOperation | RenameModelOperation | AlterModelTableOperation
  | AlterModelOptionsOperation | AddFieldOperation | RemoveFieldOperation | AlterFieldOperation
  | RenameFieldOperation | AddIndexOperation | RemoveIndexOperation | AddConstraintOperation
  | RemoveConstraintOperation | AlterUniqueTogetherOperation | RunSQLOperation | RunCodeOperation

/** An operation's `kind`. */
export type OperationKind = Operation['kind']
/** The operation type for a kind. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>

/**
 * The slice of the backends' `SchemaEditor` the operations call. Conventions follow Django's
 * operations: additions get the model as it is *after* (`createModel`, `addIndex`), removals and
 * alterations the model as it is *before* (`deleteModel`, `addField`, `removeField`, `alterField`).
 */
export interface SchemaEditorLike {
  readonly connection: { readonly kysely: MigrationDatabase }
  createModel(model: ModelSpec): Promise<void>
  deleteModel(model: ModelSpec): Promise<void>
  addField(model: ModelSpec, field: FieldSpec): Promise<void>
  removeField(model: ModelSpec, field: FieldSpec): Promise<void>
  alterField(model: ModelSpec, oldField: FieldSpec, newField: FieldSpec): Promise<void>
  alterDbTable(model: ModelSpec, oldTable: string, newTable: string): Promise<void>
  addIndex(model: ModelSpec, index: IndexSpec): Promise<void>
  removeIndex(model: ModelSpec, index: IndexSpec): Promise<void>
  addConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void>
  removeConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void>
  alterUniqueTogether(model: ModelSpec, oldValue: readonly (readonly string[])[], newValue: readonly (readonly string[])[]): Promise<void>
  /** Runs one SQL statement (recorded in `executed` for `sqlmigrate`). */
  execute(sql: string): Promise<void>
}

/**
 * What every operation kind implements (Django's `Operation` methods).
 *
 * `databaseForwards(editor, fromState, toState, op)`: `fromState` is the state before the operation,
 * `toState` after it. `databaseBackwards(editor, fromState, toState, op)`: as Django's, `fromState`
 * is the state *with* the operation applied and `toState` the state without it.
 */
export interface OperationHandler<O extends Operation> {
  /** The state after the operation. Pure: returns a new state. */
  stateForwards(state: ProjectState, op: O): ProjectState
  databaseForwards(editor: SchemaEditorLike, fromState: ProjectState, toState: ProjectState, op: O): Promise<void>
  /** @throws `IrreversibleError` (E_IRREVERSIBLE_MIGRATION) when the operation cannot be undone. */
  databaseBackwards(editor: SchemaEditorLike, fromState: ProjectState, toState: ProjectState, op: O): Promise<void>
  /** One line, as Django's `describe()`: `Create model Question`. */
  describe(op: O): string
  /** A fragment for the migration's auto name (`add_question_pubdate`), or `null` when there is none. */
  nameFragment(op: O): string | null
  /** Whether `databaseBackwards` works for this operation. */
  reversible(op: O): boolean
}

/** The handler table type: one handler per kind. */
export type OperationTable = { readonly [K in OperationKind]: OperationHandler<OperationOf<K>> }
