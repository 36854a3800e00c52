/**
 * The plain data every part of the ORM agrees on: what a field and a model *are*, independent of
 * the builders that make them (`fields/`), the SQL that stores them (`backends/`), the queries
 * that read them (`query/`) and the migrations that evolve them (`migrations/`). Plain, frozen and
 * JSON-serializable (functions aside: defaults and validators), so migrations can diff and print it.
 *
 * @module
 */

/** Django's `get_internal_type()` names: they pick the column type and the value conversion. */
export type FieldType =
  | 'AutoField' | 'BigAutoField'
  | 'CharField' | 'TextField' | 'EmailField' | 'URLField' | 'SlugField'
  | 'IntegerField' | 'SmallIntegerField' | 'BigIntegerField' | 'PositiveIntegerField'
  | 'FloatField' | 'DecimalField' | 'BooleanField'
  | 'DateField' | 'DateTimeField' | 'TimeField' | 'DurationField'
  | 'UUIDField' | 'JSONField' | 'BinaryField'
  | 'ForeignKey' | 'OneToOneField' | 'ManyToManyField'

/** `on_delete` behaviours, as Django's. */
export type OnDelete = 'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING'

/** One `(value, label)` choice. */
export interface Choice {
  readonly value: string | number
  readonly label: string
}

/** A validator: throws `ValidationError` (from `db/errors.ts`) for a bad value. */
export type Validator = (value: unknown) => void

/** The relation part of a ForeignKey, OneToOneField or ManyToManyField. */
export interface RelationSpec {
  /** Target model label, `'app.Name'` (a bare `'Name'` means the same app; `'self'` this model). Resolved by the registry. */
  readonly to: string
  /** Name of the reverse accessor on the target: `question.choices`. Default: `<model>Set` (Django's `choice_set`). `'+'` for none. */
  readonly relatedName: string | null
  /** ForeignKey / OneToOne only. */
  readonly onDelete: OnDelete | null
  /** ManyToMany only: the `'app.Name'` of an explicit through model, or `null` for the automatic join table. */
  readonly through: string | null
  /** ManyToMany automatic join table name override. */
  readonly dbTable: string | null
}

/** One field, as metadata. Names are camelCase (TypeScript); `column` is the SQL column. */
export interface FieldSpec {
  /** The attribute name on rows and in lookups: `pubDate`, `author`. */
  readonly name: string
  readonly type: FieldType
  /** SQL column: snake_case of the name, `<name>_id` for ForeignKey/OneToOne, or `dbColumn`. `null` for ManyToMany. */
  readonly column: string | null
  readonly primaryKey: boolean
  readonly null: boolean
  readonly blank: boolean
  readonly unique: boolean
  readonly dbIndex: boolean
  /** `true` when `default` is set (the value itself lives in {@link FieldSpec.default}). */
  readonly hasDefault: boolean
  /** A value, or a function called for each new row (as Django's callable defaults). Not serialized. */
  readonly default: unknown
  readonly editable: boolean
  readonly choices: readonly Choice[] | null
  readonly verboseName: string
  readonly helpText: string
  readonly maxLength: number | null
  /** DecimalField only. */
  readonly maxDigits: number | null
  readonly decimalPlaces: number | null
  /** DateTimeField / DateField: set on every save / on insert. */
  readonly autoNow: boolean
  readonly autoNowAdd: boolean
  readonly relation: RelationSpec | null
  readonly validators: readonly Validator[]
}

/** `Meta.indexes` entry. */
export interface IndexSpec {
  readonly name: string
  readonly fields: readonly string[]
  readonly unique?: boolean
}

/** `Meta.constraints` entry: `UniqueConstraint` (optionally partial) or `CheckConstraint`. */
export type ConstraintSpec =
  | { readonly kind: 'unique'; readonly name: string; readonly fields: readonly string[]; readonly condition: string | null }
  | { readonly kind: 'check'; readonly name: string; readonly check: string }

/** A model's metadata (Django's `Model._meta`). */
export interface ModelSpec {
  /** `'app.Name'`. */
  readonly label: string
  readonly appLabel: string
  /** The class-style name, `Question`. */
  readonly name: string
  /** `app_name` lower snake (Django: `polls_question`) unless `dbTable` is given. */
  readonly dbTable: string
  /** Every concrete and many-to-many field, in declaration order; the primary key first. */
  readonly fields: readonly FieldSpec[]
  /** Name of the primary key field (`id` unless a field says `primaryKey`). */
  readonly pk: string
  /** Default ordering, `'-pubDate'` style. */
  readonly ordering: readonly string[]
  readonly indexes: readonly IndexSpec[]
  readonly constraints: readonly ConstraintSpec[]
  readonly uniqueTogether: readonly (readonly string[])[]
  readonly verboseName: string
  readonly verboseNamePlural: string
  readonly abstract: boolean
  /** Tables Tango does not create or migrate (Django's `managed = False`). */
  readonly managed: boolean
  /**
   * The setting that may replace this model (Django's `Meta.swappable`), e.g. `'AUTH_USER_MODEL'`
   * on `auth.User`. When the setting names another model, this one is swapped: see `swappedFor`.
   */
  readonly swappable?: string
}
