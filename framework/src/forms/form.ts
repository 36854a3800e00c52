/**
 * {@link BaseForm} and {@link defineForm}: a set of fields, bound to submitted data or not, that
 * validates it into typed `cleanedData` and renders itself (as Django's `django.forms.Form`).
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { NON_FIELD_ERRORS, ValidationError } from '../db/errors.ts'
import { markSafe } from '../templates/safe.ts'
import type { SafeString } from '../templates/safe.ts'
import { BoundField } from './bound-field.ts'
import { fieldHasChanged } from './changed-data.ts'
import type { FormField } from './fields/field.ts'
import { renderDiv } from './render.ts'
import { EMPTY_DATA, toDataSource } from './widgets/data.ts'
import type { FormDataInput, FormDataSource } from './widgets/data.ts'
import type { ChoiceOption } from './widgets/widget.ts'

/** A form's fields by name. */
export type FormFields = Readonly<Record<string, FormField<unknown>>>

/** The cleaned values a form's fields produce, typed from the declaration. */
export type CleanedData<F extends FormFields> = { -readonly [K in keyof F]: F[K] extends FormField<infer T> ? T : never }

/** Messages by field name; `__all__` holds the non-field errors (Django's `ErrorDict`). */
export type FormErrors = Record<string, string[]>

/** What a form is made with (Django's `Form.__init__` arguments). */
export interface FormOptions {
  /** Submitted data (`await request.form()` or a plain object); given, the form is bound, even when empty. */
  readonly data?: FormDataInput | null
  /** Uploaded files (`await request.files()`). */
  readonly files?: FormDataInput | null
  /** Values shown by an unbound form, by field name. */
  readonly initial?: Readonly<Record<string, unknown>>
  /** Prefix for input names and ids (`'article'` → `article-title`, `id_article-title`), for several forms on one page. */
  readonly prefix?: string | null
  /** Id pattern with `{name}` (default `'id_{name}'`); `false` renders no ids (and no `<label for>`). */
  readonly autoId?: string | false
  /** After each label (default `':'`). */
  readonly labelSuffix?: string
  /** Render `required` attributes (default `true`). */
  readonly useRequiredAttribute?: boolean
  /**
   * A bound form whose data equals its initial values is valid and cleans to `{}` (Django's
   * `empty_permitted`); formsets set it on their extra forms. Default `false`.
   */
  readonly emptyPermitted?: boolean
}

/**
 * The base form. Declare a form with {@link defineForm} (which types `cleanedData`), then subclass
 * it for `clean<Field>()` hooks and the cross-field `clean()`.
 *
 * Validation is async (`await form.isValid()`): a model choice field queries the database. Read
 * `errors` and `cleanedData` after it. `cleanedData` of an invalid form holds only the fields that
 * passed, as Django's.
 */
export class BaseForm<F extends FormFields = FormFields> {
  /** The declared fields; {@link defineForm} sets them on the class it makes. */
  static baseFields: FormFields = {}
  /** This form's fields (a copy of the class's, so a form may add or drop fields in its constructor). */
  readonly fields: F
  readonly isBound: boolean
  readonly data: FormDataSource
  readonly files: FormDataSource
  readonly initial: Readonly<Record<string, unknown>>
  readonly prefix: string | null
  readonly autoId: string | false
  readonly labelSuffix: string
  readonly useRequiredAttribute: boolean
  readonly emptyPermitted: boolean
  #errors: FormErrors | null = null
  #cleaned: Record<string, unknown> = {}
  readonly #choices = new Map<string, readonly ChoiceOption[]>()
  readonly #bound = new Map<string, BoundField>()

  /** @param options - data, files, initial, prefix...; see {@link FormOptions}. */
  constructor(options: FormOptions = {}) {
    this.fields = { ...(this.constructor as typeof BaseForm).baseFields } as F
    this.isBound = options.data !== undefined && options.data !== null || (options.files !== undefined && options.files !== null)
    this.data = options.data ? toDataSource(options.data) : EMPTY_DATA
    this.files = options.files ? toDataSource(options.files) : EMPTY_DATA
    this.initial = options.initial ?? {}
    this.prefix = options.prefix ?? null
    this.autoId = options.autoId ?? 'id_{name}'
    this.labelSuffix = options.labelSuffix ?? ':'
    this.useRequiredAttribute = options.useRequiredAttribute ?? true
    this.emptyPermitted = options.emptyPermitted ?? false
  }

