/**
 * `defineModel('app.Name', fields, meta?)` (Django's `class Name(models.Model)`): names the fields,
 * fills their specs, adds the default `id`, generates the instance class and registers the model.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import { MultipleObjectsReturned, ObjectDoesNotExist } from '../errors.ts'
import type { LazyString } from '../../core/translation.ts'
import type { Field, FieldDraft } from '../fields/field.ts'
import { sourceText } from '../fields/field.ts'
import { f } from '../fields/builders.ts'
import type { ConstraintSpec, FieldSpec, IndexSpec, ModelSpec } from '../spec.ts'
import { ModelInstance } from './instance.ts'
import { camelToWords, defaultTableName, snakeCase } from './naming.ts'
import { modelRegistry } from './registry.ts'
import { installForwardAccessors, installReverseAccessors } from './related.ts'
import { swappedFor } from './swappable.ts'
import { Manager } from '../query/manager.ts'
// Registers the query layer's deletion Collector, so instance.delete() honours every onDelete rule.
import '../query/deletion.ts'
import type { FieldMap, FieldValue, Model, ValueKeys } from './types.ts'

/** `Meta` options (Django's `class Meta`). */
export interface ModelMeta {
  /** Table name; default `<app>_<name lower-cased>`. */
  readonly dbTable?: string
  /** Default ordering, `['-pubDate', 'title']`. */
  readonly ordering?: readonly string[]
  readonly indexes?: readonly IndexSpec[]
  readonly constraints?: readonly ConstraintSpec[]
  readonly uniqueTogether?: readonly (readonly string[])[]
  /**
   * Default: the name in words (`ArticleTag` → `article tag`). A lazy string (`gettextLazy('article
   * tag')`) is kept as its source text and translated where it is shown.
   */
  readonly verboseName?: string | LazyString
  /** Default: `verboseName + 's'`. Lazy strings as for `verboseName`. */
  readonly verboseNamePlural?: string | LazyString
  /** A base model: no table, not registered, no manager; spread its `fields` into concrete models. */
  readonly abstract?: boolean
  /** `false`: Tango neither creates nor migrates the table. */
  readonly managed?: boolean
  /**
   * A setting that may name a replacement model (Django's `swappable`, e.g. `'AUTH_USER_MODEL'`).
   * While the setting names another model, `objects` throws, no reverse relation points here and
   * `migrate` leaves the table alone.
   */
  readonly swappable?: string
}

/** The automatic primary key added when no field says `primaryKey` (Django's `DEFAULT_AUTO_FIELD`). */
type AutoId = Field<number, false, true, true>
/** The fields of a model: the declared ones, plus `id` when none is the primary key. */
export type WithPk<F extends FieldMap> = true extends { [K in keyof F]: F[K] extends Field<unknown, boolean, boolean, true> ? true : false }[keyof F]
  ? F
  : { readonly id: AutoId } & F

const LABEL = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/

function fieldSpec(name: string, draft: FieldDraft): FieldSpec {
  const { dbColumn, verboseName, ...rest } = draft
  const isFk = draft.type === 'ForeignKey' || draft.type === 'OneToOneField'
  const column = draft.type === 'ManyToManyField' ? null : (dbColumn ?? (isFk ? `${snakeCase(name)}_id` : snakeCase(name)))
  return Object.freeze({ ...rest, name, column, verboseName: verboseName ?? camelToWords(name) })
}

/**
 * The `str` option of {@link defineModel}: how an instance reads as text (Django's `__str__`), used
 * by `String(obj)`, the admin's lists and history, and model choice fields. It gets the instance's
 * plain field values (relations are not loaded). Default: `Question object (1)`.
 * @example
 * ```ts
 * defineModel('news.Article', { title: f.char({ maxLength: 200 }) }, { str: (a) => a.title })
 * ```
 */
export interface StrOption<F extends FieldMap> {
  readonly str?: (obj: { readonly [K in ValueKeys<WithPk<F>>]: FieldValue<WithPk<F>[K]> }) => string
}

/**
 * Declares a model.
 *
 * @param label - `'app.Name'`: the app label and the model's class-style name.
 * @param fields - field name (camelCase) → a field from `f`. With no `primaryKey` field, an
 *   `id: f.bigAutoField()` is added first.
 * @param meta - Django's `Meta` options ({@link ModelMeta}).
 * @returns the model class: `new M(values)` makes an unsaved instance, `M.objects` queries,
 *   `M._meta` is its {@link ModelSpec}, `M.fields` its field values. Registered in `modelRegistry`
 *   unless abstract.
 * @throws ImproperlyConfigured for a malformed label, two primary keys, or a field named `pk`.
 *   Reading `objects` throws `TypeError` on an abstract model, or a swapped one (`meta.swappable`).
 * @example
 * ```ts
 * export const Question = defineModel('polls.Question', {
 *   questionText: f.char({ maxLength: 200 }),
 *   pubDate: f.dateTime({ verboseName: 'date published' }),
 * }, { ordering: ['-pubDate'] })
 * ```
 */
