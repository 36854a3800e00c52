/**
 * `ModelInstance`: the base of every model's generated class. Field values are own properties
 * (`question.questionText`, `choice.questionId`); behaviour lives here: `save`, `delete`,
 * `refreshFromDb`, `fullClean`, `pk`. The query layer builds instances with {@link instantiate}.
 *
 * @module
 */
import { NON_FIELD_ERRORS, ValidationError } from '../errors.ts'
import type { FieldSpec, ModelSpec } from '../spec.ts'
import { gettext } from '../../core/translation.ts'
import { fillMessage, validateField } from '../fields/validation.ts'
import { attname, concreteFields, deleteRow, existsOther, insertRow, pkFieldOf, selectRow, updateRow } from './persistence.ts'
import { postDelete, postSave, preDelete, preSave } from './signals.ts'
import type { AnyModel, DeleteResult, SaveOptions } from './types.ts'

/** Marks a construction from database values (no defaults, not "adding"). */
const FROM_DB: unique symbol = Symbol('fromDb')

/**
 * An instance's persistence state (Django's `_state`). A class, not an object literal: V8 moves
 * literals whose objects often outlive a young GC (rows held for a whole page) straight to the old
 * generation, where they pile up until a full collection.
 */
class InstanceState {
  adding = true
  db: string | null = null
}

let stateOf: (instance: ModelInstance) => InstanceState
/** The relation cache; made on first use (most instances never cache a relation). */
let cacheOf: (instance: ModelInstance) => Map<string, unknown>
let peekCache: (instance: ModelInstance) => Map<string, unknown> | null