  /** `name` with the form's prefix (`article-title`), as Django's `add_prefix`. */
  addPrefix(name: string): string {
    return this.prefix === null ? name : `${this.prefix}-${name}`
  }

  /** The bound field `name`. @throws `Error` for an unknown name. */
  get(name: string): BoundField {
    let bound = this.#bound.get(name)
    if (bound === undefined) {
      const field = this.fields[name]
      if (field === undefined) throw new Error(`Key '${name}' not found in ${this.constructor.name}. Choices are: ${Object.keys(this.fields).join(', ')}.`)
      bound = new BoundField(this as BaseForm, field, name)
      this.#bound.set(name, bound)
    }
    return bound
  }

  /** Every bound field, in declaration order. */
  boundFields(): BoundField[] {
    return Object.keys(this.fields).map((name) => this.get(name))
  }

  /** The bound fields whose widget is not hidden. */
  visibleFields(): BoundField[] {
    return this.boundFields().filter((b) => !b.isHidden)
  }

  /** The bound fields with a hidden widget. */
  hiddenFields(): BoundField[] {
    return this.boundFields().filter((b) => b.isHidden)
  }

  /** The initial value of a field: the form's `initial`, else the field's; functions are called. */
  getInitialForField(field: FormField, name: string): unknown {
    const value = Object.hasOwn(this.initial, name) ? this.initial[name] : field.initial
    return typeof value === 'function' ? (value as () => unknown)() : value
  }

  /**
   * Loads what rendering needs from the database (model choice fields' options). Views call it
   * before rendering; call it yourself before `asDiv()` on a form with model choice fields.
   *
   * A field whose widget has `choicesForValueOnly` (the admin's autocomplete and raw-id widgets)
   * gets only the choices of its current value: the submitted data when the form is bound, else
   * the initial value (one `pk__in` query, none for an empty value), so a page never loads every
   * related row just to show the selected one. Call `prepare()` after the initial values are
   * known (a `ModelForm` loads its many-to-many values first).
   */
  async prepare(): Promise<void> {
    for (const [name, field] of Object.entries(this.fields)) {
      const choices = field.widget.choicesForValueOnly ? await field.loadChoices(this.#currentValues(name)) : await field.loadChoices()
      if (choices !== null) this.#choices.set(name, choices)
    }
  }

  /** The value a field shows (bound data, else initial) as a list: what its selected choices are. */
  #currentValues(name: string): unknown[] {
    const value = this.get(name).value()
    return Array.isArray(value) ? value : [value]
  }

  /** The loaded choices of a field, or `null`. */
  choicesFor(name: string): readonly ChoiceOption[] | null {
    const loaded = this.#choices.get(name)
    if (loaded !== undefined) return loaded
    const field = this.fields[name] as { readonly choices?: readonly ChoiceOption[] } | undefined
    return field?.choices ?? null
  }

