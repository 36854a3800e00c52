/**
 * Model formsets (as Django's `django.forms.models`): {@link modelFormsetFactory} edits the rows of
 * a QuerySet plus new ones; {@link inlineFormsetFactory} edits the children of one parent row
 * through their foreign key (the admin's inlines). `await formset.prepare()` loads the rows (and the
 * forms' choices) before rendering; `await formset.isValid()` loads them itself; `await
 * formset.save()` creates, updates and deletes.
 *
 * @module
 */
import { ImproperlyConfigured, TangoError } from '../core/errors.ts'
import type { ModelInstance } from '../db/models/instance.ts'
import { modelRegistry } from '../db/models/registry.ts'
import type { AnyModel } from '../db/models/types.ts'
import type { FieldSpec } from '../db/spec.ts'
import { atomic } from '../db/transaction.ts'
import type { FormField } from './fields/field.ts'
import { ModelChoiceField } from './fields/model-choice.ts'
import type { ChoiceQuerySet } from './fields/model-choice.ts'
import { formsetSettings } from './formset-options.ts'
import type { FormsetClassSettings, FormsetFactoryOptions, FormsetOptions } from './formset-options.ts'
import { BaseFormSet } from './formsets.ts'
import { FORM_MESSAGES, formatMessage } from './messages.ts'
import { modelForm } from './model-form.ts'
import type { BaseModelForm, ModelFormClass, ModelFormOptions } from './model-form.ts'
import { HiddenInput } from './widgets/inputs.ts'
import type { ChoiceOption } from './widgets/widget.ts'

/** The slice of a QuerySet model formsets use (Tango's QuerySets have it). */
export interface FormsetQuerySet extends ChoiceQuerySet<ModelInstance> {
  filter(filter: Readonly<Record<string, unknown>>): FormsetQuerySet
  orderBy(...fields: readonly string[]): FormsetQuerySet
  none(): FormsetQuerySet
  all(): FormsetQuerySet
  /** @internal The query state; its `ordering` (`null`: the model's) tells whether the rows are ordered. */
  readonly state?: { readonly ordering: readonly string[] | null }
}

/** What a model formset is made with: a formset's options and the rows to edit. */
export interface ModelFormsetOptions extends FormsetOptions {
  /** The rows edited (default every row of the model, by primary key unless ordered). `initial` fills the extra forms. */
  readonly queryset?: FormsetQuerySet | null
}

/** What {@link modelFormsetFactory} takes: the model form's options (`fields`/`exclude`, widgets...) and the formset's. */
export interface ModelFormsetFactoryOptions extends ModelFormOptions, FormsetFactoryOptions {
  /** A model form class to use instead of deriving one from `fields`/`exclude`. */
  readonly form?: ModelFormClass
}

/** The hidden primary-key input of each form: a model choice over the formset's rows that needs no options to render. */
class HiddenPkField extends ModelChoiceField<ModelInstance, ModelInstance | null> {
  /** @inheritdoc */
  override async loadChoices(): Promise<readonly ChoiceOption[]> {
    return []
  }
}

/**
 * The hidden primary-key input of a formset saving every form as a new row: it reads nothing
 * back, as Django's `_construct_form` blanks the submitted keys when `save_as_new`.
 */
class IgnoredPkInput extends HiddenInput {
  /** @inheritdoc */
  override valueFromData(): unknown {
    return null
  }
}

function defaultQuerySet(model: AnyModel): FormsetQuerySet {
  // Every model made by defineModel has a Manager whose all() returns a QuerySet of this slice.
  return (model.objects as { all(): FormsetQuerySet }).all()
}

/**
 * A formset of model forms (Django's `BaseModelFormSet`). One form per row of `queryset` (the
 * initial forms, each with a hidden primary key input), then `extra` blank ones.
 */
export class BaseModelFormSet extends BaseFormSet<BaseModelForm> {
  /** The model edited; set by the factory. */
  static model: AnyModel | null = null
  /** The rows created by the last `save()`. */
  newObjects: ModelInstance[] = []
  /** The rows changed by the last `save()`, with the names of the changed fields. */
  changedObjects: [ModelInstance, string[]][] = []
  /** The rows deleted by the last `save()`. */
  deletedObjects: ModelInstance[] = []
  /** The forms saved by `save({ commit: false })`; call `saveM2m()` after saving their instances. */
  savedForms: BaseModelForm[] = []
  readonly #queryset: FormsetQuerySet | null
  #objects: ModelInstance[] | null = null
  #byPk = new Map<string, ModelInstance>()

