/**
 * `modelForm(Model, { fields })`: a form derived from a model's `ModelSpec`, which validates the
 * model instance too (`fullClean()`, unique checks) and saves it, many-to-many included (as
 * Django's `ModelForm` / `modelform_factory`).
 *
 * @module
 */
import { ImproperlyConfigured, TangoError } from '../core/errors.ts'
import { LazyString, gettext } from '../core/translation.ts'
import { ValidationError } from '../db/errors.ts'
import type { ModelInstance } from '../db/models/instance.ts'
import { modelRegistry } from '../db/models/registry.ts'
import type { AnyModel } from '../db/models/types.ts'
import type { FieldSpec } from '../db/spec.ts'
import { TypedChoiceField } from './fields/choice.ts'
import type { FieldOptions, FormField } from './fields/field.ts'
import { BooleanField, JSONField } from './fields/misc.ts'
import { ModelChoiceField, ModelMultipleChoiceField } from './fields/model-choice.ts'
import type { ChoiceQuerySet } from './fields/model-choice.ts'
import { DecimalField, FloatField, IntegerField } from './fields/numbers.ts'
import { DateField, DateTimeField, DurationField, TimeField } from './fields/temporal.ts'
import { CharField, EmailField, SlugField, URLField, UUIDField } from './fields/text.ts'
import { BaseForm } from './form.ts'
import type { FormFields, FormOptions } from './form.ts'
import { FORM_MESSAGES, formatMessage } from './messages.ts'
import type { ErrorMessages } from './messages.ts'
import { Textarea } from './widgets/inputs.ts'
import type { Widget } from './widgets/widget.ts'

/** A model as forms use it (what `defineModel` returns). */
export type FormModel = AnyModel

/** What {@link modelForm} takes (Django's `ModelForm.Meta`). */
export interface ModelFormOptions {
  /** The model fields to include, in this order, or `'__all__'`. One of `fields`/`exclude` is required. */
  readonly fields?: readonly string[] | '__all__'
  /** The model fields to leave out (the others are included). */
  readonly exclude?: readonly string[]
  readonly widgets?: Readonly<Record<string, Widget>>
  readonly labels?: Readonly<Record<string, string>>
  readonly helpTexts?: Readonly<Record<string, string>>
  readonly errorMessages?: Readonly<Record<string, ErrorMessages>>
  /** Extra (or replacing) form fields. */
  readonly extraFields?: FormFields
}

/** What a model form is made with: a form's options plus the `instance` to edit. */
export interface ModelFormFormOptions extends FormOptions {
  /** The instance to update; default a new, unsaved one. */
  readonly instance?: ModelInstance | null
}

const INTEGER_TYPES = new Set(['IntegerField', 'SmallIntegerField', 'BigIntegerField', 'PositiveIntegerField'])

function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The model's default manager as a QuerySet source (Tango managers have `all()`). */
function allOf(model: AnyModel): ChoiceQuerySet<ModelInstance> {
  // Every model made by defineModel has a Manager whose all() returns a QuerySet of the slice ChoiceQuerySet names.
  return (model.objects as { all(): ChoiceQuerySet<ModelInstance> }).all()
}

/**
 * The form field for a model field (Django's `Field.formfield()`), or `null` for fields a form
 * does not edit (auto and non-editable ones).
 * @param model - the model the field belongs to (relations are resolved from it).
 * @param field - the field's metadata.
 * @param extra - label, widget, help text or messages that override the derived ones.
 */
export function formFieldForModelField(model: AnyModel, field: FieldSpec, extra: FieldOptions = {}): FormField | null {
  if (!field.editable || field.type === 'AutoField' || field.type === 'BigAutoField' || field.type === 'BinaryField') return null
  const base: FieldOptions = {
    required: !field.blank,
    // Model metadata holds source text: label and help are translated when the form is rendered.
    label: new LazyString(() => capfirst(gettext(field.verboseName))),
    ...(field.helpText ? { helpText: new LazyString(() => gettext(field.helpText)) } : {}),
    ...(field.hasDefault ? { initial: field.default } : {}),
    ...extra,
  }
  if (field.choices !== null && field.relation === null) {
    const blank = field.blank || !(field.hasDefault || extra.initial !== undefined)
    const choices = [...(blank ? [{ value: '', label: '---------' }] : []), ...field.choices]
    return INTEGER_TYPES.has(field.type)
      ? new TypedChoiceField({ ...base, choices, coerce: (v) => Number(v), emptyValue: field.null ? null : '' })
      : new TypedChoiceField({ ...base, choices, coerce: (v) => v, emptyValue: field.null ? null : '' })
  }
  const text = { ...base, ...(field.maxLength === null ? {} : { maxLength: field.maxLength }), ...(field.null ? { emptyValue: null } : {}) }
  switch (field.type) {
    case 'CharField': return new CharField(text)
    case 'TextField': return new CharField({ widget: new Textarea(), ...text })
    case 'EmailField': return new EmailField(text)
    case 'URLField': return new URLField(text)
    case 'SlugField': return new SlugField(text)
    case 'UUIDField': return new UUIDField(base)
    case 'IntegerField': case 'BigIntegerField': return new IntegerField(base)
    case 'SmallIntegerField': return new IntegerField({ minValue: -32768, maxValue: 32767, ...base })
    case 'PositiveIntegerField': return new IntegerField({ minValue: 0, ...base })
    case 'FloatField': return new FloatField(base)
    case 'DecimalField':
      return new DecimalField({ ...base, ...(field.maxDigits === null ? {} : { maxDigits: field.maxDigits }), ...(field.decimalPlaces === null ? {} : { decimalPlaces: field.decimalPlaces }) })
    case 'BooleanField': return new BooleanField({ ...base, required: false })
    case 'DateField': return new DateField(base)
    case 'TimeField': return new TimeField(base)
    case 'DateTimeField': return new DateTimeField(base)
    case 'DurationField': return new DurationField(base)
    case 'JSONField': return new JSONField(base)
    case 'ForeignKey': case 'OneToOneField': case 'ManyToManyField': {
      const target = modelRegistry.resolveRelation(model._meta.label, field.relation?.to ?? '')
      const { initial: _initial, ...rest } = base
      return field.type === 'ManyToManyField'
        ? new ModelMultipleChoiceField({ ...rest, queryset: allOf(target) })
        : new ModelChoiceField({ ...rest, queryset: allOf(target) })
    }
    default: return null
  }
}

