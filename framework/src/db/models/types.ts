/**
 * The static types one model declaration gives: `Row<M>` (an instance), `CreateInput<M>`,
 * `Filter<M>` (typed Django lookups, relation spans two levels deep) and `OrderField<M>`.
 *
 * Relations name their target by string (`'polls.Question'`), which avoids TypeScript's circular
 * inference trap; the target's type is found in {@link ModelRegistry}, which a project augments:
 * ```ts
 * declare module 'tango/db' {
 *   interface ModelRegistry { 'polls.Question': typeof Question; 'polls.Choice': typeof Choice }
 * }
 * ```
 * A target missing from the registry is typed loosely ({@link AnyModel}), never rejected.
 *
 * The types stay shallow on purpose (two span levels, no recursion through reverse relations) so tsc
 * stays fast on large projects.
 *
 * @module
 */
import type { AnyField, Field } from '../fields/field.ts'
import type { ModelSpec } from '../spec.ts'
import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors.ts'
import type { ModelInstance } from './instance.ts'
import type { ObjectsManager, RelatedManager, SingleRelatedAccessor } from './manager-types.ts'
import type { QuerySet } from '../query/queryset.ts'
import type { Expression } from '../query/expressions.ts'

/** A model's fields by name. */
export type FieldMap = { readonly [name: string]: AnyField }

/**
 * Every model of the project by label, filled by declaration merging (see the module doc). Used to
 * type relation targets, spans and reverse relations.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ModelRegistry {}

/** What every model has, whatever its fields: the bound {@link AnyModel} uses. */
export interface ModelBase {
  /** `'app.Name'`. */
  readonly label: string
  /** The field values, including the added `id`. */
  readonly fields: FieldMap
  /** The metadata (Django's `Model._meta`). */
  readonly _meta: ModelSpec
  /** The default manager; typed per model by {@link ModelClass}. */
  readonly objects: unknown
  /** Thrown by `get()` when nothing matches; a subclass of `ObjectDoesNotExist`. */
  readonly DoesNotExist: new (message: string) => ObjectDoesNotExist
  /** Thrown by `get()` when several rows match. */
  readonly MultipleObjectsReturned: new (message: string) => MultipleObjectsReturned
  readonly prototype: ModelInstance
}

/** Any model, for APIs that take one without knowing which. */
export type AnyModel = ModelBase

/** A model (the value `defineModel` returns), without its constructor signature. */
export interface ModelClass<in out L extends string = string, in out F extends FieldMap = FieldMap> extends ModelBase {
  // `in out` (invariant, as tsc measured it anyway) is declared so tsc never measures it: measuring
  // walks Row<M> -> FK accessor -> Row<TargetOf<M, ...>> -> ... without end (TargetOf<M, 'self'> is M
  // again) and overflowed the stack in tsc 5.9 (`outofbandVarianceMarkerHandler`).
  readonly label: L
  readonly fields: F
  /** The default manager (Django's `Model.objects`). Abstract models have none (accessing it throws). */
  readonly objects: ObjectsManager<ModelClass<L, F>>
}

/** The model value `defineModel` returns: {@link ModelClass} plus `new M(values)`. */
export type Model<L extends string, F extends FieldMap> = ModelClass<L, F> & (new (values?: Partial<CreateInput<ModelClass<L, F>>>) => Row<ModelClass<L, F>>)

// ------------------------------------------------------------------------ field classification ---

/** A field's value type, `| null` when nullable. */
export type FieldValue<Fd> = Fd extends Field<infer T, infer N, boolean, boolean> ? (N extends true ? T | null : T) : never
type BaseValue<Fd> = Fd extends Field<infer T, boolean, boolean, boolean> ? T : never
type IsNull<Fd> = Fd extends Field<unknown, infer N, boolean, boolean> ? N : false
type HasDefault<Fd> = Fd extends Field<unknown, boolean, infer D, boolean> ? D : false

/** Names of the fields stored as plain values (not relations). */
export type ValueKeys<F> = { [K in keyof F & string]: F[K] extends { readonly _rel: unknown } ? never : K }[keyof F & string]
/** Names of the ForeignKey / OneToOne fields. */
export type FkKeys<F> = { [K in keyof F & string]: F[K] extends { readonly _rel: 'fk' } ? K : never }[keyof F & string]
/** Names of the ManyToMany fields. */
export type M2mKeys<F> = { [K in keyof F & string]: F[K] extends { readonly _rel: 'm2m' } ? K : never }[keyof F & string]
type PkKey<F> = { [K in keyof F & string]: F[K] extends Field<unknown, boolean, boolean, true> ? K : never }[keyof F & string]

