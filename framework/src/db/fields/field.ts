/**
 * The field value: an immutable, phantom-typed carrier of a field's metadata. Builders in
 * `builders.ts` make them; `defineModel` names them and turns each into a full `FieldSpec`.
 *
 * @module
 */
import { override } from '../../core/translation.ts'
import type { LazyString } from '../../core/translation.ts'
import type { Choice, FieldSpec, FieldType, OnDelete, Validator } from '../spec.ts'

/**
 * A field's metadata before `defineModel` names it: every `FieldSpec` key except `name` and
 * `column`, plus `dbColumn` (the column override) and a `verboseName` that is `null` until filled.
 */
export interface FieldDraft extends Omit<FieldSpec, 'name' | 'column' | 'verboseName'> {
  readonly dbColumn: string | null
  readonly verboseName: string | null
}

/**
 * A model field (as Django's `Field`), immutable. The type parameters exist only for the type
 * system: `T` is the JavaScript value type, `N` whether it accepts `null`, `D` whether it has a
 * default (or is filled automatically: auto ids, `autoNow`), `P` whether it is the primary key.
 */
export class Field<T, N extends boolean = false, D extends boolean = false, P extends boolean = false> {
  declare readonly _type: T
  declare readonly _null: N
  declare readonly _default: D
  declare readonly _pk: P
  /** The metadata, frozen. */
  readonly draft: FieldDraft

  /** @param draft - the metadata (builders make it; users call `f.char()` etc.). */
  constructor(draft: FieldDraft) {
    this.draft = Object.freeze({ ...draft })
    Object.freeze(this)
  }
}

/**
 * A `ForeignKey` or `OneToOneField`: the value type is the target's id (`number`), `To` the target
 * label as written (`'polls.Question'`, `'Question'` or `'self'`).
 */
export class ForeignKey<To extends string, N extends boolean = false, D extends boolean = false, RN extends string = string, One extends boolean = false> extends Field<number, N, D, false> {
  declare readonly _to: To
  declare readonly _rel: 'fk'
  /** The `relatedName` as written (`string` when not given). */
  declare readonly _relatedName: RN
  /** `true` for a OneToOneField (the reverse accessor gives one instance). */
  declare readonly _one: One
}

/** A `ManyToManyField` to `To`. Stores no column: the instance gets a related manager. */
export class ManyToMany<To extends string, RN extends string = string> extends Field<never, false, true, false> {
  declare readonly _to: To
  declare readonly _rel: 'm2m'
  declare readonly _relatedName: RN
}

/** Any field, for constraints (`Record<string, AnyField>`). */
export type AnyField = Field<unknown, boolean, boolean, boolean>

/** The options every field builder accepts (Django's `Field.__init__` arguments, camelCase). */
export interface FieldOptions<T> {
  /** Store empty values as NULL (Django's `null`). Default `false`. */
  readonly null?: boolean
  /** Allow empty values in validation (`fullClean`, forms). Default `false`. */
  readonly blank?: boolean
  /** A value, or a function called for each new instance. */
  readonly default?: T | null | (() => T | null)
  readonly unique?: boolean
  /** Create an index on the column. */
  readonly dbIndex?: boolean
  /** The SQL column name, instead of the snake_case of the field name. */
  readonly dbColumn?: string
  /** Allowed values (see `textChoices` / `integerChoices`). */
  readonly choices?: readonly Choice[]
  /**
   * Label for forms and the admin. Default: the field name in words (`pubDate` → `pub date`).
   * A lazy string (`gettextLazy('publication date')`) is stored as its source text and translated
   * where it is shown (see {@link sourceText}).
   */
  readonly verboseName?: string | LazyString
  /** Help for forms; lazy strings as for `verboseName`. */
  readonly helpText?: string | LazyString
  /** Extra validators, run by `fullClean` after the built-in checks. */
  readonly validators?: readonly Validator[]
  /** `false` hides the field from model forms and the admin and skips it in `fullClean`. */
  readonly editable?: boolean
  /** Make this the primary key (implies `unique`, not null). No `id` is added then. */
  readonly primaryKey?: boolean
}

/** Options of `f.foreignKey` / `f.oneToOne`. */
export interface ForeignKeyOptions extends FieldOptions<number> {
  /** What happens to this row when the target is deleted (Django's `on_delete`, required as there). */
  readonly onDelete: OnDelete
  /** The reverse accessor on the target (`question.choices`); default `<model>Set` (`choiceSet`), `'+'` for none. */
  readonly relatedName?: string
}

/** Options of `f.manyToMany`. */
export interface ManyToManyOptions {
  /** An explicit join model `'app.Name'` with foreign keys to both sides. */
  readonly through?: string
  /** The reverse accessor on the target (`tag.articles`); default `<model>Set`. */
  readonly relatedName?: string
  /** The automatic join table's name, instead of `<table>_<field>`. */
  readonly dbTable?: string
  readonly blank?: boolean
  readonly verboseName?: string | LazyString
  readonly helpText?: string | LazyString
}

/** `true` when the options say `null: true`. */
export type NullOf<O> = O extends { readonly null: true } ? true : false
/** `true` when the options give a default or make the field automatic. */
export type DefaultOf<O> = O extends { readonly default: unknown } ? true
  : O extends { readonly autoNow: true } ? true
    : O extends { readonly autoNowAdd: true } ? true : false
/** The `relatedName` option as a literal type, `string` when absent. */
export type RelatedNameOf<O> = O extends { readonly relatedName: infer R extends string } ? R : string
/** `true` when the options say `primaryKey: true`. */
export type PkOf<O> = O extends { readonly primaryKey: true } ? true : false
/** The value type narrowed to the choices' values when choices are given as literals. */
export type ChoiceOf<O, T> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? [Extract<V, T>] extends [never] ? T : Extract<V, T>
  : T

/**
 * The untranslated text of a verbose name or help text given as a lazy string (`gettextLazy('user')`
 * gives `'user'`), a plain string as it is. Model metadata keeps this source text, so specs stay
 * plain data and migrations never depend on the active language (Django writes a lazy string's
 * source into migrations too); forms, validation messages and views translate it with `gettext`
 * when they show it. A `pgettextLazy` context is not kept.
 */
export function sourceText(text: string | LazyString): string {
  // With translation off every lookup returns its msgid.
  return typeof text === 'string' ? text : override(null, () => text.toString())
}

/** Builds the draft from a type and options: the one place defaults of every key are set. */
export function makeDraft(type: FieldType, options: FieldOptions<unknown>, extra: Partial<FieldDraft> = {}): FieldDraft {
  const primaryKey = options.primaryKey ?? false
  const auto = type === 'AutoField' || type === 'BigAutoField'
  return {
    type,
    dbColumn: options.dbColumn ?? null,
    primaryKey,
    null: primaryKey ? false : (options.null ?? false),
    blank: auto ? true : (options.blank ?? false),
    unique: primaryKey || (options.unique ?? false),
    dbIndex: options.dbIndex ?? false,
    hasDefault: 'default' in options && options.default !== undefined,
    default: options.default ?? null,
    editable: auto ? false : (options.editable ?? true),
    choices: options.choices ? Object.freeze(options.choices.map((c) => Object.freeze({ value: c.value, label: c.label }))) : null,
    verboseName: options.verboseName === undefined ? null : sourceText(options.verboseName),
    helpText: options.helpText === undefined ? '' : sourceText(options.helpText),
    maxLength: null,
    maxDigits: null,
    decimalPlaces: null,
    autoNow: false,
    autoNowAdd: false,
    relation: null,
    validators: Object.freeze([...(options.validators ?? [])]),
    ...extra,
  }
}