  /**
   * Messages by field, `__all__` for the rest. `{}` for an unbound form.
   * @throws `TangoError` `E_FORM_NOT_VALIDATED` for a bound form before `await isValid()` (validation is async).
   */
  get errors(): FormErrors {
    if (this.#errors !== null) return this.#errors
    if (!this.isBound) return {}
    throw new TangoError('E_FORM_NOT_VALIDATED', `${this.constructor.name}.errors read before validation: await form.isValid() first.`)
  }

  /** The validated values (typed from the declaration); only the valid fields of an invalid form. */
  get cleanedData(): CleanedData<F> {
    return this.#cleaned as CleanedData<F>
  }

  /** Bound and without errors; runs the validation the first time (Django's `is_valid`). */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false
    if (this.#errors === null) await this.fullClean()
    return Object.keys(this.#errors ?? {}).length === 0
  }

  /** The messages not tied to a field (`__all__`). */
  nonFieldErrors(): readonly string[] {
    return this.#errors?.[NON_FIELD_ERRORS] ?? []
  }

  /** Whether `field` (or `null`: the non-field errors) has errors. */
  hasError(field: string | null): boolean {
    return (this.#errors?.[field ?? NON_FIELD_ERRORS]?.length ?? 0) > 0
  }

  /**
   * Adds errors (as Django's `add_error`): to `field`, or to `__all__` when `null`. A
   * `ValidationError` whose `errors` name fields adds each to its field (then `field` must be `null`).
   * The field leaves `cleanedData`.
   */
  addError(field: string | null, error: string | readonly string[] | ValidationError): void {
    const errors = this.#errors ??= {}
    const map: Record<string, readonly string[]> = error instanceof ValidationError
      ? (field === null ? error.errors : { [field]: error.messages })
      : { [field ?? NON_FIELD_ERRORS]: typeof error === 'string' ? [error] : error }
    for (const [name, messages] of Object.entries(map)) {
      const key = name !== NON_FIELD_ERRORS && !(name in this.fields) ? NON_FIELD_ERRORS : name
      ;(errors[key] ??= []).push(...messages)
      delete this.#cleaned[key]
    }
  }

  /** Runs every check: fields, `clean<Field>()` hooks, `clean()`, then {@link BaseForm.postClean}. */
  async fullClean(): Promise<void> {
    this.#errors = {}
    this.#cleaned = {}
    if (!this.isBound) return
    // An untouched extra form of a formset is valid and empty, as Django's `empty_permitted`.
    if (this.emptyPermitted && !this.hasChanged()) return
    await this.cleanFields()
    await this.cleanForm()
    await this.postClean()
  }

  /** Cleans each field, then calls its `clean<Field>()` hook when the form has one (Django's `clean_<field>`). */
  protected async cleanFields(): Promise<void> {
    for (const [name, field] of Object.entries(this.fields)) {
      const bound = this.get(name)
      const raw = field.disabled ? this.getInitialForField(field, name) : bound.data
      try {
        this.#cleaned[name] = await field.clean(raw)
        const hook = (this as unknown as Record<string, unknown>)[`clean${name.charAt(0).toUpperCase()}${name.slice(1)}`]
        if (typeof hook === 'function') this.#cleaned[name] = await (hook as () => unknown).call(this)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        this.addError(name, error)
      }
    }
  }

  /** Calls {@link BaseForm.clean}; a `ValidationError` it throws goes to `__all__` (or to the fields it names). */
  protected async cleanForm(): Promise<void> {
    try {
      const replaced = await this.clean()
      if (replaced !== undefined && replaced !== null) this.#cleaned = { ...replaced }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      this.addError(null, error)
    }
  }

  /**
   * Cross-field validation hook (Django's `clean`): read `this.cleanedData`, throw
   * `ValidationError` or call `addError`. Returning an object replaces `cleanedData`.
   */
  clean(): void | Readonly<Record<string, unknown>> | Promise<void | Readonly<Record<string, unknown>>> {
    return undefined
  }

  /** Runs after `clean()`; `ModelForm` validates the model instance here (Django's `_post_clean`). */
  protected async postClean(): Promise<void> {}

  /**
   * The names of the fields whose submitted value differs from their initial value (Django's
   * `changed_data`), compared through each field's `toPython`; see {@link fieldHasChanged}.
   * Empty for an unbound form.
   */
  get changedData(): string[] {
    if (!this.isBound) return []
    return this.boundFields().filter((b) => fieldHasChanged(b.field, b.initial, b.data)).map((b) => b.name)
  }

  /** Whether any field's submitted value differs from its initial value (Django's `has_changed`). */
  hasChanged(): boolean {
    return this.changedData.length > 0
  }

  /** Whether a file input needs `enctype="multipart/form-data"`. */
  isMultipart(): boolean {
    return Object.values(this.fields).some((f) => f.widget.needsMultipartForm)
  }

  /** The form as `<div>`s (Django's `as_div`): non-field errors, then per field label, help, errors, widget. */
  asDiv(): SafeString {
    return markSafe(renderDiv(this as BaseForm))
  }

  /** The form's HTML ({@link BaseForm.asDiv}), so `String(form)` renders it. */
  toString(): string {
    return this.asDiv().toString()
  }
}

/** A form class made by {@link defineForm}: `new ContactForm({ data })`, or a base for `class ... extends`. */
export interface FormClass<F extends FormFields> {
  new (options?: FormOptions): BaseForm<F>
  readonly baseFields: FormFields
}

/**
 * Declares a form from its fields; `cleanedData` is typed from them.
 *
 * @example
 * ```ts
 * import * as forms from 'tango/forms'
 * class ContactForm extends forms.defineForm({
 *   subject: forms.CharField({ maxLength: 100 }),
 *   sender: forms.EmailField(),
 *   ccMyself: forms.BooleanField({ required: false }),
 * }) {
 *   cleanSubject() { return this.cleanedData.subject.toUpperCase() }
 * }
 * const form = new ContactForm({ data: await request.form() })
 * if (await form.isValid()) form.cleanedData.sender // string
 * ```
 */
export function defineForm<F extends FormFields>(fields: F): FormClass<F> {
  return class extends BaseForm<F> {
    static override baseFields: FormFields = fields
  }
}
