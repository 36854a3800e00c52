/**
 * Number fields: `IntegerField`, `FloatField`, `DecimalField` (as Django's), with `minValue`,
 * `maxValue` and `stepSize` checks and the matching `min`/`max`/`step` attributes on a `NumberInput`.
 *
 * @module
 */
import { NumberInput } from '../widgets/inputs.ts'
import type { Widget, WidgetAttrs } from '../widgets/widget.ts'
import { FormField } from './field.ts'
import type { FieldOptions } from './field.ts'

/** Options of the number fields. */
export interface NumberFieldOptions extends FieldOptions {
  readonly maxValue?: number
  readonly minValue?: number
  /** Values must be `minValue` (or 0) plus a multiple of this. */
  readonly stepSize?: number
}

abstract class NumberField<T> extends FormField<T> {
  readonly maxValue: number | null
  readonly minValue: number | null
  readonly stepSize: number | null

  constructor(options: NumberFieldOptions = {}) {
    super(options)
    this.maxValue = options.maxValue ?? null
    this.minValue = options.minValue ?? null
    this.stepSize = options.stepSize ?? null
  }

  protected override defaultWidget(): Widget {
    return new NumberInput()
  }

  /** Range and step checks on a number (Django's Max/Min/StepValueValidator). */
  protected checkRange(value: number): void {
    if (this.maxValue !== null && value > this.maxValue) throw this.error('maxValue', { limitValue: this.maxValue })
    if (this.minValue !== null && value < this.minValue) throw this.error('minValue', { limitValue: this.minValue })
    if (this.stepSize !== null) {
      const offset = (value - (this.minValue ?? 0)) / this.stepSize
      if (Math.abs(offset - Math.round(offset)) > 1e-9) throw this.error('stepSize', { limitValue: this.stepSize })
    }
  }

  override runValidators(value: unknown): void {
    if (typeof value === 'number') this.checkRange(value)
    super.runValidators(value)
  }

  override widgetAttrs(widget: Widget): WidgetAttrs {
    if (!(widget instanceof NumberInput)) return {}
    return { min: this.minValue ?? undefined, max: this.maxValue ?? undefined, step: this.stepSize ?? this.defaultStep() }
  }

  /** The `step` attribute when no `stepSize` is set. */
  protected defaultStep(): string | undefined {
    return undefined
  }
}

/** A whole number: "Enter a whole number." `'3.0'` is accepted as 3, as Django. */
export class IntegerField<T extends number | null = number> extends NumberField<T> {
  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw this.error('invalidInteger')
      return value
    }
    const text = String(value).trim().replace(/\.0*$/, '')
    if (!/^[-+]?\d+$/.test(text)) throw this.error('invalidInteger')
    const number = Number(text)
    if (!Number.isSafeInteger(number)) throw this.error('invalidInteger')
    return number
  }
}

/** A floating-point number: "Enter a number." Widget `step="any"`. */
export class FloatField<T extends number | null = number> extends NumberField<T> {
  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    const text = typeof value === 'number' ? String(value) : String(value).trim()
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) throw this.error('invalidNumber')
    const number = Number(text)
    if (!Number.isFinite(number)) throw this.error('invalidNumber')
    return number
  }

  protected override defaultStep(): string {
    return 'any'
  }
}

/** Options of {@link DecimalField}. */
export interface DecimalFieldOptions extends NumberFieldOptions {
  /** At most this many digits in all. */
  readonly maxDigits?: number
  /** At most this many digits after the point. */
  readonly decimalPlaces?: number
}

/**
 * A decimal number, cleaned to its string (`'3.50'`), never through a JS float (as the ORM's
 * `decimal()` field stores it): "Enter a number." and Django's digit-count messages.
 */
export class DecimalField<T extends string | null = string> extends NumberField<T> {
  readonly maxDigits: number | null
  readonly decimalPlaces: number | null

  /** @param options - see {@link DecimalFieldOptions}. */
  constructor(options: DecimalFieldOptions = {}) {
    super(options)
    this.maxDigits = options.maxDigits ?? null
    this.decimalPlaces = options.decimalPlaces ?? null
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    const text = String(value).trim()
    const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text)
    if (match === null || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) throw this.error('invalidNumber')
    const sign = match[1] === '-' ? '-' : ''
    const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
    return match[3] === undefined || match[3] === '' ? `${sign}${whole}` : `${sign}${whole}.${match[3]}`
  }

  /** @inheritdoc */
  override runValidators(value: unknown): void {
    if (typeof value === 'string') {
      this.checkRange(Number(value))
      this.#checkDigits(value)
    }
    super.runValidators(value)
  }

  // Django's DecimalValidator: leading zeros of the whole part and trailing zeros do not count as digits.
  #checkDigits(value: string): void {
    const [wholeRaw = '', fractionRaw = ''] = value.replace(/^-/, '').split('.')
    const whole = wholeRaw.replace(/^0+/, '')
    const decimals = fractionRaw.length
    const digits = whole.length + decimals
    if (this.maxDigits !== null && digits > this.maxDigits) throw this.error('maxDigits', { max: this.maxDigits })
    if (this.decimalPlaces !== null && decimals > this.decimalPlaces) throw this.error('maxDecimalPlaces', { max: this.decimalPlaces })
    if (this.maxDigits !== null && this.decimalPlaces !== null && whole.length > this.maxDigits - this.decimalPlaces) {
      throw this.error('maxWholeDigits', { max: this.maxDigits - this.decimalPlaces })
    }
  }

  protected override defaultStep(): string {
    return this.decimalPlaces === null ? 'any' : this.decimalPlaces === 0 ? '1' : `0.${'0'.repeat(this.decimalPlaces - 1)}1`
  }
}
