/**
 * The model signals (Django's `django.db.models.signals`). Receivers get one args object; `sender` is
 * the model, so a receiver can check `if (sender === Question)`.
 *
 * @module
 */
import { Signal } from '../../core/signals.ts'
import type { AppConfig } from '../../core/apps.ts'
import type { AnyModel } from './types.ts'
import type { ModelInstance } from './instance.ts'

/** What {@link preSave} sends. */
export interface PreSaveArgs {
  readonly sender: AnyModel
  readonly instance: ModelInstance
  /** `true` when saving fixture data as-is (loaddata); receivers should not touch other rows then. */
  readonly raw: boolean
  /** The database alias. */
  readonly using: string
  /** `updateFields` as passed to `save()`, or `null`. */
  readonly updateFields: readonly string[] | null
}

/** What {@link postSave} sends. */
export interface PostSaveArgs extends PreSaveArgs {
  /** `true` when the row was inserted. */
  readonly created: boolean
}

/** What {@link preDelete} / {@link postDelete} send. */
export interface DeleteArgs {
  readonly sender: AnyModel
  readonly instance: ModelInstance
  readonly using: string
}

/** The `action` of {@link m2mChanged} (Django's `pre_add`, ... in camelCase). */
export type M2mAction = 'preAdd' | 'postAdd' | 'preRemove' | 'postRemove' | 'preClear' | 'postClear'

/** What {@link m2mChanged} sends. */
export interface M2mChangedArgs {
  /** The model declaring the many-to-many field (Django sends the through model; auto join tables have none here). */
  readonly sender: AnyModel
  /** The many-to-many field's name on `sender`. */
  readonly field: string
  /** The instance whose relation changes. */
  readonly instance: ModelInstance
  readonly action: M2mAction
  /** `true` when changed from the target side (`tag.articleSet.add(...)`). */
  readonly reverse: boolean
  /** The model of the objects added/removed. */
  readonly model: AnyModel
  /** Primary keys added or removed; `null` for clear actions. */
  readonly pkSet: readonly unknown[] | null
  readonly using: string
}

/** What {@link postMigrate} sends, once per installed app after `migrate` (Django's `post_migrate`). */
export interface PostMigrateArgs {
  readonly app: AppConfig
  readonly using: string
  readonly verbosity: number
  readonly interactive: boolean
}

/** Sent at the start of `save()`, before values are written. */
export const preSave = new Signal<PreSaveArgs>('preSave')
/** Sent at the end of `save()`. */
export const postSave = new Signal<PostSaveArgs>('postSave')
/** Sent before each instance is deleted (also for cascaded rows). */
export const preDelete = new Signal<DeleteArgs>('preDelete')
/** Sent after each instance is deleted. */
export const postDelete = new Signal<DeleteArgs>('postDelete')
/** Sent around changes of a many-to-many relation. */
export const m2mChanged = new Signal<M2mChangedArgs>('m2mChanged')
/** Sent by `migrate` for each app after migrating. */
export const postMigrate = new Signal<PostMigrateArgs>('postMigrate')