/** The primary key's value type of a model. */
export type PkValue<M extends AnyModel> = BaseValue<M['fields'][PkKey<M['fields']>]>

// ------------------------------------------------------------------------------ relations -------

type AppOf<L extends string> = L extends `${infer A}.${string}` ? A : never
/** The full label a relation target names, resolved as Django does (`'self'`, bare names in the same app). */
export type ResolveLabel<From extends string, To extends string> =
  To extends 'self' ? From : To extends `${string}.${string}` ? To : `${AppOf<From>}.${To}`
/** The registered model a relation on `M` points at, or {@link AnyModel} when it is not in the registry. */
export type TargetOf<M extends AnyModel, Fd> = Fd extends { readonly _to: infer To extends string }
  ? To extends 'self' ? M
    : ResolveLabel<M['label'], To> extends keyof ModelRegistry
      ? ModelRegistry[ResolveLabel<M['label'], To>] extends infer T extends AnyModel ? T : AnyModel
      : AnyModel
  : never

// ----------------------------------------------------------------------------------- rows -------

/**
 * The methods every instance has, typed for `M` (implemented by `ModelInstance`; extending it makes
 * a `Row<M>` usable wherever a `ModelInstance` is expected).
 */
export interface InstanceMethods<M extends AnyModel> extends ModelInstance {
  /** The primary key value (`null` before the first save of an auto id). */
  readonly pk: PkValue<M> | null
  /** Inserts or updates the row; see `ModelInstance.save`. */
  save(options?: SaveOptions<M>): Promise<void>
  /** Deletes the row and what cascades from it; resolves to the number of rows deleted per model label. */
  delete(options?: { readonly using?: string }): Promise<DeleteResult>
  /** Reloads field values from the database. */
  refreshFromDb(options?: { readonly fields?: readonly (keyof M['fields'] & string)[]; readonly using?: string }): Promise<void>
  /** Validates every field; throws `ValidationError` with `errors` mapping field → messages. */
  fullClean(options?: { readonly exclude?: readonly string[]; readonly validateUnique?: boolean }): Promise<void>
}

/** Options of `instance.save()`. */
export interface SaveOptions<M extends AnyModel = AnyModel> {
  /** Update only these fields (Django's `update_fields`); never inserts. */
  readonly updateFields?: readonly (keyof M['fields'] & string)[]
  /** The database alias; default: the one the instance was loaded from, else `'default'`. */
  readonly using?: string
  /** Always INSERT (Django's `force_insert`). */
  readonly forceInsert?: boolean
  /** Always UPDATE, failing when no row matched (Django's `force_update`). */
  readonly forceUpdate?: boolean
}

/** What `delete()` resolves to: total rows and rows per model label (Django's `(count, {label: n})`). */
export interface DeleteResult {
  readonly count: number
  readonly perModel: Readonly<Record<string, number>>
}

type FkIdValue<Fd> = IsNull<Fd> extends true ? number | null : number
type FkAccess<M extends AnyModel, Fd> = PromiseLike<IsNull<Fd> extends true ? Row<TargetOf<M, Fd>> | null : Row<TargetOf<M, Fd>>>

type Values<M extends AnyModel, F extends FieldMap> =
  { -readonly [K in ValueKeys<F>]: FieldValue<F[K]> }
  & { -readonly [K in FkKeys<F> as `${K}Id`]: FkIdValue<F[K]> }
  & { readonly [K in FkKeys<F>]: FkAccess<M, F[K]> }
  & { readonly [K in M2mKeys<F>]: RelatedManager<TargetOf<M, F[K]>> }

/**
 * One instance of `M`, as `await M.objects.all()` yields: each value field with its TypeScript type
 * (`| null` when nullable), `<fk>Id` numbers, an awaitable `<fk>` accessor, many-to-many managers,
 * reverse relation accessors from {@link ModelRegistry}, and the instance methods.
 */
export type Row<M extends AnyModel> = Values<M, M['fields']> & ReverseAccessors<M> & InstanceMethods<M>

// ------------------------------------------------------------------------- reverse relations ----

type ReverseEntry<Owner extends AnyModel, Target extends string> = {
  [K in keyof Owner['fields'] & string]: Owner['fields'][K] extends { readonly _to: infer To extends string; readonly _relatedName: infer RN extends string }
    ? ResolveLabel<Owner['label'], To> extends Target
      ? string extends RN
        ? [Owner['fields'][K] extends { readonly _one: true } ? Uncapitalize<NameOf<Owner['label']>> : `${Uncapitalize<NameOf<Owner['label']>>}Set`, Owner, Owner['fields'][K], Uncapitalize<NameOf<Owner['label']>>]
        : RN extends `${string}+` ? never : [RN, Owner, Owner['fields'][K], RN]
      : never
    : never
}[keyof Owner['fields'] & string]
type NameOf<L extends string> = L extends `${string}.${infer N}` ? N : L
type ReverseEntries<Target extends string> = {
  [L in keyof ModelRegistry]: ModelRegistry[L] extends infer O extends AnyModel ? ReverseEntry<O, Target> : never
}[keyof ModelRegistry]

