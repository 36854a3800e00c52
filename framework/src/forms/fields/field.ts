/**
 * {@link FormField}: the base of every form field (as Django's `django.forms.Field`): turns a
 * submitted value into a typed one (`toPython`), checks it (`validate`, then the validators) and
 * says how to draw it (its widget and the attributes it adds).
 *
 * @module
 */
import { LazyString } from '../../core/translation.ts'
import { ValidationError } from '../../db/errors.ts'
import { FORM_MESSAGES, formatMessage } from '../messages.ts'
import type { ErrorMessages, MessageCode } from '../messages.ts'
import type { ChoiceOption, WidgetAttrs } from '../widgets/widget.ts'
import type { Widget } from '../widgets/widget.ts'
import { TextInput } from '../widgets/inputs.ts'

/** A validator: throws `ValidationError` for a bad value (the same shape as model field validators). */
export type FormValidator = (value: unknown) => void

/** Options every field takes (Django's `Field.__init__` arguments). */
export interface FieldOptions {
  /** An empty value is an error "This field is required." Default `true`. */
  readonly required?: boolean
  /** The label; default the field name made readable (`firstName` → `First name`). A lazy string is translated when rendered. */
  readonly label?: string | LazyString
  /** The value shown by an unbound form (a form's `initial` wins over it). */
  readonly initial?: unknown
  /** Text shown under the field; escaped unless marked safe. A lazy string is translated when rendered. */
  readonly helpText?: string | LazyString
  /** The widget; default the field's own (`TextInput`, `Select`, ...). */
  readonly widget?: Widget
  /** Rendered `disabled`; the submitted value is ignored and the initial one used. */
  readonly disabled?: boolean
  /** Extra checks run after the field's own. */
  readonly validators?: readonly FormValidator[]
  /** Replacement messages by code (`{ required: 'Please enter a title.' }`). */
  readonly errorMessages?: ErrorMessages
}

/** A `null` joins `T` when the options say `required: false` (the field then cleans empty input to `null`). */
export type Optional<O, T> = O extends { readonly required: false } ? T | null : T

/** An empty value in Django's sense (`EMPTY_VALUES`): `null`, `undefined`, `''`, `[]`, `{}`. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return typeof value === 'object' && value.constructor === Object && Object.keys(value).length === 0
}

/**
 * The base form field; `T` is the type of its cleaned value (what `form.cleanedData.<name>` holds).
 * Subclasses override {@link FormField.toPython}, {@link FormField.validate} and
 * {@link FormField.defaultWidget}; {@link FormField.clean} runs them in Django's order.
 */
export abstract class FormField<T = unknown> {
  /** Phantom: carries `T` for `cleanedData`'s type. Never set. */
  declare readonly valueType: T
  readonly required: boolean
  readonly #label: string | LazyString | null
  readonly initial: unknown
  readonly helpText: string | LazyString
  readonly widget: Widget
  readonly disabled: boolean
  readonly validators: readonly FormValidator[]
  readonly #messages: ErrorMessages

  /** @param options - see {@link FieldOptions}. */
  constructor(options: FieldOptions = {}) {
    this.required = options.required ?? true
    this.#label = options.label ?? null
    this.initial = options.initial ?? null
    this.helpText = options.helpText ?? ''
    this.widget = options.widget ?? this.defaultWidget()
    this.disabled = options.disabled ?? false
    this.validators = [...(options.validators ?? [])]
    this.#messages = options.errorMessages ?? {}
  }

  /** The label, `null` for the default; a lazy label is read in the language active now. */
  get label(): string | null {
    return this.#label instanceof LazyString ? this.#label.toString() : this.#label
  }

  /** The widget used when none is given. */
  protected defaultWidget(): Widget {
    return new TextInput()
  }

  /** The message for `code`, with this field's overrides, placeholders filled. */
  message(code: MessageCode, params: Readonly<Record<string, unknown>> = {}): string {
    return formatMessage(this.#messages[code] ?? FORM_MESSAGES[code], params)
  }

  /** A `ValidationError` carrying the message for `code`. */
  error(code: MessageCode, params: Readonly<Record<string, unknown>> = {}): ValidationError {
    return new ValidationError(this.message(code, params))
  }

  /** Turns the submitted value into the field's type, or throws `ValidationError` (Django's `to_python`). */
  toPython(value: unknown): unknown {
    return value
  }

  /** Checks a converted value: by default, that a required field is not empty (Django's `validate`). */
  validate(value: unknown): void {
    if (this.required && isEmpty(value)) throw this.error('required')
  }

  /** Runs {@link FieldOptions.validators} on a non-empty value, collecting every message. */
  runValidators(value: unknown): void {
    if (isEmpty(value)) return
    const messages: string[] = []
    for (const validator of this.validators) {
      try {
        validator(value)
      } catch (error) {
        if (error instanceof ValidationError) messages.push(...error.messages)
        else throw error
      }
    }
    if (messages.length) throw new ValidationError(messages)
  }

  /**
   * The cleaned value (Django's `clean`): `toPython`, `validate`, then the validators.
   * Async so fields that query (model choices) share the signature.
   * @throws `ValidationError` with the field's messages.
   */
  async clean(value: unknown): Promise<T> {
    const converted = this.toPython(value)
    this.validate(converted)
    this.runValidators(converted)
    return converted as T
  }

  /** The submitted value as the bound field shows it again (Django's `bound_data`). */
  boundData(data: unknown): unknown {
    return data
  }

  /** The value as the widget shows it (Django's `prepare_value`). */
  prepareValue(value: unknown): unknown {
    return value
  }

  /** Attributes the field adds to its widget (`maxlength`, `min`, ...; Django's `widget_attrs`). */
  widgetAttrs(_widget: Widget): WidgetAttrs {
    return {}
  }

  /**
   * The choices to render, for choice fields; loaded from the database for model choice fields.
   * @param _only - when given, only the choices of these values are wanted (the field's current
   *   value, for a widget with `choicesForValueOnly`); fields with fixed choices may ignore it.
   */
  async loadChoices(_only?: readonly unknown[]): Promise<readonly ChoiceOption[] | null> {
    return null
  }

  /** Whether the field's value is a list (multiple choice fields). */
  get isMultiple(): boolean {
    return this.widget.allowMultipleSelected
  }
}
