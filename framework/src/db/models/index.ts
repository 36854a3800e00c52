/**
 * Models: `defineModel`, the registry, instances, signals and the model types.
 *
 * @module
 */
export { defineModel } from './define-model.ts'
export type { ModelMeta, WithPk } from './define-model.ts'
export { modelRegistry, ModelRegistryStore } from './registry.ts'
export type { ReverseRelation } from './registry.ts'
export {
  ModelInstance, instantiate, isAdding, markSaved, instanceDb, setRelatedCache, getRelatedCache, clearRelatedCache, setDeleteHandler,
} from './instance.ts'
export { attname, concreteFields, pkFieldOf, wrapDbError } from './persistence.ts'
export { m2mJoin, ManyRelatedManager } from './m2m.ts'
export type { M2mJoin } from './m2m.ts'
export { ReverseManager, loadByPk } from './related.ts'
export { preSave, postSave, preDelete, postDelete, m2mChanged, postMigrate } from './signals.ts'
export type { PreSaveArgs, PostSaveArgs, DeleteArgs, M2mAction, M2mChangedArgs, PostMigrateArgs } from './signals.ts'
export { importAppModels } from './autodiscover.ts'
export { swappedFor } from './swappable.ts'
export { snakeCase, camelToWords, defaultTableName } from './naming.ts'
export type {
  ModelRegistry, ModelClass, AnyModel, Model, FieldMap, Row, CreateInput, Filter, FilterEntries, OrderField, InstanceMethods,
  SaveOptions, DeleteResult, InstanceLike, FieldValue, PkValue, TargetOf, ResolveLabel, ReverseAccessors,
  StringLookup, OrderedLookup, DatePartLookup, BasicLookup, ValueKeys, FkKeys, M2mKeys,
} from './types.ts'
export type { ObjectsManager, RelatedManager, SingleRelatedAccessor } from './manager-types.ts'
