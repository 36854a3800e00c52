/**
 * `tango/db/migrations`: what migration files import (the operation builders), and the machinery
 * behind `makemigrations` and `migrate` (Django's `django.db.migrations`).
 *
 * Author side: {@link ProjectState}, the operations and their {@link OPERATIONS} handler table, the
 * {@link Autodetector}, the questioners and the writer. Run side: `MigrationLoader`,
 * `MigrationGraph`, `MigrationRecorder`, `MigrationExecutor`.
 *
 * @module
 * @example
 * ```ts
 * // polls/migrations/0002_add_question_pubdate.ts
 * import { addField } from 'tango/db/migrations'
 * export default {
 *   dependencies: [['polls', '0001_initial']],
 *   operations: [addField({ model: 'polls.Question', field: { name: 'pubDate', type: 'DateTimeField', null: true } })],
 * }
 * ```
 */
export * from './operations/index.ts'
export { ProjectState, modelFromOptions, normalizeModel, resolveRelation } from './state.ts'
export type { ModelLike, OperationsHolder } from './state.ts'
export { Autodetector } from './autodetector.ts'
export type { AppChanges, AutodetectorOptions } from './autodetector.ts'
export { InteractiveQuestioner, NonInteractiveQuestioner, NotNullDefaultError } from './questioner.ts'
export type { Questioner } from './questioner.ts'
export { writeMigration, migrationName, serializeValue } from './writer.ts'
export type { WriteMigrationInput } from './writer.ts'

export type { Migration, LoadedMigration, MigrationKey } from './types.ts'
export { keyString } from './types.ts'
export { MigrationLoader, BadMigrationError } from './loader.ts'
export type { LoaderOptions } from './loader.ts'
export { MigrationGraph, MigrationGraphError, MigrationConflictError } from './graph.ts'
export { MigrationRecorder, MIGRATIONS_TABLE } from './recorder.ts'
export { MigrationExecutor, migrate, sendPostMigrate, InconsistentMigrationHistory } from './executor.ts'
export type { MigrateOptions, MigrationTarget, PlanStep, ProgressEvent, ExecutorOptions } from './executor.ts'
export { squashMigrations, optimizeOperations } from './squash.ts'
export type { SquashedMigration } from './squash.ts'
