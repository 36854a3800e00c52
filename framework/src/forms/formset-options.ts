/**
 * What formsets are configured with: the options of {@link formsetFactory} (Django's
 * `formset_factory` arguments) and of a formset (Django's `BaseFormSet.__init__`), with Django's
 * defaults, and the names of the fields formsets add.
 *
 * @module
 */
import type { BaseForm, FormOptions } from './form.ts'
import type { FormDataInput } from './widgets/data.ts'

/** Django's `DEFAULT_MAX_NUM`: the default `maxNum`, and what `absoluteMax` adds to it by default. */
export const DEFAULT_MAX_NUM = 1000
/** The name of the delete box added to each form (Django's `DELETION_FIELD_NAME`). */
export const DELETION_FIELD_NAME = 'DELETE'
/** The name of the order input added to each form (Django's `ORDERING_FIELD_NAME`). */
export const ORDERING_FIELD_NAME = 'ORDER'

/** A form class a formset can build: `new Form(options)`. */
export type FormConstructor<F extends BaseForm = BaseForm> = new (options?: FormOptions) => F

/** What a formset is made with (Django's `BaseFormSet.__init__` arguments). */
export interface FormsetOptions {
  /** Submitted data; given, the formset (and each form) is bound. */
  readonly data?: FormDataInput | null
  /** Uploaded files. */
  readonly files?: FormDataInput | null
  /** Initial values, one object per form (they make the "initial forms"). */
  readonly initial?: readonly Readonly<Record<string, unknown>>[] | null
  /** Input name prefix (default `'form'`): `form-TOTAL_FORMS`, `form-0-title`. */
  readonly prefix?: string | null
  /** The forms' id pattern (default `'id_{name}'`). */
  readonly autoId?: string | false
  /** More options passed to every form (Django's `form_kwargs`), such as `labelSuffix`. */
  readonly formOptions?: Omit<FormOptions, 'data' | 'files' | 'initial' | 'prefix' | 'autoId'>
}

/** How {@link formsetFactory} configures a formset class (Django's `formset_factory` arguments). */
export interface FormsetFactoryOptions {
  /** Blank forms shown after the initial ones (default 1). */
  readonly extra?: number
  /** Add a "Delete" box to each form (default `false`). */
  readonly canDelete?: boolean
  /** Offer the delete box on extra forms too (default `true`). */
  readonly canDeleteExtra?: boolean
  /** Add an "Order" number input to each form (default `false`). */
  readonly canOrder?: boolean
  /** At most this many forms are displayed (default 1000); with `validateMax`, submitted. */
  readonly maxNum?: number
  /** Make more than `maxNum` submitted forms (not deleted) an error (default `false`). */
  readonly validateMax?: boolean
  /** Forms always displayed, added to `extra` (default 0); with `validateMin`, required. */
  readonly minNum?: number
  /** Make fewer than `minNum` filled-in forms an error (default `false`). */
  readonly validateMin?: boolean
  /** A hard cap on the forms a submission can make the server build (default `maxNum + 1000`). */
  readonly absoluteMax?: number
}

/** The class settings every formset class carries (what the factory was given, with defaults). */
export interface FormsetClassSettings {
  readonly extra: number
  readonly canDelete: boolean
  readonly canDeleteExtra: boolean
  readonly canOrder: boolean
  readonly maxNum: number
  readonly validateMax: boolean
  readonly minNum: number
  readonly validateMin: boolean
  readonly absoluteMax: number
}

/**
 * @internal Checks the factory options and applies Django's defaults.
 * @throws `RangeError` when `maxNum` exceeds `absoluteMax` (Django's `ValueError`).
 */
export function formsetSettings(options: FormsetFactoryOptions, defaults: { readonly extra: number; readonly canDelete: boolean }): Required<FormsetFactoryOptions> {
  const maxNum = options.maxNum ?? DEFAULT_MAX_NUM
  const absoluteMax = options.absoluteMax ?? maxNum + DEFAULT_MAX_NUM
  if (maxNum > absoluteMax) throw new RangeError("'absoluteMax' must be greater or equal to 'maxNum'.")
  return {
    extra: options.extra ?? defaults.extra,
    canDelete: options.canDelete ?? defaults.canDelete,
    canDeleteExtra: options.canDeleteExtra ?? true,
    canOrder: options.canOrder ?? false,
    maxNum,
    validateMax: options.validateMax ?? false,
    minNum: options.minNum ?? 0,
    validateMin: options.validateMin ?? false,
    absoluteMax,
  }
}