  /** @param options - a formset's options and `queryset`. */
  constructor(options: ModelFormsetOptions = {}) {
    super(options)
    this.#queryset = options.queryset ?? null
  }

  /** The model edited. */
  get model(): AnyModel {
    const model = (this.constructor as typeof BaseModelFormSet).model
    if (model === null) throw new ImproperlyConfigured(`${this.constructor.name} has no model: make it with modelFormsetFactory(Model, ...).`)
    return model
  }

  /** The rows edited, ordered by primary key when neither the QuerySet nor the model orders them (Django's `get_queryset`). */
  getQueryset(): FormsetQuerySet {
    const qs = this.#queryset ?? defaultQuerySet(this.model)
    const ordering = qs.state?.ordering ?? this.model._meta.ordering
    return ordering.length ? qs : qs.orderBy(this.model._meta.pk)
  }

  /** Loads the rows (once); `isValid()`, `prepare()` and `save()` call it. */
  async loadObjects(): Promise<void> {
    if (this.#objects !== null) return
    const rows = await this.getQueryset()
    this.#objects = rows
    this.#byPk = new Map(rows.map((row) => [String(row.pk), row]))
  }

  #rows(): ModelInstance[] {
    if (this.#objects === null) {
      throw new TangoError('E_FORMSET_NOT_PREPARED', `${this.constructor.name} has not loaded its rows: await formset.prepare() (or isValid()) first.`)
    }
    return this.#objects
  }

  /** Loads the rows, then each form's choices. Call it before rendering. */
  override async prepare(): Promise<void> {
    await this.loadObjects()
    await super.prepare()
  }

  /** @inheritdoc */
  override async fullClean(): Promise<void> {
    await this.loadObjects()
    await super.fullClean()
  }

  /** Unbound: the number of rows (needs `prepare()`); bound: `INITIAL_FORMS`. */
  override initialFormCount(): number {
    return this.isBound ? super.initialFormCount() : this.#rows().length
  }

  /** `initial` fills the extra forms, not the initial ones (Django's `initial_extra`). */
  protected override initialFor(index: number): Readonly<Record<string, unknown>> | undefined {
    const initialForms = this.initialFormCount()
    return index < initialForms ? undefined : this.initial[index - initialForms]
  }

  /** A new, unsaved instance for an extra form (inline formsets point it at the parent). */
  protected newInstance(): ModelInstance {
    // A model made by defineModel is a class whose constructor takes field values.
    return new (this.model as unknown as new (values?: Record<string, unknown>) => ModelInstance)({})
  }

  /** The instance of form `index`: the row whose pk the form sent (bound) or the `index`-th row (unbound); a new one otherwise. */
  protected override getFormOptions(index: number | null): Record<string, unknown> {
    if (index === null) return { instance: this.newInstance() }
    const rows = this.#rows()
    let instance: ModelInstance | undefined
    if (index < this.initialFormCount()) {
      if (this.isBound) {
        const pk = this.data.get(`${this.addPrefix(index)}-${this.model._meta.pk}`)
        // A pk outside the QuerySet (tampered) gets a new instance; the hidden pk field then rejects it.
        if (pk !== null && pk !== '') instance = this.#byPk.get(String(pk))
      } else {
        instance = rows[index]
      }
    }
    return { instance: instance ?? this.newInstance() }
  }

  /** Adds the hidden primary key input (a choice among the formset's rows) to every form. */
  override addFields(form: BaseModelForm, index: number | null): void {
    super.addFields(form, index)
    const pkName = this.model._meta.pk
    const fields = form.fields as Record<string, FormField>
    if (pkName in fields) return
    fields[pkName] = new HiddenPkField({
      queryset: this.getQueryset(), required: false, widget: new HiddenInput(), initial: form.adding ? null : form.instance.pk,
    })
  }

