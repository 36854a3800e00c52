/**
 * The change list's sidebar filters (Django's `django.contrib.admin.filters`): {@link ListFilter}
 * (the base), {@link SimpleListFilter} (a custom filter with `lookups()` and `queryset()`), and
 * {@link FieldListFilter} (a filter made from a model field named in `listFilter`, picked by the
 * field's type through a registry, as Django's `FieldListFilter.register`).
 *
 * A filter reads and consumes its own parameters from the change list's query string (`params`);
 * parameters that no filter consumes are applied as plain lookups when allowed.
 *
 * @module
 */
import { gettext } from 'tango/core'
import type { AnyModel, FieldSpec, QuerySet } from 'tango/db'
import type { Request } from 'tango/http'
import type { ModelAdmin } from '../../options.ts'
import { IncorrectLookupParameters } from '../errors.ts'

/** One link of a filter: the template renders `display` linking to `queryString`, bold when `selected`. */
export interface FilterChoice {
  readonly selected: boolean
  /** `?a=b&...`: the change list's query string with this choice applied. */
  readonly queryString: string
  readonly display: string
}

/** What filters need of the change list: its query string with some parameters changed. */
export interface QueryStringSource {
  /**
   * The current query string with `newParams` set (`null` deletes a key) and every key starting
   * with one of `remove` dropped; begins with `?`.
   */
  getQueryString(newParams?: Readonly<Record<string, string | number | null>>, remove?: readonly string[]): string
}

/** The query-string parameters not consumed yet, by name (one value each, the last given). */
export type FilterParams = Map<string, string>

/** A filter class as listed in `ModelAdmin.listFilter` (a {@link SimpleListFilter} subclass). */
export type ListFilterClass = new (request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin) => ListFilter

/**
 * Base of every change list filter (Django's `ListFilter`).
 * Subclasses set `title` and implement the four abstract members.
 */
export abstract class ListFilter {
  /** The heading shown above the choices ("By <title>"). */
  title = ''
  /** The template that draws the choices. */
  template = 'admin/filter.html'
  /** The request of the change list. */
  readonly request: Request
  /** The parameters still unconsumed; a filter takes its own in {@link ListFilter.init}. */
  readonly params: FilterParams
  readonly model: AnyModel
  readonly modelAdmin: ModelAdmin
  /** The parameters this filter consumed, with their string values. */
  readonly usedParameters = new Map<string, string>()

  /**
   * @param request - the change list's request.
   * @param params - the unconsumed query-string parameters (shared by all filters, consumed in order).
   * @param model - the listed model.
   * @param modelAdmin - its admin.
   */
  constructor(request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin) {
    this.request = request
    this.params = params
    this.model = model
    this.modelAdmin = modelAdmin
  }

  /**
   * Takes this filter's parameters out of `params` and loads what the choices need (at most a
   * query). Called once by the change list after construction (a subclass's fields are set by then).
   */
  async init(): Promise<void> {
    for (const name of this.expectedParameters()) {
      const value = this.params.get(name)
      if (value !== undefined) {
        this.usedParameters.set(name, value)
        this.params.delete(name)
      }
    }
  }

  /** Whether the filter has anything to show (Django hides filters without choices). */
  abstract hasOutput(): boolean
  /** The links to draw, "All" first. */
  abstract choices(changelist: QueryStringSource): FilterChoice[]
  /**
   * The rows kept by the filter's current value; `null` or the queryset itself when inactive.
   * Synchronous, as Django's: a QuerySet is awaitable, so a Promise cannot hand one back (do any
   * query the filter needs in `init()` or `lookups()`).
   */
  abstract queryset<M extends AnyModel>(request: Request, queryset: QuerySet<M>): QuerySet<M> | null
  /** The query-string parameter names this filter reads. */
  abstract expectedParameters(): string[]
}

/**
 * A custom filter (Django's `SimpleListFilter`): set `title` and `parameterName`, return
 * `[value, label]` pairs from `lookups()` and narrow the rows in `queryset()` by `this.value()`.
 *
 * @example
 * ```ts
 * class DecadeFilter extends SimpleListFilter {
 *   override title = 'decade published'
 *   override parameterName = 'decade'
 *   override lookups() { return [['80s', 'in the eighties'], ['90s', 'in the nineties']] as const }
 *   override queryset(request: Request, qs: QuerySet<typeof Book>) {
 *     if (this.value() === '80s') return qs.filter(Q({ publishedDate__gte: '1980-01-01', publishedDate__lt: '1990-01-01' }))
 *     return qs
 *   }
 * }
 * admin.site.register(Book, { listFilter: [DecadeFilter] })
 * ```
 */
export class SimpleListFilter extends ListFilter {
  /** The query-string parameter (`?decade=80s`). Required. */
  parameterName = ''
  #lookups: readonly (readonly [string, string])[] = []

  /** @inheritdoc */
  override async init(): Promise<void> {
    if (!this.parameterName) throw new TypeError(`The list filter '${this.constructor.name}' does not specify a 'parameterName'.`)
    if (!this.title) throw new TypeError(`The list filter '${this.constructor.name}' does not specify a 'title'.`)
    await super.init()
    this.#lookups = (await this.lookups(this.request, this.modelAdmin)) ?? []
  }

  /** The `[value, label]` choices (the value goes in the URL). Override it. */
  lookups(request: Request, modelAdmin: ModelAdmin): readonly (readonly [string, string])[] | null | Promise<readonly (readonly [string, string])[] | null> {
    void request
    void modelAdmin
    throw new TypeError(`The SimpleListFilter.lookups() method must be overridden to return a list of tuples (value, verbose value).`)
  }

  /** Narrows the rows by {@link SimpleListFilter.value} (synchronously). Override it; the default keeps every row. */
  queryset<M extends AnyModel>(request: Request, queryset: QuerySet<M>): QuerySet<M> | null {
    void request
    return queryset
  }

