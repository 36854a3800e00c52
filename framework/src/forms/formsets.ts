/**
 * {@link BaseFormSet} and {@link formsetFactory}: several copies of one form on a page, counted by a
 * hidden management form, with extra blank forms, a minimum and a maximum, and optional delete and
 * order boxes (as Django's `django.forms.formsets`).
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { ValidationError } from '../db/errors.ts'
import { markSafe } from '../templates/safe.ts'
import type { SafeString } from '../templates/safe.ts'
import { errorList } from './bound-field.ts'
import { BooleanField } from './fields/misc.ts'
import { IntegerField } from './fields/numbers.ts'
import type { FormField } from './fields/field.ts'
import type { BaseForm, FormErrors, FormOptions } from './form.ts'
import {
  INITIAL_FORM_COUNT, ManagementForm, MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT, readManagementData, TOTAL_FORM_COUNT,
} from './management-form.ts'
import type { ManagementData } from './management-form.ts'
import { FORM_MESSAGES, formatMessage } from './messages.ts'
import { EMPTY_DATA, toDataSource } from './widgets/data.ts'
import type { FormDataInput, FormDataSource } from './widgets/data.ts'
import { CheckboxInput, NumberInput } from './widgets/inputs.ts'
import { DEFAULT_MAX_NUM, DELETION_FIELD_NAME, formsetSettings, ORDERING_FIELD_NAME } from './formset-options.ts'
import type { FormConstructor, FormsetClassSettings, FormsetFactoryOptions, FormsetOptions } from './formset-options.ts'

import { gettext, ngettext } from '../core/translation.ts'

/**
 * The base formset. Make a class with {@link formsetFactory}; subclass it for a cross-form
 * `clean()`. Validation is async: `await formset.isValid()`, then read `errors`, `nonFormErrors()`,
 * `cleanedData`, `deletedForms`, `orderedForms`.
 */
export class BaseFormSet<F extends BaseForm = BaseForm> {
  /** The form class repeated; set by the factory. */
  static form: FormConstructor | null = null
  static extra = 1
  static canDelete = false
  static canDeleteExtra = true
  static canOrder = false
  static maxNum = DEFAULT_MAX_NUM
  static validateMax = false
  static minNum = 0
  static validateMin = false
  static absoluteMax = 2 * DEFAULT_MAX_NUM

  readonly isBound: boolean
  readonly data: FormDataSource
  readonly files: FormDataSource
  readonly initial: readonly Readonly<Record<string, unknown>>[]
  readonly prefix: string
  readonly autoId: string | false
  readonly formOptions: Omit<FormOptions, 'data' | 'files' | 'initial' | 'prefix' | 'autoId'>
  /** The data as given, passed on to every form (which reads it through its own data source). */
  readonly #input: { readonly data?: FormDataInput; readonly files?: FormDataInput }
  #forms: F[] | null = null
  #emptyForm: F | null = null
  #management: ManagementData | null = null
  #errors: FormErrors[] | null = null
  #nonFormErrors: string[] = []