  /**
   * Saves the formset (Django's `save`): deletes the initial rows marked for deletion, saves the
   * changed ones, creates one row per filled-in extra form (not those marked for deletion), in a
   * transaction. `commit: false` only fills the instances (collected in `savedForms`; deletions are
   * left to you, in `deletedObjects`); save them, then call `saveM2m()`.
   * @returns the instances saved (changed, then new).
   * @throws `TangoError` `E_FORM_INVALID` when the formset is not valid.
   */
  async save(options: { readonly commit?: boolean } = {}): Promise<ModelInstance[]> {
    if (!(await this.isValid())) {
      throw new TangoError('E_FORM_INVALID', formatMessage(FORM_MESSAGES.notValidated, { modelName: this.model._meta.name, action: 'saved' }))
    }
    const commit = options.commit !== false
    this.savedForms = []
    const run = async (): Promise<ModelInstance[]> => [...await this.saveExistingObjects(commit), ...await this.saveNewObjects(commit)]
    return commit ? atomic(run) : run()
  }

  /** Deletes and updates the rows of the initial forms (Django's `save_existing_objects`). */
  protected async saveExistingObjects(commit: boolean): Promise<ModelInstance[]> {
    this.changedObjects = []
    this.deletedObjects = []
    const deleted = new Set(this.deletedForms)
    const saved: ModelInstance[] = []
    for (const form of this.initialForms) {
      // No pk: a tampered form the validation already rejected, or a row not saved yet.
      if (form.adding) continue
      if (deleted.has(form)) {
        this.deletedObjects.push(form.instance)
        if (commit) await form.instance.delete()
      } else if (form.hasChanged()) {
        this.changedObjects.push([form.instance, form.changedData])
        saved.push(await this.saveExisting(form, commit))
        if (!commit) this.savedForms.push(form)
      }
    }
    return saved
  }

  /** Creates a row per filled-in extra form not marked for deletion (Django's `save_new_objects`). */
  protected async saveNewObjects(commit: boolean): Promise<ModelInstance[]> {
    this.newObjects = []
    for (const form of this.extraForms) {
      if (!form.hasChanged()) continue
      if (this.canDelete && this.shouldDeleteForm(form)) continue
      this.newObjects.push(await this.saveNew(form, commit))
      if (!commit) this.savedForms.push(form)
    }
    return this.newObjects
  }

  /** Saves an extra form's new instance (Django's `save_new`). */
  protected async saveNew(form: BaseModelForm, commit: boolean): Promise<ModelInstance> {
    return form.save({ commit })
  }

  /** Saves an initial form's changed instance (Django's `save_existing`). */
  protected async saveExisting(form: BaseModelForm, commit: boolean): Promise<ModelInstance> {
    return form.save({ commit })
  }

  /** After `save({ commit: false })` and saving the instances yourself: sets their many-to-many values. */
  async saveM2m(): Promise<void> {
    for (const form of this.savedForms) await form.saveM2m()
  }
}

/** A formset class made by {@link modelFormsetFactory}. */
export interface ModelFormsetClass extends FormsetClassSettings {
  new (options?: ModelFormsetOptions): BaseModelFormSet
  readonly model: AnyModel | null
  readonly form: ModelFormClass | null
}

/** Sets the factory's class settings on a fresh subclass (statics as Django's class attributes). */
function configure<C extends typeof BaseModelFormSet>(cls: C, model: AnyModel, form: ModelFormClass, s: Required<FormsetFactoryOptions>): C {
  Object.assign(cls, { model, form, ...s })
  return cls
}

/**
 * A formset class editing rows of `model` (Django's `modelformset_factory`): the form is
 * `modelForm(model, options)` (or `options.form`), the formset options as {@link formsetFactory}'s.
 *
 * @example
 * ```ts
 * const AuthorFormSet = modelFormsetFactory(Author, { fields: ['name'], extra: 1, canDelete: true })
 * const formset = new AuthorFormSet({ data: await request.form(), queryset: Author.objects.filter({ name__startswith: 'O' }) })
 * if (await formset.isValid()) await formset.save()
 * ```
 * @throws {@link ImproperlyConfigured} as `modelForm` (neither `fields` nor `exclude`, unknown fields); `RangeError` when `maxNum > absoluteMax`.
 */
export function modelFormsetFactory(model: AnyModel, options: ModelFormsetFactoryOptions): ModelFormsetClass {
  const s = formsetSettings(options, { extra: 1, canDelete: false })
  const form = options.form ?? modelForm(model, options)
  return configure(class extends BaseModelFormSet {}, model, form, s) as unknown as ModelFormsetClass
}

