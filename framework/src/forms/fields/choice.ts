/**
 * Choice fields: `ChoiceField`, `TypedChoiceField`, `MultipleChoiceField` (as Django's).
 *
 * @module
 */
import { Select, SelectMultiple } from '../widgets/choice-widgets.ts'
import type { ChoiceOption, Widget } from '../widgets/widget.ts'
import { FormField, isEmpty } from './field.ts'
import type { FieldOptions } from './field.ts'

/** Choices as Django writes them (`[['d', 'Draft'], ...]`) or as the ORM keeps them (`{ value, label }`). */
export type ChoicesInput = readonly (readonly [string | number, string] | { readonly value: string | number; readonly label: string })[]

/** @internal Choices as strings, for rendering and comparing with submitted text. */
export function normalizeChoices(choices: ChoicesInput): ChoiceOption[] {
  return choices.map((c) => ('value' in c ? { value: String(c.value), label: c.label } : { value: String(c[0]), label: c[1] }))
}

/** Options of {@link ChoiceField}. */
export interface ChoiceFieldOptions extends FieldOptions {
  readonly choices: ChoicesInput
}

/**
 * One of `choices`, cleaned to the submitted string: "Select a valid choice. x is not one of the
 * available choices." Widget `Select`.
 */
export class ChoiceField<T = string> extends FormField<T> {
  readonly choices: readonly ChoiceOption[]

  /** @param options - `choices` and {@link FieldOptions}. */
  constructor(options: ChoiceFieldOptions) {
    super(options)
    this.choices = normalizeChoices(options.choices)
  }

  protected override defaultWidget(): Widget {
    return new Select()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    return value === null || value === undefined ? '' : String(value)
  }

  /** @inheritdoc */
  override validate(value: unknown): void {
    super.validate(value)
    if (!isEmpty(value) && !this.validValue(String(value))) throw this.error('invalidChoice', { value: String(value) })
  }

  /** Whether `value` is among the choices. */
  validValue(value: string): boolean {
    return this.choices.some((c) => c.value === value)
  }

  /** @inheritdoc */
  override async loadChoices(): Promise<readonly ChoiceOption[]> {
    return this.choices
  }
}

/** Options of {@link TypedChoiceField}. */
export interface TypedChoiceFieldOptions<V> extends ChoiceFieldOptions {
  /** Turns the chosen string into the value (`Number`); a throw is "Select a valid choice." */
  readonly coerce: (value: string) => V
  /** What an empty choice cleans to (default `''`). */
  readonly emptyValue?: V | '' | null
}

/** A {@link ChoiceField} whose value goes through `coerce` (`Number` for integer choices). */
export class TypedChoiceField<V> extends ChoiceField<V> {
  readonly coerce: (value: string) => V
  readonly emptyValue: V | '' | null

  /** @param options - see {@link TypedChoiceFieldOptions}. */
  constructor(options: TypedChoiceFieldOptions<V>) {
    super(options)
    this.coerce = options.coerce
    this.emptyValue = options.emptyValue === undefined ? '' : options.emptyValue
  }

  /** @inheritdoc */
  override async clean(value: unknown): Promise<V> {
    const chosen = await super.clean(value) as unknown
    if (chosen === '' || chosen === null || chosen === undefined) return this.emptyValue as V
    try {
      return this.coerce(String(chosen))
    } catch {
      throw this.error('invalidChoice', { value: String(chosen) })
    }
  }
}

/** Several of `choices`, cleaned to a list of strings: "Enter a list of values." Widget `SelectMultiple`. */
export class MultipleChoiceField extends ChoiceField<string[]> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return []
    if (!Array.isArray(value)) throw this.error('invalidList')
    return value.map((v) => String(v))
  }

  /** @inheritdoc */
  override validate(value: unknown): void {
    if (this.required && isEmpty(value)) throw this.error('required')
    for (const item of value as string[]) {
      if (!this.validValue(item)) throw this.error('invalidChoice', { value: item })
    }
  }
}