function modelOf(instance: ModelInstance): AnyModel {
  return instance.constructor as unknown as AnyModel
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function defaultValue(field: FieldSpec): unknown {
  if (!field.hasDefault) return null
  return typeof field.default === 'function' ? (field.default as () => unknown)() : field.default
}

/** Deletes through the query layer's `Collector` when it is registered, else one row (see {@link setDeleteHandler}). */
type DeleteHandler = (instance: ModelInstance, using: string) => Promise<DeleteResult>
let deleteHandler: DeleteHandler | null = null

/**
 * @internal The query layer registers its deletion `Collector` here so `instance.delete()` honours
 * every `onDelete` rule. Without it, `delete()` removes the one row and sends the signals.
 */
export function setDeleteHandler(handler: DeleteHandler | null): void {
  deleteHandler = handler
}

/**
 * The base class of every model's generated class (Django's `Model`). Users never subclass it
 * directly: `defineModel` does.
 */
export class ModelInstance {
  #state = new InstanceState()
  #cache: Map<string, unknown> | null = null

  static {
    stateOf = (instance) => instance.#state
    cacheOf = (instance) => (instance.#cache ??= new Map())
    peekCache = (instance) => instance.#cache
  }

  /**
   * @param values - field values by name; a foreign key by field name (an instance or an id) or by
   *   `<name>Id`. Missing fields get their default (called when a function) or `null`.
   * @throws TypeError for a name that is not a field of the model, or a many-to-many field.
   */
  constructor(values: Readonly<Record<string, unknown>> = {}, fromDb?: typeof FROM_DB) {
    const meta = modelOf(this)._meta
    if (fromDb === FROM_DB) {
      // Rows from the query layer: a fresh plain object keyed by attribute name (no entries copy).
      Object.assign(this, values)
      return
    }
    const known = new Set<string>()
    for (const field of concreteFields(meta)) {
      const name = attname(field)
      known.add(name).add(field.name)
      let value: unknown
      if (name in values) value = values[name]
      else if (name !== field.name && field.name in values) value = values[field.name]
      else value = defaultValue(field)
      if (value !== null && typeof value === 'object' && name !== field.name) {
        // `question: instance`: keep the id and cache the instance.
        const related = value as ModelInstance
        cacheOf(this).set(field.name, related)
        value = related.pk
      }
      ;(this as Record<string, unknown>)[name] = value ?? null
    }
    for (const key of Object.keys(values)) {
      if (!known.has(key) && key !== 'pk') {
        throw new TypeError(`${meta.name}() got an unexpected field '${key}'.`)
      }
    }
    if ('pk' in values) (this as Record<string, unknown>)[meta.pk] = values['pk']
  }

  /** The primary key's value (`null` for a new instance with an auto id). */
  get pk(): unknown {
    return (this as Record<string, unknown>)[modelOf(this)._meta.pk] ?? null
  }

  set pk(value: unknown) {
    ;(this as Record<string, unknown>)[modelOf(this)._meta.pk] = value
  }

  /**
   * Saves the instance (Django's `Model.save`): INSERT when it has no primary key yet (or
   * `forceInsert`, or it is new and its primary key has a default), else UPDATE, falling back to
   * INSERT when no row matched. Fills `autoNow` / `autoNowAdd` fields, sends `preSave` then `postSave`.
   *
   * @param options - `updateFields` (write only these; an empty list saves nothing), `using`,
   *   `forceInsert`, `forceUpdate`.
   * @throws IntegrityError on a constraint violation; Error when `updateFields`/`forceUpdate` matched no row.
   */
  async save(options: SaveOptions = {}): Promise<void> {
    const model = modelOf(this)
    const meta = model._meta
    const state = this.#state
    const using = options.using ?? state.db ?? 'default'
    const values = this as Record<string, unknown>
    let updateFields: readonly FieldSpec[] | null = null
    if (options.updateFields) {
      if (options.updateFields.length === 0) return
      const byName = new Map(concreteFields(meta).flatMap((f) => [[f.name, f], [attname(f), f]] as const))
      updateFields = options.updateFields.map((name) => {
        const field = byName.get(name)
        if (!field) throw new TypeError(`The following fields do not exist in ${meta.name}, or are m2m fields: ${name}`)
        return field
      })
    }
    const updateNames = updateFields ? updateFields.map((f) => f.name) : null
    await preSave.send({ sender: model, instance: this, raw: false, using, updateFields: updateNames })
    const now = new Date()
    for (const field of concreteFields(meta)) {
      if (field.autoNow || (field.autoNowAdd && state.adding)) {
        values[field.name] = field.type === 'DateField' ? now.toISOString().slice(0, 10) : now
      }
    }
    const pk = pkFieldOf(meta)
    let created = false
    const insert = async (): Promise<void> => {
      values[pk.name] = await insertRow(meta, values, using)
      created = true
    }
    if (options.forceInsert || this.pk === null || (state.adding && pk.hasDefault && !options.forceUpdate && !updateFields)) {
      if (updateFields) throw new Error('Cannot force an update in save() with no primary key.')
      await insert()
    } else {
      const fields = updateFields ?? concreteFields(meta).filter((f) => f !== pk)
      const updated = await updateRow(meta, this.pk, values, fields, using)
      if (updated === 0) {
        if (updateFields) throw new Error('Save with update_fields did not affect any rows.')
        if (options.forceUpdate) throw new Error('Forced update did not affect any rows.')
        await insert()
      }
    }
    state.adding = false
    state.db = using
    await postSave.send({ sender: model, instance: this, raw: false, using, updateFields: updateNames, created })
  }

  /**
   * Deletes the row (Django's `Model.delete`). With the query layer loaded, related rows are handled
   * per `onDelete` (CASCADE, PROTECT, ...) by its `Collector`; `preDelete`/`postDelete` are sent for
   * each deleted instance. Afterwards the primary key is `null`.
   * @throws Error when the instance has no primary key.
   */
  async delete(options: { readonly using?: string } = {}): Promise<DeleteResult> {
    const model = modelOf(this)
    if (this.pk === null) {
      throw new Error(`${model._meta.name} object can't be deleted because its ${model._meta.pk} attribute is set to null.`)
    }
    const using = options.using ?? this.#state.db ?? 'default'
    let result: DeleteResult
    if (deleteHandler) {
      result = await deleteHandler(this, using)
    } else {
      await preDelete.send({ sender: model, instance: this, using })
      const count = await deleteRow(model._meta, this.pk, using)
      await postDelete.send({ sender: model, instance: this, using })
      result = { count, perModel: { [model._meta.label]: count } }
    }
    this.pk = null
    return result
  }

  /**
   * Reloads values from the database (Django's `refresh_from_db`) and forgets cached relations.
   * @param options - `fields` to reload only some; `using`.
   * @throws the model's `DoesNotExist` when the row is gone.
   */
  async refreshFromDb(options: { readonly fields?: readonly string[]; readonly using?: string } = {}): Promise<void> {
    const model = modelOf(this)
    const meta = model._meta
    const using = options.using ?? this.#state.db ?? 'default'
    const wanted = options.fields ? new Set(options.fields) : null
    const fields = concreteFields(meta).filter((f) => !wanted || wanted.has(f.name) || wanted.has(attname(f)))
    const row = await selectRow(meta, this.pk, fields, using)
    if (!row) throw new model.DoesNotExist(`${meta.name} matching query does not exist.`)
    Object.assign(this, row)
    for (const field of fields) if (field.relation) this.#cache?.delete(field.name)
    if (!wanted) this.#cache?.clear()
    this.#state.adding = false
    this.#state.db = using
  }

  /**
   * Validates the instance (Django's `full_clean`): each editable field's built-in checks (null and
   * blank, maxLength, choices, decimal digits, integer ranges, email/url/slug/uuid formats, dates),
   * then its validators, then unique fields and `uniqueTogether` against the database.
   *
   * @param options - `exclude`: field names to skip; `validateUnique` (default `true`): set `false`
   *   to skip the database queries of the unique checks.
   * @throws ValidationError whose `errors` map field name → messages (`__all__` for uniqueTogether).
   */
  async fullClean(options: { readonly exclude?: readonly string[]; readonly validateUnique?: boolean } = {}): Promise<void> {
    const model = modelOf(this)
    const meta = model._meta
    const exclude = new Set(options.exclude ?? [])
    const values = this as Record<string, unknown>
    const errors: Record<string, string[]> = {}
    for (const field of concreteFields(meta)) {
      if (exclude.has(field.name) || !field.editable) continue
      const messages = validateField(field, values[attname(field)])
      if (messages.length) errors[field.name] = messages
    }
    if (options.validateUnique ?? true) await this.#validateUnique(meta, exclude, errors)
    if (Object.keys(errors).length) throw new ValidationError(errors)
  }

  async #validateUnique(meta: ModelSpec, exclude: ReadonlySet<string>, errors: Record<string, string[]>): Promise<void> {
    const values = this as Record<string, unknown>
    const using = this.#state.db ?? 'default'
    const pk = pkFieldOf(meta)
    const excludePk = this.#state.adding ? null : this.pk
    // Verbose names are kept as source text; shown here in the active language (Django's
    // unique_error_message with capfirst(verbose_name)).
    const modelName = capitalize(gettext(meta.verboseName))
    for (const field of concreteFields(meta)) {
      if (!field.unique || exclude.has(field.name) || errors[field.name]) continue
      const value = values[attname(field)]
      if (value === null || value === undefined || (field === pk && this.#state.adding && value === null)) continue
      if (await existsOther(meta, [field], values, excludePk, using)) {
        errors[field.name] = [fillMessage(gettext('{modelName} with this {fieldLabel} already exists.'), { modelName, fieldLabel: capitalize(gettext(field.verboseName)) })]
      }
    }
    const byName = new Map(meta.fields.map((f) => [f.name, f]))
    for (const names of meta.uniqueTogether) {
      const fields = names.map((n) => byName.get(n)).filter((f): f is FieldSpec => f !== undefined)
      if (fields.some((f) => exclude.has(f.name) || errors[f.name] || values[attname(f)] === null)) continue
      if (await existsOther(meta, fields, values, excludePk, using)) {
        const words = fields.map((f) => capitalize(gettext(f.verboseName)))
        // Django's get_text_list(labels, _('and')): "A, B and C".
        const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} ${gettext('and')} ${words.at(-1)}` : words.join('')
        ;(errors[NON_FIELD_ERRORS] ??= []).push(fillMessage(gettext('{modelName} with this {fieldLabels} already exists.'), { modelName, fieldLabels: list }))
      }
    }
  }

  /** `Question object (1)`, as Django's default `__str__`. */
  toString(): string {
    return `${modelOf(this)._meta.name} object (${String(this.pk)})`
  }
}

/**
 * Builds a persisted instance from database values (for the query layer): no defaults are filled,
 * `values` are set as they are. Keys are attribute names (`questionId`, not `question`).
 * @param model - the model.
 * @param values - converted JavaScript values (`connection.ops.fromDb` already applied).
 * @param using - the alias the row came from (later `save()`s go there).
 */
export function instantiate<M extends AnyModel>(model: M, values: Readonly<Record<string, unknown>>, using = 'default'): InstanceType<M & (new (...args: never[]) => ModelInstance)> {
  const Ctor = model as unknown as new (values: Readonly<Record<string, unknown>>, fromDb: typeof FROM_DB) => ModelInstance
  const instance = new Ctor(values, FROM_DB)
  const state = stateOf(instance)
  state.adding = false
  state.db = using
  return instance as InstanceType<M & (new (...args: never[]) => ModelInstance)>
}

/**
 * Marks an instance as stored in `using` (Django sets `_state.adding = False` and `_state.db` after
 * `bulk_create`): a later `save()` updates its row instead of inserting, and related managers and
 * `refreshFromDb()` use that alias. For writers outside `save()`, such as the query layer's `bulkCreate`.
 * @param instance - a model instance whose row now exists.
 * @param using - the `DATABASES` alias the row was written to.
 */
export function markSaved(instance: ModelInstance, using: string): void {
  const state = stateOf(instance)
  state.adding = false
  state.db = using
}

/** Whether `instance` has not been saved yet (Django's `_state.adding`). */
export function isAdding(instance: ModelInstance): boolean {
  return stateOf(instance).adding
}

/** The alias an instance was loaded from or saved to, or `null`. */
export function instanceDb(instance: ModelInstance): string | null {
  return stateOf(instance).db
}

/**
 * Fills the relation cache: the target of a foreign key (`selectRelated`), or a prefetched list for a
 * related manager (`prefetchRelated`). `await choice.question` then runs no query.
 */
export function setRelatedCache(instance: ModelInstance, name: string, related: unknown): void {
  cacheOf(instance).set(name, related)
}

/** The cached relation value, or `undefined` when not loaded. */
export function getRelatedCache(instance: ModelInstance, name: string): unknown {
  return peekCache(instance)?.get(name)
}

/** Forgets one cached relation. */
export function clearRelatedCache(instance: ModelInstance, name: string): void {
  peekCache(instance)?.delete(name)
}
