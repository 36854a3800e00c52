/**
 * The field factories, named as Django's field classes: `forms.CharField({ maxLength: 100 })`
 * makes a field whose cleaned type is `string`; `required: false` adds `null` where Django's field
 * cleans empty input to `None`. The classes behind them are exported with a `Class` suffix for
 * `instanceof` checks and custom subclasses.
 *
 * @module
 */
import { BooleanField as BooleanFieldClass, FileField as FileFieldClass, JSONField as JSONFieldClass } from './misc.ts'
import {
  ChoiceField as ChoiceFieldClass, MultipleChoiceField as MultipleChoiceFieldClass, TypedChoiceField as TypedChoiceFieldClass,
} from './choice.ts'
import type { ChoiceFieldOptions, TypedChoiceFieldOptions } from './choice.ts'
import type { FieldOptions, Optional } from './field.ts'
import {
  ModelChoiceField as ModelChoiceFieldClass, ModelMultipleChoiceField as ModelMultipleChoiceFieldClass,
} from './model-choice.ts'
import type { ModelChoiceFieldOptions } from './model-choice.ts'
import { DecimalField as DecimalFieldClass, FloatField as FloatFieldClass, IntegerField as IntegerFieldClass } from './numbers.ts'
import type { DecimalFieldOptions, NumberFieldOptions } from './numbers.ts'
import {
  DateField as DateFieldClass, DateTimeField as DateTimeFieldClass, DurationField as DurationFieldClass, TimeField as TimeFieldClass,
} from './temporal.ts'
import {
  CharField as CharFieldClass, EmailField as EmailFieldClass, RegexField as RegexFieldClass, SlugField as SlugFieldClass,
  URLField as URLFieldClass, UUIDField as UUIDFieldClass,
} from './text.ts'
import type { CharFieldOptions, SlugFieldOptions, URLFieldOptions } from './text.ts'

export {
  BooleanFieldClass, FileFieldClass, JSONFieldClass, ChoiceFieldClass, MultipleChoiceFieldClass, TypedChoiceFieldClass,
  ModelChoiceFieldClass, ModelMultipleChoiceFieldClass, DecimalFieldClass, FloatFieldClass, IntegerFieldClass,
  DateFieldClass, DateTimeFieldClass, DurationFieldClass, TimeFieldClass, CharFieldClass, EmailFieldClass, RegexFieldClass,
  SlugFieldClass, URLFieldClass, UUIDFieldClass,
}

/** Text (Django's `CharField`); cleans to `string` (`''` when empty, or `emptyValue`). */
export function CharField<O extends CharFieldOptions>(options?: O): CharFieldClass<O extends { readonly emptyValue: null } ? string | null : string> {
  return new CharFieldClass(options)
}
/** An email address (Django's `EmailField`). */
export function EmailField(options?: CharFieldOptions): EmailFieldClass {
  return new EmailFieldClass(options)
}
/** A URL (Django's `URLField`); a missing scheme becomes `assumeScheme` (`https`). */
export function URLField(options?: URLFieldOptions): URLFieldClass {
  return new URLFieldClass(options)
}
/** A slug (Django's `SlugField`). */
export function SlugField(options?: SlugFieldOptions): SlugFieldClass {
  return new SlugFieldClass(options)
}
/** Text matching `regex` (Django's `RegexField`). */
export function RegexField(regex: RegExp | string, options?: CharFieldOptions): RegexFieldClass {
  return new RegexFieldClass(regex, options)
}
/** A UUID, cleaned to lower-case hyphenated text (Django's `UUIDField`). */
export function UUIDField<O extends FieldOptions>(options?: O): UUIDFieldClass<Optional<O, string>> {
  return new UUIDFieldClass(options)
}
/** A whole number (Django's `IntegerField`). */
export function IntegerField<O extends NumberFieldOptions>(options?: O): IntegerFieldClass<Optional<O, number>> {
  return new IntegerFieldClass(options)
}
/** A float (Django's `FloatField`). */
export function FloatField<O extends NumberFieldOptions>(options?: O): FloatFieldClass<Optional<O, number>> {
  return new FloatFieldClass(options)
}
/** A decimal, cleaned to its string (Django's `DecimalField`). */
export function DecimalField<O extends DecimalFieldOptions>(options?: O): DecimalFieldClass<Optional<O, string>> {
  return new DecimalFieldClass(options)
}
/** A checkbox (Django's `BooleanField`): required means it must be ticked. */
export function BooleanField(options?: FieldOptions): BooleanFieldClass {
  return new BooleanFieldClass(options)
}
/** One of `choices`, as a string (Django's `ChoiceField`). */
export function ChoiceField(options: ChoiceFieldOptions): ChoiceFieldClass {
  return new ChoiceFieldClass(options)
}
/** One of `choices`, coerced (Django's `TypedChoiceField`). */
export function TypedChoiceField<V>(options: TypedChoiceFieldOptions<V>): TypedChoiceFieldClass<V> {
  return new TypedChoiceFieldClass(options)
}
/** Several of `choices` (Django's `MultipleChoiceField`). */
export function MultipleChoiceField(options: ChoiceFieldOptions): MultipleChoiceFieldClass {
  return new MultipleChoiceFieldClass(options)
}
/** A date, cleaned to `'YYYY-MM-DD'` (Django's `DateField`). */
export function DateField<O extends FieldOptions>(options?: O): DateFieldClass<Optional<O, string>> {
  return new DateFieldClass(options)
}
/** A time, cleaned to `'HH:MM:SS'` (Django's `TimeField`). */
export function TimeField<O extends FieldOptions>(options?: O): TimeFieldClass<Optional<O, string>> {
  return new TimeFieldClass(options)
}
/** A date and time, cleaned to a `Date` (Django's `DateTimeField`). */
export function DateTimeField<O extends FieldOptions>(options?: O): DateTimeFieldClass<Optional<O, Date>> {
  return new DateTimeFieldClass(options)
}
/** A duration, cleaned to milliseconds (Django's `DurationField`). */
export function DurationField<O extends FieldOptions>(options?: O): DurationFieldClass<Optional<O, number>> {
  return new DurationFieldClass(options)
}
/** JSON text, parsed (Django's `JSONField`). */
export function JSONField<T = unknown>(options?: FieldOptions): JSONFieldClass<T> {
  return new JSONFieldClass<T>(options)
}
/** An uploaded file (Django's `FileField`). */
export function FileField(options?: FieldOptions): FileFieldClass {
  return new FileFieldClass(options)
}
/** A row of `queryset`, cleaned to the instance (Django's `ModelChoiceField`). */
export function ModelChoiceField<T, O extends ModelChoiceFieldOptions<T>>(options: O & ModelChoiceFieldOptions<T>): ModelChoiceFieldClass<T, Optional<O, T>> {
  return new ModelChoiceFieldClass<T, Optional<O, T>>(options)
}
/** Rows of `queryset`, cleaned to instances (Django's `ModelMultipleChoiceField`). */
export function ModelMultipleChoiceField<T>(options: ModelChoiceFieldOptions<T>): ModelMultipleChoiceFieldClass<T> {
  return new ModelMultipleChoiceFieldClass(options)
}