/**
 * The foreign key of `child` pointing at `parent` (Django's `_get_foreign_key`).
 * @throws {@link ImproperlyConfigured} "'app.Child' has no ForeignKey to 'app.Parent'.", or "... has
 * more than one ForeignKey to ... You must specify a 'fkName' attribute.", or when `fkName` is not such a key.
 */
export function getForeignKey(parent: AnyModel, child: AnyModel, fkName: string | null = null): FieldSpec {
  const pointsAtParent = (f: FieldSpec): boolean =>
    (f.type === 'ForeignKey' || f.type === 'OneToOneField') && f.relation !== null &&
    modelRegistry.resolveLabel(child._meta.label, f.relation.to) === parent._meta.label
  const { label } = child._meta
  if (fkName !== null) {
    const field = child._meta.fields.find((f) => f.name === fkName)
    if (field === undefined) throw new ImproperlyConfigured(`'${label}' has no field named '${fkName}'.`)
    if (!pointsAtParent(field)) throw new ImproperlyConfigured(`fkName '${fkName}' is not a ForeignKey to '${parent._meta.label}'.`)
    return field
  }
  const fks = child._meta.fields.filter(pointsAtParent)
  if (fks.length === 0) throw new ImproperlyConfigured(`'${label}' has no ForeignKey to '${parent._meta.label}'.`)
  if (fks.length > 1) throw new ImproperlyConfigured(`'${label}' has more than one ForeignKey to '${parent._meta.label}'. You must specify a 'fkName' attribute.`)
  return fks[0] as FieldSpec
}

/** What an inline formset is made with: a model formset's options and the parent `instance`. */
export interface InlineFormsetOptions extends ModelFormsetOptions {
  /** The parent row whose children are edited (default a new, unsaved one: no initial forms). */
  readonly instance?: ModelInstance | null
  /**
   * Save every submitted form as a new child of `instance` (Django's `save_as_new`, the admin's
   * "Save as new"): no form is an initial one, the submitted primary keys are ignored, forms marked
   * for deletion and untouched forms are skipped, and the rows the data came from are left alone.
   * Default `false`.
   */
  readonly saveAsNew?: boolean
}

/**
 * A formset of the children of one parent row (Django's `BaseInlineFormSet`): the rows whose
 * foreign key points at `instance`, then extra forms whose new rows get that key on `save()`. The
 * foreign key is not an input. The default prefix is the relation's accessor name (`choices`, `choiceSet`).
 */
export class BaseInlineFormSet extends BaseModelFormSet {
  /** The parent model; set by the factory. */
  static parentModel: AnyModel | null = null
  /** The foreign key from the child to the parent; set by the factory. */
  static fk: FieldSpec | null = null
  /** The parent row (assign a saved one before `save()` when it was created after the formset). */
  instance: ModelInstance
  /** Every form makes a new row (Django's `save_as_new`); see {@link InlineFormsetOptions.saveAsNew}. */
  readonly saveAsNew: boolean

  /** @param options - a model formset's options, the parent `instance` and `saveAsNew`. */
  constructor(options: InlineFormsetOptions = {}) {
    const cls = new.target as unknown as typeof BaseInlineFormSet
    const parent = cls.parentModel
    if (parent === null || cls.fk === null) throw new ImproperlyConfigured(`${cls.name} has no parent model: make it with inlineFormsetFactory(Parent, Child, ...).`)
    const instance = options.instance ?? new (parent as unknown as new (values?: Record<string, unknown>) => ModelInstance)({})
    const base = options.queryset ?? defaultQuerySet(cls.model as AnyModel)
    const queryset = instance.pk === null || instance.pk === undefined ? base.none() : base.filter({ [cls.fk.name]: instance.pk })
    super({ ...options, queryset })
    this.instance = instance
    this.saveAsNew = options.saveAsNew ?? false
  }

  /** `0` with `saveAsNew` (every form is an extra one, saved as a new row), else as a model formset's. */
  override initialFormCount(): number {
    return this.saveAsNew ? 0 : super.initialFormCount()
  }