/**
 * Reverse accessors of `M` from every registered model pointing at it: `question.choices` (a
 * related manager) or, for a one-to-one, an awaitable instance.
 */
export type ReverseAccessors<M extends AnyModel> = {
  readonly [E in ReverseEntries<M['label']> as E[0]]: E[2] extends { readonly _one: true } ? SingleRelatedAccessor<E[1]> : RelatedManager<E[1]>
}

// ---------------------------------------------------------------------------------- inputs -----

type RequiredValueKeys<F> = { [K in ValueKeys<F>]: IsNull<F[K]> extends true ? never : HasDefault<F[K]> extends true ? never : K }[ValueKeys<F>]
type RequiredFkKeys<F> = { [K in FkKeys<F>]: IsNull<F[K]> extends true ? never : HasDefault<F[K]> extends true ? never : K }[FkKeys<F>]

/** An instance of any model, as a relation value (`question: q`). */
export interface InstanceLike {
  readonly pk: unknown
}

/**
 * What `M.objects.create()` takes: required keys are non-null fields without a default that are not
 * automatic; foreign keys are given by field name (`question: q` or `question: 5`), or optionally
 * by id (`questionId: 5`) when the field is optional.
 */
export type CreateInput<M extends AnyModel> =
  { [K in RequiredValueKeys<M['fields']>]: FieldValue<M['fields'][K]> }
  & { [K in Exclude<ValueKeys<M['fields']>, RequiredValueKeys<M['fields']>>]?: FieldValue<M['fields'][K]> }
  & { [K in RequiredFkKeys<M['fields']>]: number | InstanceLike }
  & { [K in Exclude<FkKeys<M['fields']>, RequiredFkKeys<M['fields']>>]?: number | InstanceLike | null }
  & { [K in FkKeys<M['fields']> as `${K}Id`]?: FkIdValue<M['fields'][K]> }

// ---------------------------------------------------------------------------------- lookups -----

/** Lookups on string fields. */
export type StringLookup = 'exact' | 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith'
  | 'regex' | 'iregex' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'range' | 'isnull'
/** Lookups on numbers, dates and times. */
export type OrderedLookup = 'exact' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'range' | 'isnull'
/** Date-part lookups (`pubDate__year`), on date and dateTime fields; `hour` on dateTime only. */
export type DatePartLookup = 'year' | 'month' | 'day' | 'week_day' | 'hour'
/** Lookups on booleans, JSON and binary. */
export type BasicLookup = 'exact' | 'in' | 'isnull'

type LookupsOf<T> =
  [T] extends [string] ? StringLookup
    : [T] extends [Date] ? OrderedLookup | DatePartLookup
      : [T] extends [number | bigint] ? OrderedLookup
        : BasicLookup

type LookupValue<T, N, L> =
  L extends 'exact' ? (N extends true ? T | null : T)
    : L extends 'in' ? readonly T[]
      : L extends 'range' ? readonly [T, T]
        : L extends 'isnull' ? boolean
          : L extends DatePartLookup ? number
            : L extends 'gt' | 'gte' | 'lt' | 'lte' ? T
              : string

// A date field is typed `string` but has date parts too.
type FieldLookups<Fd> = Fd extends { readonly draft: { readonly type: 'DateField' } } ? OrderedLookup | Exclude<DatePartLookup, 'hour'> : LookupsOf<BaseValue<Fd>>

/**
 * What a lookup value may also be: an `F()` expression (compares columns; any {@link Combinable})
 * or, for `__in`, a QuerySet (becomes a subquery; anything with `compileSubquery`).
 */
type ExprValue = Expression
type SubqueryValue = Pick<QuerySet<AnyModel, unknown>, 'compileSubquery'>
type WithExpr<V, L> = L extends 'in' ? V | SubqueryValue : L extends 'isnull' ? V : V | ExprValue

// After a date part (`pubDate__year__gte`), the part is compared as a number.
type DatePartCompare = 'exact' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'range'

