/**
 * `ModelChoiceField` and `ModelMultipleChoiceField`: choices from a QuerySet, cleaned to model
 * instances (as Django's `django.forms.models` fields). Cleaning queries the database; the choices
 * to render are loaded by `form.prepare()`.
 *
 * @module
 */
import { ObjectDoesNotExist } from '../../db/errors.ts'
import type { FieldSpec, ModelSpec } from '../../db/spec.ts'
import { Select, SelectMultiple } from '../widgets/choice-widgets.ts'
import type { ChoiceOption, Widget } from '../widgets/widget.ts'
import { FormField, isEmpty } from './field.ts'
import type { FieldOptions } from './field.ts'

/** The slice of a QuerySet the model choice fields use (Tango's QuerySets have it). */
export interface ChoiceQuerySet<T> extends PromiseLike<T[]> {
  readonly model: { readonly _meta: ModelSpec }
  all(): ChoiceQuerySet<T>
  filter(filter: Readonly<Record<string, unknown>>): ChoiceQuerySet<T>
  get(filter?: Readonly<Record<string, unknown>>): Promise<T>
}

/** Options of the model choice fields. */
export interface ModelChoiceFieldOptions<T> extends FieldOptions {
  /** The rows to choose from; a submitted value outside it is invalid. */
  readonly queryset: ChoiceQuerySet<T>
  /** The field whose value the `<option>`s carry (default the primary key). */
  readonly toFieldName?: string
  /** The label of the empty first option (default `'---------'`); `null` for none. */
  readonly emptyLabel?: string | null
  /** An option's label (default `String(instance)`, Django's `label_from_instance`). */
  readonly labelFromInstance?: (instance: T) => string
}

const INTEGER_TYPES = new Set(['AutoField', 'BigAutoField', 'IntegerField', 'SmallIntegerField', 'BigIntegerField', 'PositiveIntegerField'])

abstract class BaseModelChoiceField<T, V> extends FormField<V> {
  readonly queryset: ChoiceQuerySet<T>
  readonly toFieldName: string | null
  readonly emptyLabel: string | null
  readonly #label: (instance: T) => string

  constructor(options: ModelChoiceFieldOptions<T>) {
    super(options)
    this.queryset = options.queryset
    this.toFieldName = options.toFieldName ?? null
    this.emptyLabel = options.emptyLabel === undefined ? '---------' : options.emptyLabel
    this.#label = options.labelFromInstance ?? ((instance) => String(instance))
  }

  /** The field the choice values come from. */
  protected keyField(): FieldSpec {
    const meta = this.queryset.model._meta
    const name = this.toFieldName ?? meta.pk
    const field = meta.fields.find((f) => f.name === name)
    if (field === undefined) throw new Error(`${meta.label} has no field '${name}'.`)
    return field
  }

  /** The submitted value as the key field's type, or `undefined` when it cannot be one. */
  protected toKey(value: unknown): unknown {
    const text = String(value).trim()
    if (INTEGER_TYPES.has(this.keyField().type)) return /^-?\d+$/.test(text) ? Number(text) : undefined
    return text
  }

  /** The key of an instance (or of a raw key value). */
  protected keyOf(value: unknown): unknown {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return (value as Record<string, unknown>)[this.keyField().name]
    }
    return value
  }

  /** @inheritdoc */
  override prepareValue(value: unknown): unknown {
    return Array.isArray(value) ? value.map((v) => this.keyOf(v)) : this.keyOf(value)
  }

  /**
   * The options: the empty label first (single choice), then one per row of the QuerySet.
   * @param only - load only the rows whose keys are among these values (one `<key>__in` query,
   *   none when no value can be a key), for a widget that renders just the selected options
   *   (`choicesForValueOnly`); instances and keys of the wrong type are accepted as values.
   */
  override async loadChoices(only?: readonly unknown[]): Promise<readonly ChoiceOption[]> {
    const key = this.keyField().name
    const rows = only === undefined ? await this.queryset.all() : await this.#rowsFor(only)
    const options = rows.map((row) => ({ value: String((row as Record<string, unknown>)[key]), label: this.#label(row) }))
    return !this.isMultiple && this.emptyLabel !== null ? [{ value: '', label: this.emptyLabel }, ...options] : options
  }

  /** The rows of `queryset` whose keys are among `values` (values that cannot be a key are skipped). */
  async #rowsFor(values: readonly unknown[]): Promise<T[]> {
    const keys = new Map<string, unknown>()
    for (const value of values) {
      if (isEmpty(value)) continue
      const key = this.toKey(this.keyOf(value))
      if (key !== undefined) keys.set(String(key), key)
    }
    if (keys.size === 0) return []
    return this.queryset.filter({ [`${this.keyField().name}__in`]: [...keys.values()] })
  }
}

/** One row of `queryset`: "Select a valid choice. That choice is not one of the available choices." Widget `Select`. */
export class ModelChoiceField<T, V extends T | null = T> extends BaseModelChoiceField<T, V> {
  protected override defaultWidget(): Widget {
    return new Select()
  }

  /** @inheritdoc */
  override async clean(value: unknown): Promise<V> {
    if (isEmpty(value)) {
      if (this.required) throw this.error('required')
      return null as V
    }
    const key = this.toKey(this.keyOf(value))
    if (key === undefined) throw this.error('invalidModelChoice')
    let instance: T
    try {
      instance = await this.queryset.get({ [this.keyField().name]: key })
    } catch (error) {
      if (error instanceof ObjectDoesNotExist) throw this.error('invalidModelChoice')
      throw error
    }
    this.runValidators(instance)
    return instance as V
  }
}

/** Rows of `queryset`: "Enter a list of values.", Django's per-value messages. Widget `SelectMultiple`. */
export class ModelMultipleChoiceField<T> extends BaseModelChoiceField<T, T[]> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple()
  }

  /** @inheritdoc */
  override async clean(value: unknown): Promise<T[]> {
    if (isEmpty(value)) {
      if (this.required) throw this.error('required')
      return []
    }
    if (!Array.isArray(value)) throw this.error('invalidList')
    const keys: unknown[] = []
    for (const raw of value) {
      const key = this.toKey(this.keyOf(raw))
      if (key === undefined) throw this.error('invalidPkValue', { pk: String(raw) })
      keys.push(key)
    }
    const name = this.keyField().name
    const rows = await this.queryset.filter({ [`${name}__in`]: keys })
    const found = new Set(rows.map((row) => String((row as Record<string, unknown>)[name])))
    for (const key of keys) if (!found.has(String(key))) throw this.error('invalidChoice', { value: String(key) })
    this.runValidators(rows)
    return rows
  }
}