/**
 * A form editing one model instance. Made by {@link modelForm}; subclass it for hooks. After
 * `await isValid()`, `instance` holds the cleaned values and `await save()` writes it.
 */
export class BaseModelForm extends BaseForm {
  /** The model edited; set by {@link modelForm}. */
  static model: AnyModel | null = null
  /** The form fields that map to model fields. */
  static modelFieldNames: readonly string[] = []
  /** The instance edited (a new, unsaved one unless given). */
  readonly instance: ModelInstance
  readonly #m2mInitial = new Map<string, unknown[]>()

  /** @param options - a form's options and `instance`. */
  constructor(options: ModelFormFormOptions = {}) {
    const cls = new.target as unknown as typeof BaseModelForm
    const model = cls.model
    if (model === null) throw new ImproperlyConfigured('ModelForm has no model class specified.')
    // A model made by defineModel is a class whose constructor takes field values.
    const instance = options.instance ?? new (model as unknown as new (values?: Record<string, unknown>) => ModelInstance)({})
    const values = instance as unknown as Record<string, unknown>
    const fromInstance: Record<string, unknown> = {}
    for (const field of model._meta.fields) {
      if (!cls.modelFieldNames.includes(field.name) || field.type === 'ManyToManyField') continue
      const key = field.type === 'ForeignKey' || field.type === 'OneToOneField' ? `${field.name}Id` : field.name
      if (values[key] !== undefined) fromInstance[field.name] = values[key]
    }
    super({ ...options, initial: { ...fromInstance, ...(options.initial ?? {}) } })
    this.instance = instance
  }

  /** The model edited. */
  get model(): AnyModel {
    return (this.constructor as typeof BaseModelForm).model as AnyModel
  }

  /** Whether the instance is not saved yet (Django's `instance._state.adding`). */
  get adding(): boolean {
    return this.instance.pk === null || this.instance.pk === undefined
  }

  /**
   * Loads, for a saved instance, its many-to-many values as initial, then the choices (after, so
   * a widget that loads only the selected choices sees the saved values).
   */
  override async prepare(): Promise<void> {
    if (!this.adding) {
      for (const field of this.#m2mFields()) {
        if (Object.hasOwn(this.initial, field.name)) continue
        const manager = (this.instance as unknown as Record<string, { all(): PromiseLike<ModelInstance[]> }>)[field.name]
        if (manager !== undefined) this.#m2mInitial.set(field.name, (await manager.all()).map((row) => row.pk))
      }
    }
    await super.prepare()
  }

  /** @inheritdoc */
  override getInitialForField(field: FormField, name: string): unknown {
    return this.#m2mInitial.get(name) ?? super.getInitialForField(field, name)
  }