export function defineModel<const L extends string, const F extends FieldMap>(label: L, fields: F, meta: ModelMeta & StrOption<F> = {}): Model<L, WithPk<F>> {
  const match = LABEL.exec(label)
  if (!match) throw new ImproperlyConfigured(`defineModel: '${label}' is not a model label of the form 'app.Name'.`)
  const appLabel = match[1]!
  const name = match[2]!
  if ('pk' in fields) throw new ImproperlyConfigured(`${label}: 'pk' is reserved for the primary key and cannot be a field name.`)
  const pks = Object.entries(fields).filter(([, field]) => field.draft.primaryKey)
  if (pks.length > 1) throw new ImproperlyConfigured(`${label}: the model cannot have more than one field with primaryKey: true.`)
  const abstract = meta.abstract ?? false
  const allFields: FieldMap = pks.length === 0 && !abstract ? { id: f.bigAutoField(), ...fields } : fields
  const pkName = pks[0]?.[0] ?? 'id'
  const specs = Object.entries(allFields).map(([fieldName, field]) => fieldSpec(fieldName, field.draft))
  // The primary key first, as Django's `_meta.fields`.
  specs.sort((a, b) => Number(b.name === pkName) - Number(a.name === pkName))
  const dbTable = meta.dbTable ?? defaultTableName(appLabel, name)
  const finalSpecs = specs.map((spec) => {
    if (spec.type !== 'ManyToManyField' || spec.relation === null || spec.relation.through !== null || spec.relation.dbTable !== null) return spec
    return Object.freeze({ ...spec, relation: Object.freeze({ ...spec.relation, dbTable: `${dbTable}_${snakeCase(spec.name)}` }) })
  })
  const verboseName = meta.verboseName === undefined ? camelToWords(name) : sourceText(meta.verboseName)
  const spec: ModelSpec = Object.freeze({
    label, appLabel, name, dbTable,
    fields: Object.freeze(finalSpecs),
    pk: pkName,
    ordering: Object.freeze([...(meta.ordering ?? [])]),
    indexes: Object.freeze([...(meta.indexes ?? [])]),
    constraints: Object.freeze([...(meta.constraints ?? [])]),
    uniqueTogether: Object.freeze((meta.uniqueTogether ?? []).map((names) => Object.freeze([...names]))),
    verboseName,
    verboseNamePlural: meta.verboseNamePlural === undefined ? `${verboseName}s` : sourceText(meta.verboseNamePlural),
    abstract,
    managed: meta.managed ?? true,
    ...(meta.swappable === undefined ? {} : { swappable: meta.swappable }),
  })

  // A named class, so stack traces and `instance.constructor.name` say `Question`.
  const cls = { [name]: class extends ModelInstance {} }[name]!
  const str = meta.str
  if (str !== undefined) {
    Object.defineProperty(cls.prototype, 'toString', { value: function toString(this: never) { return String(str(this)) }, writable: true, configurable: true })
  }
  const DoesNotExist = class extends ObjectDoesNotExist {
    constructor(message: string) {
      super(message, label)
    }
  }
  const Multiple = class extends MultipleObjectsReturned {
    constructor(message: string) {
      super(message, label)
    }
  }
  Object.defineProperty(DoesNotExist, 'name', { value: 'DoesNotExist' })
  Object.defineProperty(Multiple, 'name', { value: 'MultipleObjectsReturned' })
  let objects: unknown = null
  Object.defineProperties(cls, {
    label: { value: label, enumerable: true },
    fields: { value: Object.freeze({ ...allFields }), enumerable: true },
    _meta: { value: spec, enumerable: true },
    meta: { value: Object.freeze({ ...meta }) },
    DoesNotExist: { value: DoesNotExist },
    MultipleObjectsReturned: { value: Multiple },
    objects: {
      // Created on first use: cheap models, and no work for models never queried.
      get() {
        if (abstract) throw new TypeError(`${label} is abstract: it has no manager and no table.`)
        const swapped = swappedFor(spec)
        // Django's "Manager isn't available; 'auth.User' has been swapped for 'accounts.User'".
        if (swapped !== null) throw new TypeError(`Manager isn't available; '${label}' has been swapped for '${swapped}'.`)
        objects ??= new Manager(model)
        return objects
      },
    },
  })
  const model = cls as unknown as Model<L, WithPk<F>>
  if (!abstract) {
    installForwardAccessors(model)
    modelRegistry.register(model)
    for (const other of modelRegistry.all()) installReverseAccessors(other)
  }
  return model
}