  /** With `saveAsNew`, the hidden primary key reads nothing back, so no form points at an existing row. */
  override addFields(form: BaseModelForm, index: number | null): void {
    super.addFields(form, index)
    if (!this.saveAsNew) return
    const fields = form.fields as Record<string, FormField>
    const pkName = this.model._meta.pk
    if (!(fields[pkName] instanceof HiddenPkField)) return
    fields[pkName] = new HiddenPkField({ queryset: this.getQueryset(), required: false, widget: new IgnoredPkInput(), initial: null })
  }

  /** The relation's accessor name on the parent (`relatedName`, else `<child>Set`), without a `+`. */
  static override getDefaultPrefix(): string {
    const fk = this.fk
    const model = this.model
    if (fk === null || model === null) return 'form'
    const name = model._meta.name
    return (fk.relation?.relatedName ?? `${name.charAt(0).toLowerCase()}${name.slice(1)}Set`).replace(/\+/g, '')
  }

  /** The foreign key to the parent. */
  get fk(): FieldSpec {
    return (this.constructor as typeof BaseInlineFormSet).fk as FieldSpec
  }

  /** A new child pointing at the parent. */
  protected override newInstance(): ModelInstance {
    const instance = super.newInstance()
    ;(instance as unknown as Record<string, unknown>)[`${this.fk.name}Id`] = this.instance.pk ?? null
    return instance
  }

  /** Sets the foreign key to the parent (saved by now), then saves (Django's `save_new`). */
  protected override async saveNew(form: BaseModelForm, commit: boolean): Promise<ModelInstance> {
    if (this.instance.pk === null || this.instance.pk === undefined) {
      throw new TangoError('E_FORMSET_UNSAVED_PARENT', `Save the ${this.instance.constructor.name} before saving its inline formset.`)
    }
    ;(form.instance as unknown as Record<string, unknown>)[`${this.fk.name}Id`] = this.instance.pk
    return form.save({ commit })
  }
}

/** What {@link inlineFormsetFactory} takes: a model formset's options and `fkName`. */
export interface InlineFormsetFactoryOptions extends ModelFormsetFactoryOptions {
  /** The foreign key to the parent, when the child has several. */
  readonly fkName?: string
}

/** A formset class made by {@link inlineFormsetFactory}. */
export interface InlineFormsetClass extends FormsetClassSettings {
  new (options?: InlineFormsetOptions): BaseInlineFormSet
  readonly model: AnyModel | null
  readonly form: ModelFormClass | null
  readonly parentModel: AnyModel | null
  readonly fk: FieldSpec | null
}

/**
 * A formset class editing the `child` rows of one `parent` row (Django's `inlineformset_factory`):
 * the foreign key is found (or named by `fkName`) and left out of the form. Defaults as Django's:
 * `extra: 3`, `canDelete: true`.
 *
 * @example
 * ```ts
 * const ChoiceFormSet = inlineFormsetFactory(Question, Choice, { fields: ['choiceText', 'votes'], extra: 2 })
 * const formset = new ChoiceFormSet({ data: await request.form(), instance: question })
 * if (await formset.isValid()) await formset.save()   // creates, updates, deletes choices
 * ```
 * @throws {@link ImproperlyConfigured} without a (single) foreign key to `parent`, or as `modelForm`.
 */
export function inlineFormsetFactory(parent: AnyModel, child: AnyModel, options: InlineFormsetFactoryOptions): InlineFormsetClass {
  const fk = getForeignKey(parent, child, options.fkName ?? null)
  if (options.form === undefined && options.fields === undefined && options.exclude === undefined) {
    // As modelForm: the foreign key left out must not make an unlisted form silently take every field.
    throw new ImproperlyConfigured(`Creating a ModelForm without either the 'fields' attribute or the 'exclude' attribute is prohibited; form ${child._meta.name}Form needs updating.`)
  }
  const s = formsetSettings(options, { extra: 3, canDelete: true })
  const fields = options.fields === undefined || options.fields === '__all__' ? options.fields : options.fields.filter((name) => name !== fk.name)
  const form = options.form ?? modelForm(child, {
    ...options, ...(fields === undefined ? {} : { fields }), exclude: [...(options.exclude ?? []), fk.name],
  })
  const cls = configure(class extends BaseInlineFormSet {}, child, form, s)
  cls.parentModel = parent
  cls.fk = fk
  return cls as unknown as InlineFormsetClass
}
