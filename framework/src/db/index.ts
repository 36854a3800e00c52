/**
 * `tango/db`: models, fields, querysets, connections and transactions (Django's `django.db`).
 *
 * @module
 */
export { f, Field, ForeignKey, ManyToMany, textChoices, integerChoices, validateField } from './fields/index.ts'
export type { AnyField, FieldDraft, FieldOptions, ForeignKeyOptions, ManyToManyOptions, JsonValue, Choices } from './fields/index.ts'
export {
  defineModel, modelRegistry, ModelInstance, instantiate, setRelatedCache, getRelatedCache, importAppModels,
  preSave, postSave, preDelete, postDelete, m2mChanged, postMigrate, swappedFor,
} from './models/index.ts'
export type {
  ModelMeta, ModelRegistry, ModelClass, AnyModel, Model, Row, CreateInput, Filter, OrderField, SaveOptions, DeleteResult,
  RelatedManager, ReverseRelation, PreSaveArgs, PostSaveArgs, DeleteArgs, M2mChangedArgs, M2mAction, PostMigrateArgs,
} from './models/index.ts'
export {
  FieldError, ValidationError, NON_FIELD_ERRORS, ObjectDoesNotExist, DoesNotExist, MultipleObjectsReturned, ProtectedError,
  RestrictedError, IntegrityError,
} from './errors.ts'
export type { ValidationErrors } from './errors.ts'
export type { FieldSpec, ModelSpec, RelationSpec, IndexSpec, ConstraintSpec, FieldType, OnDelete, Choice, Validator } from './spec.ts'
export { connections, db, DEFAULT_DB_ALIAS } from './connection.ts'
export { atomic, onCommit, TransactionManagementError } from './transaction.ts'
export type { AtomicOptions } from './transaction.ts'
export { getObjectOr404, getListOr404 } from './shortcuts.ts'
export {
  QuerySet, Manager, Q, F, Count, Sum, Avg, Min, Max, Collector, RawQuerySet, captureQueries,
} from './query/index.ts'
export type { FilterArg, Expression, BulkCreateOptions, CapturedQuery } from './query/index.ts'