  #modelFields(): FieldSpec[] {
    const names = (this.constructor as typeof BaseModelForm).modelFieldNames
    return this.model._meta.fields.filter((f) => names.includes(f.name) && f.name in this.fields)
  }

  #m2mFields(): FieldSpec[] {
    return this.#modelFields().filter((f) => f.type === 'ManyToManyField')
  }

  /** Copies the cleaned values to the instance and runs its `fullClean()`, merging its errors (Django's `_post_clean`). */
  protected override async postClean(): Promise<void> {
    const values = this.instance as unknown as Record<string, unknown>
    const cleaned = this.cleanedData as Record<string, unknown>
    for (const field of this.#modelFields()) {
      if (field.type === 'ManyToManyField' || !(field.name in cleaned)) continue
      const formField = this.fields[field.name] as FormField
      const value = cleaned[field.name]
      // As Django's construct_instance: a field left out of the data keeps the model's default.
      const omitted = formField.widget.valueOmittedFromData(this.data, this.files, this.addPrefix(field.name))
      if (field.hasDefault && omitted && (value === null || value === '' || value === undefined)) continue
      if (field.type === 'ForeignKey' || field.type === 'OneToOneField') {
        values[`${field.name}Id`] = value === null || value === undefined ? null : (value as ModelInstance).pk
      } else {
        values[field.name] = value
      }
    }
    const included = new Set(this.#modelFields().map((f) => f.name))
    const exclude = this.model._meta.fields.filter((f) => !included.has(f.name) || this.hasError(f.name)).map((f) => f.name)
    try {
      await this.instance.fullClean({ exclude })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      this.addError(null, error)
    }
  }

  /**
   * Saves the instance, then its many-to-many values (Django's `save(commit=True)`); with
   * `commit: false` only fills the instance: call `saveM2m()` after saving it yourself.
   * @returns the instance.
   * @throws `TangoError` `E_FORM_INVALID` "The Article could not be created because the data didn't validate."
   */
  async save(options: { readonly commit?: boolean } = {}): Promise<ModelInstance> {
    if (!(await this.isValid())) {
      throw new TangoError('E_FORM_INVALID', formatMessage(FORM_MESSAGES.notValidated, { modelName: this.model._meta.name, action: this.adding ? 'created' : 'changed' }))
    }
    if (options.commit === false) return this.instance
    await this.instance.save()
    await this.saveM2m()
    return this.instance
  }

  /** Sets each many-to-many field to its cleaned rows (`instance.tags.set(rows)`). */
  async saveM2m(): Promise<void> {
    const cleaned = this.cleanedData as Record<string, unknown>
    for (const field of this.#m2mFields()) {
      if (!(field.name in cleaned)) continue
      const manager = (this.instance as unknown as Record<string, { set(rows: readonly unknown[]): Promise<unknown> }>)[field.name]
      await manager?.set(cleaned[field.name] as unknown[])
    }
  }
}

/** A form class made by {@link modelForm}. */
export interface ModelFormClass {
  new (options?: ModelFormFormOptions): BaseModelForm
  readonly model: AnyModel | null
  readonly baseFields: FormFields
  readonly modelFieldNames: readonly string[]
}

/**
 * A form class for `model` (Django's `modelform_factory`): one field per included model field,
 * derived from its spec (char → `CharField` with `maxLength`, text → `Textarea`, choices →
 * `TypedChoiceField`, foreign key → `ModelChoiceField`, many-to-many → `ModelMultipleChoiceField`,
 * boolean → a checkbox not required, `blank` → not required); auto and non-editable fields are skipped.
 *
 * @example
 * ```ts
 * const ArticleForm = modelForm(Article, { fields: ['title', 'body', 'tags'], widgets: { body: new Textarea({ attrs: { rows: 4 } }) } })
 * const form = new ArticleForm({ data: await request.form(), instance: article })
 * if (await form.isValid()) await form.save()
 * ```
 * @throws {@link ImproperlyConfigured} without `fields` or `exclude`, or for a field the model does not have.
 */
export function modelForm(model: FormModel, options: ModelFormOptions): ModelFormClass {
  if (options.fields === undefined && options.exclude === undefined) {
    throw new ImproperlyConfigured(`Creating a ModelForm without either the 'fields' attribute or the 'exclude' attribute is prohibited; form ${model._meta.name}Form needs updating.`)
  }
  const meta = model._meta
  const byName = new Map(meta.fields.map((f) => [f.name, f]))
  const names = options.fields === undefined || options.fields === '__all__' ? meta.fields.map((f) => f.name) : [...options.fields]
  const exclude = new Set(options.exclude ?? [])
  const fields: Record<string, FormField> = {}
  const modelFieldNames: string[] = []
  for (const name of names) {
    if (exclude.has(name)) continue
    const spec = byName.get(name)
    if (spec === undefined) {
      if (options.extraFields?.[name] !== undefined) continue
      throw new ImproperlyConfigured(`Unknown field(s) (${name}) specified for ${meta.name}`)
    }
    const extra: FieldOptions = {
      ...(options.widgets?.[name] ? { widget: options.widgets[name] } : {}),
      ...(options.labels?.[name] ? { label: options.labels[name] } : {}),
      ...(options.helpTexts?.[name] ? { helpText: options.helpTexts[name] } : {}),
      ...(options.errorMessages?.[name] ? { errorMessages: options.errorMessages[name] } : {}),
    }
    const field = formFieldForModelField(model, spec, extra)
    if (field === null) {
      if (options.fields !== undefined && options.fields !== '__all__') {
        throw new ImproperlyConfigured(`'${name}' cannot be specified for ${meta.name} model form as it is a non-editable field`)
      }
      continue
    }
    fields[name] = field
    modelFieldNames.push(name)
  }
  Object.assign(fields, options.extraFields ?? {})
  return class extends BaseModelForm {
    static override model: AnyModel | null = model
    static override baseFields: FormFields = fields
    static override modelFieldNames: readonly string[] = modelFieldNames
  }
}