type ValueEntries<F, P extends string> = {
  [K in ValueKeys<F>]:
    | [`${P}${K}`, WithExpr<LookupValue<BaseValue<F[K]>, IsNull<F[K]>, 'exact'>, 'exact'>]
    | { [L in FieldLookups<F[K]>]: [`${P}${K}__${L}`, WithExpr<LookupValue<BaseValue<F[K]>, IsNull<F[K]>, L>, L>] }[FieldLookups<F[K]>]
    | { [L in Extract<FieldLookups<F[K]>, DatePartLookup>]: { [C in DatePartCompare]: [`${P}${K}__${L}__${C}`, WithExpr<LookupValue<number, false, C>, C>] }[DatePartCompare] }[Extract<FieldLookups<F[K]>, DatePartLookup>]
}[ValueKeys<F>]

type FkValue = number | InstanceLike
type FkEntries<F, P extends string> = {
  [K in FkKeys<F>]:
    | [`${P}${K}` | `${P}${K}__exact` | `${P}${K}Id`, IsNull<F[K]> extends true ? FkValue | null : FkValue]
    | [`${P}${K}__in` | `${P}${K}Id__in`, readonly FkValue[] | SubqueryValue]
    | [`${P}${K}__isnull` | `${P}${K}Id__isnull`, boolean]
    | [`${P}${K}Id__gt` | `${P}${K}Id__gte` | `${P}${K}Id__lt` | `${P}${K}Id__lte`, number]
}[FkKeys<F>]

// A many-to-many field compared directly (`tags: tag`, `tags__in: [1, 2]`) joins and matches the related pk.
type M2mEntries<F, P extends string> = {
  [K in M2mKeys<F>]:
    | [`${P}${K}` | `${P}${K}__exact`, FkValue]
    | [`${P}${K}__in`, readonly FkValue[] | SubqueryValue]
    | [`${P}${K}__isnull`, boolean]
}[M2mKeys<F>]

type PkEntries<M extends AnyModel, P extends string> =
  | [`${P}pk` | `${P}pk__exact` | `${P}pk__gt` | `${P}pk__gte` | `${P}pk__lt` | `${P}pk__lte`, PkValue<M>]
  | [`${P}pk__in`, readonly PkValue<M>[] | SubqueryValue]

type DirectEntries<M extends AnyModel, P extends string> = ValueEntries<M['fields'], P> | FkEntries<M['fields'], P> | M2mEntries<M['fields'], P> | PkEntries<M, P>

type SpanEntries<M extends AnyModel, P extends string, Deep extends boolean> = {
  [K in FkKeys<M['fields']> | M2mKeys<M['fields']>]: TargetOf<M, M['fields'][K]> extends infer T extends AnyModel
    ? string extends T['label'] ? [`${P}${K}__${string}`, unknown]
      : DirectEntries<T, `${P}${K}__`> | (Deep extends true ? SpanEntries<T, `${P}${K}__`, false> : never)
    : never
}[FkKeys<M['fields']> | M2mKeys<M['fields']>]

/** Every `[key, value type]` pair a filter on `M` accepts. */
export type FilterEntries<M extends AnyModel> = DirectEntries<M, ''> | SpanEntries<M, '', true>

/**
 * The argument of `filter()` / `exclude()` / `get()`: Django lookups typed by field.
 * String lookups only on string fields, date parts on dates, `in` takes an array of the field's
 * type, `range` a pair; foreign keys take an id or an instance; `fk__field__lookup` spans relations
 * two levels deep (targets from {@link ModelRegistry}; an unregistered target accepts any
 * `fk__...` key). Reverse relations and many-to-many spans are accepted one level deep.
 */
export type Filter<M extends AnyModel> = { readonly [E in FilterEntries<M> | ReverseSpanEntries<M> as E[0]]?: E[1] }

// Reverse spans use the query name (`choice`, or the relatedName) and are typed loosely.
type ReverseSpanEntries<M extends AnyModel> = ReverseEntries<M['label']> extends infer E
  ? E extends readonly [string, AnyModel, unknown, infer Q extends string] ? [Q | `${Q}__${string}`, unknown] : never
  : never

type OrderKeys<M extends AnyModel, P extends string> =
  | `${P}${ValueKeys<M['fields']> | FkKeys<M['fields']> | `${FkKeys<M['fields']>}Id` | 'pk'}`

type SpanOrderKeys<M extends AnyModel> = {
  [K in FkKeys<M['fields']>]: TargetOf<M, M['fields'][K]> extends infer T extends AnyModel
    ? string extends T['label'] ? `${K}__${string}` : OrderKeys<T, `${K}__`>
    : never
}[FkKeys<M['fields']>]

/** An `orderBy()` argument: `'field'`, `'-field'`, a span `'question__pubDate'`, or `'?'` (random). */
export type OrderField<M extends AnyModel> = OrderKeys<M, ''> | `-${OrderKeys<M, ''>}` | SpanOrderKeys<M> | `-${SpanOrderKeys<M>}` | '?'