  /** The selected value from the query string, or `null`. */
  value(): string | null {
    return this.usedParameters.get(this.parameterName) ?? null
  }

  /** @inheritdoc */
  hasOutput(): boolean {
    return this.#lookups.length > 0
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.parameterName]
  }

  /** @inheritdoc */
  choices(changelist: QueryStringSource): FilterChoice[] {
    const current = this.value()
    return [
      { selected: current === null, queryString: changelist.getQueryString({}, [this.parameterName]), display: gettext('All') },
      ...this.#lookups.map(([value, label]) => ({
        selected: current === String(value),
        queryString: changelist.getQueryString({ [this.parameterName]: value }),
        display: label,
      })),
    ]
  }
}

/** A field filter class, registered with {@link FieldListFilter.register}. */
export interface FieldListFilterClass {
  new (field: FieldSpec, request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin, fieldPath: string): FieldListFilter
}

interface Registration {
  readonly test: (field: FieldSpec) => boolean
  readonly cls: FieldListFilterClass
}

const registry: Registration[] = []
let takePriorityIndex = 0

/**
 * A filter made from a model field (Django's `FieldListFilter`): `listFilter: ['inPrint', 'author']`.
 * The class is picked by the first registered test the field passes (relations, booleans, choices,
 * dates, then every other field's distinct values).
 */
export abstract class FieldListFilter extends ListFilter {
  /** The model field filtered (the last field of `fieldPath`). */
  readonly field: FieldSpec
  /** The lookup path from the listed model (`'author'`, `'author__name'`). */
  readonly fieldPath: string

  /**
   * @param field - the last field of `fieldPath`.
   * @param fieldPath - the lookup path, also the parameter prefix.
   */
  constructor(field: FieldSpec, request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin, fieldPath: string) {
    super(request, params, model, modelAdmin)
    this.field = field
    this.fieldPath = fieldPath
    this.title = gettext(field.verboseName)
  }

  /** @inheritdoc */
  hasOutput(): boolean {
    return true
  }

  /**
   * Applies the consumed parameters as lookups (`{ inPrint__exact: true }`), their values converted
   * for the field by {@link FieldListFilter.prepareValue}.
   * @throws IncorrectLookupParameters for a value the field cannot take.
   */
  queryset<M extends AnyModel>(request: Request, queryset: QuerySet<M>): QuerySet<M> {
    void request
    if (!this.usedParameters.size) return queryset
    const lookups: Record<string, unknown> = {}
    for (const [key, value] of this.usedParameters) lookups[key] = this.prepareValue(key, value)
    return queryset.filter(lookups as never)
  }

  /** The value bound for `key` (`__isnull` → boolean; otherwise by the field's type). */
  prepareValue(key: string, value: string): unknown {
    return prepareLookupValue(key, value, this.field)
  }

  /**
   * Registers a field filter class for the fields passing `test` (Django's `FieldListFilter.register`).
   * @param takePriority - checked before the built-in registrations (but after earlier priority ones).
   */
  static register(test: (field: FieldSpec) => boolean, cls: FieldListFilterClass, takePriority = false): void {
    if (takePriority) registry.splice(takePriorityIndex++, 0, { test, cls })
    else registry.push({ test, cls })
  }

  /**
   * The filter for `field` (Django's `FieldListFilter.create`).
   * @throws TypeError when no registered class accepts the field.
   */
  static create(field: FieldSpec, request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin, fieldPath: string): FieldListFilter {
    const reg = registry.find((r) => r.test(field))
    if (!reg) throw new TypeError(`No list filter for the field '${fieldPath}' (${field.type}).`)
    return new reg.cls(field, request, params, model, modelAdmin, fieldPath)
  }
}

const INTEGER_TYPES = new Set(['AutoField', 'BigAutoField', 'IntegerField', 'SmallIntegerField', 'BigIntegerField', 'PositiveIntegerField', 'ForeignKey', 'OneToOneField'])

/**
 * A query-string value converted for a lookup on `field` (Django's `prepare_lookup_value` plus the
 * field's `to_python`): `__isnull` takes `''`, `'0'`, `'false'` (false) or anything else (true);
 * `__in` a comma-separated list; integers, booleans (`1 0 true false`), dates and date-times are parsed.
 * @throws IncorrectLookupParameters for a value the field cannot take.
 */
export function prepareLookupValue(key: string, value: string, field: FieldSpec | undefined): unknown {
  if (key.endsWith('__isnull')) return !['', '0', 'false', 'False'].includes(value)
  if (key.endsWith('__in')) return value.split(',').map((v) => convert(v, field, key))
  return convert(value, field, key)
}

function convert(value: string, field: FieldSpec | undefined, key: string): unknown {
  const bad = (): never => {
    throw new IncorrectLookupParameters(`'${value}' is not a valid value for '${key}'.`)
  }
  const last = key.split('__').at(-1)
  if (last === 'year' || last === 'month' || last === 'day') return /^\d{1,4}$/.test(value) ? Number(value) : bad()
  if (!field) return value
  const pk = field.relation && field.type !== 'ManyToManyField'
  if (INTEGER_TYPES.has(field.type) && !pk) return /^-?\d+$/.test(value) ? Number(value) : bad()
  if (field.type === 'BooleanField') {
    if (['1', 'true', 'True'].includes(value)) return true
    if (['0', 'false', 'False'].includes(value)) return false
    return bad()
  }
  if (field.type === 'DateField') return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : bad()
  if (field.type === 'DateTimeField') {
    const d = new Date(value.includes(' ') ? value.replace(' ', 'T') : value)
    return Number.isNaN(d.getTime()) ? bad() : d
  }
  return value
}