  /** @param options - data, files, initial, prefix...; see {@link FormsetOptions}. */
  constructor(options: FormsetOptions = {}) {
    this.isBound = (options.data !== undefined && options.data !== null) || (options.files !== undefined && options.files !== null)
    this.data = options.data ? toDataSource(options.data) : EMPTY_DATA
    this.files = options.files ? toDataSource(options.files) : EMPTY_DATA
    this.initial = options.initial ?? []
    this.prefix = options.prefix ?? (this.constructor as typeof BaseFormSet).getDefaultPrefix()
    this.autoId = options.autoId ?? 'id_{name}'
    this.formOptions = options.formOptions ?? {}
    this.#input = {
      ...(options.data ? { data: options.data } : this.isBound ? { data: {} } : {}),
      ...(options.files ? { files: options.files } : {}),
    }
  }

  /** The prefix used when none is given (`'form'`; inline formsets use the relation's accessor name). */
  static getDefaultPrefix(): string {
    return 'form'
  }

  /** This formset's class settings. */
  protected get settings(): typeof BaseFormSet {
    return this.constructor as typeof BaseFormSet
  }

  /** The class's `extra` (blank forms shown). */
  get extra(): number { return this.settings.extra }
  /** The class's `canDelete` (a `DELETE` box per form). */
  get canDelete(): boolean { return this.settings.canDelete }
  /** The class's `canOrder` (an `ORDER` input per form). */
  get canOrder(): boolean { return this.settings.canOrder }
  /** The class's `minNum`. */
  get minNum(): number { return this.settings.minNum }
  /** The class's `maxNum`. */
  get maxNum(): number { return this.settings.maxNum }
  /** The class's `absoluteMax` (the cap on `TOTAL_FORMS`). */
  get absoluteMax(): number { return this.settings.absoluteMax }

  /** `<prefix>-<index>` (Django's `add_prefix`). */
  addPrefix(index: number | string): string {
    return `${this.prefix}-${index}`
  }

  #submitted(): ManagementData {
    return this.#management ??= readManagementData(this.data, this.prefix)
  }

  /**
   * The forms displayed or submitted. Bound: `TOTAL_FORMS` as sent, capped by `absoluteMax` (so a
   * client cannot make the server build a million forms). Unbound: the initial forms, then `extra`
   * blank ones (at least `minNum` in all), no more than `maxNum` unless the initial forms are more.
   */
  totalFormCount(): number {
    if (this.isBound) return Math.min(this.#submitted().totalForms, this.absoluteMax)
    const initialForms = this.initialFormCount()
    const total = Math.max(initialForms, this.minNum) + this.extra
    if (initialForms > this.maxNum && this.maxNum >= 0) return initialForms
    if (total > this.maxNum && this.maxNum >= 0) return this.maxNum
    return total
  }

  /** The forms filled from existing data: `INITIAL_FORMS` when bound, else the length of `initial`. */
  initialFormCount(): number {
    if (this.isBound) return this.#submitted().initialForms
    return this.initial.length
  }

  /**
   * The management form, unbound, holding the counts this formset renders with (for
   * `{{ formset.managementForm }}` in a template; `asDiv()` includes it).
   */
  get managementForm(): BaseForm {
    return new ManagementForm({
      autoId: this.autoId,
      prefix: this.prefix,
      initial: {
        [TOTAL_FORM_COUNT]: this.totalFormCount(),
        [INITIAL_FORM_COUNT]: this.initialFormCount(),
        [MIN_NUM_FORM_COUNT]: this.minNum,
        [MAX_NUM_FORM_COUNT]: this.maxNum,
      },
    })
  }

  /** Every form, prefixed `<prefix>-<i>`, built on first access. */
  get forms(): F[] {
    if (this.#forms === null) {
      const forms: F[] = []
      for (let i = 0; i < this.totalFormCount(); i++) forms.push(this.constructForm(i))
      this.#forms = forms
    }
    return this.#forms
  }

  /** The forms for existing data (the first `initialFormCount()`). */
  get initialForms(): F[] {
    return this.forms.slice(0, this.initialFormCount())
  }

  /** The blank forms after the initial ones. */
  get extraForms(): F[] {
    return this.forms.slice(this.initialFormCount())
  }

  /**
   * A blank form prefixed `<prefix>-__prefix__` (Django's `empty_form`), for a page's "add another"
   * script to copy, replacing `__prefix__` by the next index.
   */
  get emptyForm(): F {
    if (this.#emptyForm === null) {
      const Form = this.#formClass()
      const form = new Form({
        autoId: this.autoId, useRequiredAttribute: false, ...this.formOptions, ...this.getFormOptions(null),
        prefix: this.addPrefix('__prefix__'), emptyPermitted: true,
      })
      this.addFields(form, null)
      this.#emptyForm = form
    }
    return this.#emptyForm
  }

  #formClass(): FormConstructor<F> {
    const Form = this.settings.form
    if (Form === null) throw new TangoError('E_FORMSET_NO_FORM', `${this.constructor.name} has no form class: make it with formsetFactory(Form).`)
    return Form as FormConstructor<F>
  }

  /**
   * Options for form `index` (`null`: the empty form) beyond the formset's own (Django's
   * `get_form_kwargs`); model formsets add the `instance` here.
   */
  protected getFormOptions(_index: number | null): Record<string, unknown> {
    return {}
  }

  /** The initial values of form `index` (Django uses `initial[index]`). */
  protected initialFor(index: number): Readonly<Record<string, unknown>> | undefined {
    return this.initial[index]
  }

  /** Builds form `index`: bound when the formset is, extra forms past `minNum` allowed to stay empty (Django's `_construct_form`). */
  protected constructForm(index: number): F {
    const Form = this.#formClass()
    const initial = this.initialFor(index)
    const options: Record<string, unknown> = {
      autoId: this.autoId,
      prefix: this.addPrefix(index),
      useRequiredAttribute: false,
      ...this.formOptions,
      ...this.#input,
      ...(initial === undefined ? {} : { initial }),
      ...(index >= this.initialFormCount() && index >= this.minNum ? { emptyPermitted: true } : {}),
      ...this.getFormOptions(index),
    }
    const form = new Form(options as FormOptions)
    this.addFields(form, index)
    return form
  }

  /**
   * Adds the formset's own fields to a form (Django's `add_fields`): `ORDER` (an integer, initially
   * the position for initial forms) with `canOrder`, `DELETE` (a checkbox) with `canDelete`.
   * Override to add more; `index` is `null` for the empty form.
   */
  addFields(form: F, index: number | null): void {
    const fields = form.fields as Record<string, FormField>
    const initialForms = this.initialFormCount()
    if (this.canOrder) {
      const isInitial = index !== null && index < initialForms
      fields[ORDERING_FIELD_NAME] = new IntegerField({
        label: gettext('Order'), required: false, widget: new NumberInput(), ...(isInitial ? { initial: index + 1 } : {}),
      })
    }
    if (this.canDelete && (this.settings.canDeleteExtra || (index !== null && index < initialForms))) {
      fields[DELETION_FIELD_NAME] = new BooleanField({ label: gettext('Delete'), required: false, widget: new CheckboxInput() })
    }
  }

  /** Whether a validated form's delete box is ticked (Django's `_should_delete_form`). */
  protected shouldDeleteForm(form: F): boolean {
    return (form.cleanedData as Record<string, unknown>)[DELETION_FIELD_NAME] === true
  }

  /** Bound and valid: every form not marked for deletion, and no non-form errors (Django's `is_valid`). */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false
    if (this.#errors === null) await this.fullClean()
    const formsValid = this.forms.every((form) => (this.canDelete && this.shouldDeleteForm(form)) || Object.keys(form.errors).length === 0)
    return formsValid && this.#nonFormErrors.length === 0
  }

  /**
   * Validates every form, then the counts and the formset's {@link BaseFormSet.clean} (Django's
   * `full_clean`). A missing or tampered management form is a non-form error; so are more than
   * `maxNum` forms (with `validateMax`, or more than `absoluteMax` sent) and fewer than `minNum`
   * filled-in forms (with `validateMin`).
   */
  async fullClean(): Promise<void> {
    this.#errors = []
    this.#nonFormErrors = []
    if (!this.isBound) return
    const submitted = this.#submitted()
    if (submitted.invalid.length) {
      this.#nonFormErrors.push(formatMessage(FORM_MESSAGES.missingManagementForm, { fieldNames: submitted.invalid.join(', ') }))
    }
    const initialForms = this.initialFormCount()
    let emptyForms = 0
    for (const [i, form] of this.forms.entries()) {
      if (i >= initialForms && !form.hasChanged()) emptyForms++
      await form.isValid()
      // Django validates a form marked for deletion but leaves its errors out of the list.
      if (this.canDelete && this.shouldDeleteForm(form)) continue
      this.#errors.push(form.errors)
    }
    const deleted = this.#deletedIndexes().length
    try {
      if ((this.settings.validateMax && this.totalFormCount() - deleted > this.maxNum) || submitted.totalForms > this.absoluteMax) {
        throw new ValidationError(formatMessage(ngettext('Please submit at most {num} form.', 'Please submit at most {num} forms.', this.maxNum), { num: this.maxNum }))
      }
      if (this.settings.validateMin && this.totalFormCount() - deleted - emptyForms < this.minNum) {
        throw new ValidationError(formatMessage(ngettext('Please submit at least {num} form.', 'Please submit at least {num} forms.', this.minNum), { num: this.minNum }))
      }
      await this.clean()
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      this.#nonFormErrors.push(...error.messages)
    }
  }

  /**
   * Cross-form validation hook (Django's `clean`), run after every form was validated: read
   * `this.forms` and their `cleanedData`, throw `ValidationError` for a non-form error.
   */
  clean(): void | Promise<void> {
    return undefined
  }

  #requireValidated(what: string): void {
    if (this.isBound && this.#errors === null) {
      throw new TangoError('E_FORM_NOT_VALIDATED', `${this.constructor.name}.${what} read before validation: await formset.isValid() first.`)
    }
  }

  /**
   * One `FormErrors` per form, leaving out the forms marked for deletion (as Django); `[]` unbound.
   * @throws `TangoError` `E_FORM_NOT_VALIDATED` on a bound formset before `await isValid()`.
   */
  get errors(): FormErrors[] {
    this.#requireValidated('errors')
    return this.#errors ?? []
  }

  /** The errors of the formset itself: management form, counts, `clean()` (Django's `non_form_errors`). */
  nonFormErrors(): readonly string[] {
    return this.#nonFormErrors
  }

  /** Every message of every form plus the non-form ones (Django's `total_error_count`). */
  totalErrorCount(): number {
    return this.#nonFormErrors.length + (this.#errors ?? []).reduce((n, errors) => n + Object.values(errors).reduce((m, list) => m + list.length, 0), 0)
  }

  /**
   * Each form's `cleanedData`, in order (`{}` for an untouched extra form).
   * @throws `TangoError` `E_FORM_NOT_VALIDATED` before `await isValid()`; `E_FORM_INVALID` when the
   * formset is not valid (Django raises `AttributeError`).
   */
  get cleanedData(): F['cleanedData'][] {
    this.#requireValidated('cleanedData')
    if (!this.#valid()) throw new TangoError('E_FORM_INVALID', `${this.constructor.name} has no cleanedData: it is not valid.`)
    return this.forms.map((form) => form.cleanedData)
  }

  #valid(): boolean {
    if (!this.isBound || this.#errors === null || this.#nonFormErrors.length) return false
    return this.forms.every((form) => (this.canDelete && this.shouldDeleteForm(form)) || Object.keys(form.errors).length === 0)
  }

  #deletedIndexes(): number[] {
    if (!this.canDelete) return []
    const initialForms = this.initialFormCount()
    const out: number[] = []
    for (const [i, form] of this.forms.entries()) {
      // An untouched extra form is not a deletion, whatever its box says.
      if (i >= initialForms && !form.hasChanged()) continue
      if (this.shouldDeleteForm(form)) out.push(i)
    }
    return out
  }

  /**
   * The forms whose delete box is ticked (`[]` without `canDelete` or when the formset is invalid, as Django).
   * @throws `TangoError` `E_FORM_NOT_VALIDATED` on a bound formset before `await isValid()`.
   */
  get deletedForms(): F[] {
    this.#requireValidated('deletedForms')
    if (!this.#valid()) return []
    return this.#deletedIndexes().map((i) => this.forms[i] as F)
  }

  /**
   * The forms in the order of their `ORDER` inputs, empty ones last, without untouched extra forms
   * and deleted forms (Django's `ordered_forms`).
   * @throws `TangoError` `E_FORMSET_NO_ORDERING` without `canOrder`; `E_FORM_NOT_VALIDATED` before
   * `await isValid()`; `E_FORM_INVALID` when the formset is not valid.
   */
  get orderedForms(): F[] {
    if (!this.canOrder) throw new TangoError('E_FORMSET_NO_ORDERING', `${this.constructor.name} has no orderedForms: make it with canOrder: true.`)
    this.#requireValidated('orderedForms')
    if (!this.#valid()) throw new TangoError('E_FORM_INVALID', `${this.constructor.name} has no orderedForms: it is not valid.`)
    const initialForms = this.initialFormCount()
    const ordering: [number, number | null][] = []
    for (const [i, form] of this.forms.entries()) {
      if (i >= initialForms && !form.hasChanged()) continue
      if (this.canDelete && this.shouldDeleteForm(form)) continue
      const order = (form.cleanedData as Record<string, unknown>)[ORDERING_FIELD_NAME]
      ordering.push([i, typeof order === 'number' ? order : null])
    }
    // A stable sort: equal orders keep the page's order; forms without one go last.
    ordering.sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity) || a[0] - b[0])
    return ordering.map(([i]) => this.forms[i] as F)
  }

  /** Whether any form's data differs from its initial values (Django's `has_changed`). */
  hasChanged(): boolean {
    return this.forms.some((form) => form.hasChanged())
  }

  /** Loads what rendering needs (model choices) for every form and the empty form; call before `asDiv()`. */
  async prepare(): Promise<void> {
    for (const form of this.forms) await form.prepare()
    await this.emptyForm.prepare()
  }

  /** Whether a form needs `enctype="multipart/form-data"`. */
  isMultipart(): boolean {
    return this.forms.length ? this.forms.some((form) => form.isMultipart()) : this.emptyForm.isMultipart()
  }

  /**
   * The formset as HTML: its non-form errors (`<ul class="errorlist nonform">`), the management
   * form's hidden inputs, then each form's `asDiv()`. The empty form is not included: render
   * `formset.emptyForm.asDiv()` in a `<template>` for an "add another" script.
   */
  asDiv(): SafeString {
    const parts = [errorList(this.#nonFormErrors, null, 'nonform').toString(), this.managementForm.asDiv().toString()]
    for (const form of this.forms) parts.push(form.asDiv().toString())
    return markSafe(parts.filter((p) => p !== '').join('\n'))
  }

  /** The formset's HTML ({@link BaseFormSet.asDiv}). */
  toString(): string {
    return this.asDiv().toString()
  }

  /** Iterates the forms (`for (const form of formset)`). */
  [Symbol.iterator](): Iterator<F> {
    return this.forms[Symbol.iterator]()
  }

  /** The number of forms. */
  get length(): number {
    return this.forms.length
  }
}

/** A formset class made by {@link formsetFactory}. */
export interface FormsetClass<F extends BaseForm> extends FormsetClassSettings {
  new (options?: FormsetOptions): BaseFormSet<F>
  readonly form: FormConstructor | null
}

/**
 * A formset class for `form` (Django's `formset_factory`). Subclass the result for a cross-form `clean()`.
 *
 * @example
 * ```ts
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true, maxNum: 10, validateMax: true })
 * const formset = new ArticleFormSet(request.method === 'POST' ? { data: await request.form() } : {})
 * if (await formset.isValid()) for (const data of formset.cleanedData) console.log(data.title)
 * ```
 * @param form - the form class repeated.
 * @param options - extra (1), canDelete, canOrder, maxNum (1000), validateMax, minNum (0), validateMin, absoluteMax (maxNum + 1000).
 * @throws `RangeError` when `maxNum` is greater than `absoluteMax`.
 */
export function formsetFactory<F extends BaseForm>(form: FormConstructor<F>, options: FormsetFactoryOptions = {}): FormsetClass<F> {
  const s = formsetSettings(options, { extra: 1, canDelete: false })
  return class extends BaseFormSet<F> {
    static override form: FormConstructor | null = form
    static override extra = s.extra
    static override canDelete = s.canDelete
    static override canDeleteExtra = s.canDeleteExtra
    static override canOrder = s.canOrder
    static override maxNum = s.maxNum
    static override validateMax = s.validateMax
    static override minNum = s.minNum
    static override validateMin = s.validateMin
    static override absoluteMax = s.absoluteMax
  }
}
