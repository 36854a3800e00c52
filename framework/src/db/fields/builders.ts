/**
 * The field builders, `f.char({ maxLength: 200 })` and friends (Django's `models.CharField` etc.).
 * Each returns an immutable {@link Field} whose type parameters carry the value type, nullability,
 * whether it has a default and whether it is the primary key: `defineModel` and the `Row`,
 * `CreateInput` and `Filter` types read them.
 *
 * Value types: `date` and `time` are strings (`'2026-11-21'`, `'13:45:00'`) so no time zone can shift
 * them; `dateTime` is a `Date` (stored in UTC); `decimal` is a string (never rounded through a JS float);
 * `bigInteger` is a `bigint`; auto ids are `number` (exact up to 2^53); `duration` is milliseconds.
 *
 * @module
 */
import {
  Field, ForeignKey, ManyToMany, makeDraft,
  type ChoiceOf, type DefaultOf, type FieldOptions, type ForeignKeyOptions, type ManyToManyOptions, type NullOf, type PkOf, type RelatedNameOf,
} from './field.ts'
import type { FieldType } from '../spec.ts'
import type { LazyString } from '../../core/translation.ts'

/** A JSON value, the type of `f.json()` fields. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

type NoOptions = Record<never, never>
/** The field a builder returns for options `O` and base value type `T`. */
type Built<T, O> = Field<ChoiceOf<O, T>, NullOf<O>, DefaultOf<O>, PkOf<O>>

/** Options of `f.char` and the string fields with a length. */
export interface CharOptions extends FieldOptions<string> {
  /** Maximum length in characters (Django's `max_length`); required for `char`. */
  readonly maxLength: number
}
/** Options of `f.email` / `f.url` / `f.slug`: `maxLength` defaults to Django's 254 / 200 / 50. */
export interface StringOptions extends FieldOptions<string> {
  readonly maxLength?: number
}
/** Options of `f.decimal`. */
export interface DecimalOptions extends FieldOptions<string> {
  /** Total digits. */
  readonly maxDigits: number
  /** Digits after the point. */
  readonly decimalPlaces: number
}
/** Options of `f.dateTime` and `f.date`. */
export interface DateOptions<T> extends FieldOptions<T> {
  /** Set to now on every `save()` (Django's `auto_now`); implies `editable: false`, `blank: true`. */
  readonly autoNow?: boolean
  /** Set to now when the row is first inserted (Django's `auto_now_add`). */
  readonly autoNowAdd?: boolean
}

function plain<T>(type: FieldType) {
  return <const O extends FieldOptions<T> = NoOptions>(options?: O): Built<T, O> =>
    new Field(makeDraft(type, options ?? {})) as Built<T, O>
}

function stringWithLength(type: FieldType, defaultLength: number) {
  return <const O extends StringOptions = NoOptions>(options?: O): Built<string, O> =>
    new Field(makeDraft(type, options ?? {}, { maxLength: options?.maxLength ?? defaultLength })) as Built<string, O>
}

function dated<T>(type: FieldType) {
  return <const O extends DateOptions<T> = NoOptions>(options?: O): Built<T, O> => {
    const o: DateOptions<T> = options ?? {}
    const auto = (o.autoNow ?? false) || (o.autoNowAdd ?? false)
    // As Django: auto_now / auto_now_add fields are not editable and may be blank.
    return new Field(makeDraft(type, o, {
      autoNow: o.autoNow ?? false,
      autoNowAdd: o.autoNowAdd ?? false,
      ...(auto ? { editable: false, blank: true } : {}),
    })) as Built<T, O>
  }
}

function relation<One extends boolean>(type: 'ForeignKey' | 'OneToOneField') {
  return <const To extends string, const O extends ForeignKeyOptions>(to: To, options: O): ForeignKey<To, NullOf<O>, DefaultOf<O>, RelatedNameOf<O>, One> =>
    new ForeignKey(makeDraft(type, options, {
      // A one-to-one is a unique foreign key, as in Django.
      ...(type === 'OneToOneField' ? { unique: true } : {}),
      relation: Object.freeze({ to, relatedName: options.relatedName ?? null, onDelete: options.onDelete, through: null, dbTable: null }),
    })) as ForeignKey<To, NullOf<O>, DefaultOf<O>, RelatedNameOf<O>, One>
}

/**
 * The field builders. Every builder takes the common {@link FieldOptions}; see each for extras.
 *
 * @example
 * ```ts
 * export const Choice = defineModel('polls.Choice', {
 *   question: f.foreignKey('polls.Question', { onDelete: 'CASCADE', relatedName: 'choices' }),
 *   choiceText: f.char({ maxLength: 200 }),
 *   votes: f.integer({ default: 0 }),
 * })
 * ```
 */
export const f = Object.freeze({
  /** A 32-bit auto-incrementing primary key (Django's `AutoField`). */
  autoField: (options: { readonly dbColumn?: string; readonly verboseName?: string | LazyString } = {}): Field<number, false, true, true> =>
    new Field(makeDraft('AutoField', { ...options, primaryKey: true })),
  /** A 64-bit auto-incrementing primary key, the default `id` (Django's `BigAutoField`). */
  bigAutoField: (options: { readonly dbColumn?: string; readonly verboseName?: string | LazyString } = {}): Field<number, false, true, true> =>
    new Field(makeDraft('BigAutoField', { ...options, primaryKey: true })),
  /** A string with a maximum length (`varchar(maxLength)`). */
  char: <const O extends CharOptions>(options: O): Built<string, O> =>
    new Field(makeDraft('CharField', options, { maxLength: options.maxLength })) as Built<string, O>,
  /** Unbounded text. */
  text: plain<string>('TextField'),
  /** An email address, checked by `fullClean`; `maxLength` 254. */
  email: stringWithLength('EmailField', 254),
  /** A URL (http, https, ftp, ftps), checked by `fullClean`; `maxLength` 200. */
  url: stringWithLength('URLField', 200),
  /** Letters, digits, `-` and `_`; indexed; `maxLength` 50. */
  slug: <const O extends StringOptions = NoOptions>(options?: O): Built<string, O> =>
    new Field(makeDraft('SlugField', { dbIndex: true, ...options }, { maxLength: options?.maxLength ?? 50 })) as Built<string, O>,
  /** A 32-bit integer. */
  integer: plain<number>('IntegerField'),
  /** A 16-bit integer (-32768..32767, checked by `fullClean`). */
  smallInteger: plain<number>('SmallIntegerField'),
  /** A 64-bit integer, as a `bigint`. */
  bigInteger: plain<bigint>('BigIntegerField'),
  /** An integer ≥ 0 (checked by `fullClean` and a CHECK constraint). */
  positiveInteger: plain<number>('PositiveIntegerField'),
  /** A double-precision float. */
  float: plain<number>('FloatField'),
  /** A fixed-point decimal as a string (`'12.50'`), never rounded through a JS float. */
  decimal: <const O extends DecimalOptions>(options: O): Built<string, O> =>
    new Field(makeDraft('DecimalField', options, { maxDigits: options.maxDigits, decimalPlaces: options.decimalPlaces })) as Built<string, O>,
  /** `true` / `false`. */
  boolean: plain<boolean>('BooleanField'),
  /** A calendar date as `'YYYY-MM-DD'`. */
  date: dated<string>('DateField'),
  /** An instant, a `Date`, stored in UTC. */
  dateTime: dated<Date>('DateTimeField'),
  /** A time of day as `'HH:MM:SS'` (optionally `.ffffff`). */
  time: plain<string>('TimeField'),
  /** A duration in milliseconds (stored as microseconds). */
  duration: plain<number>('DurationField'),
  /** A UUID string (`'0f8fad5b-d9cb-469f-a165-70867728950e'`); `default: () => crypto.randomUUID()` is common. */
  uuid: plain<string>('UUIDField'),
  /** Any JSON value. */
  json: plain<JsonValue>('JSONField'),
  /** Raw bytes (`Uint8Array`, a `Buffer` from the drivers). Not editable by default, as Django's. */
  binary: <const O extends FieldOptions<Uint8Array> = NoOptions>(options?: O): Built<Uint8Array, O> =>
    new Field(makeDraft('BinaryField', { editable: false, ...options })) as Built<Uint8Array, O>,
  /**
   * A many-to-one relation to `to` (`'app.Name'`, `'Name'` in the same app, or `'self'`). The
   * column is `<snake name>_id`; instances get `<name>Id` and an awaitable `<name>` accessor.
   */
  foreignKey: relation<false>('ForeignKey'),
  /** A one-to-one relation: a unique foreign key; the reverse accessor gives one instance. */
  oneToOne: relation<true>('OneToOneField'),
  /** A many-to-many relation through an automatic join table or an explicit `through` model. */
  manyToMany: <const To extends string, const O extends ManyToManyOptions = NoOptions>(to: To, options: O = {} as O): ManyToMany<To, RelatedNameOf<O>> =>
    new ManyToMany(makeDraft('ManyToManyField', { blank: options.blank ?? false, ...(options.verboseName !== undefined ? { verboseName: options.verboseName } : {}), ...(options.helpText !== undefined ? { helpText: options.helpText } : {}) }, {
      relation: Object.freeze({ to, relatedName: options.relatedName ?? null, onDelete: null, through: options.through ?? null, dbTable: options.dbTable ?? null }),
    })) as ManyToMany<To, RelatedNameOf<O>>,
})
