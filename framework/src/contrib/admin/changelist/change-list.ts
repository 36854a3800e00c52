/**
 * `ChangeList` (Django's `django.contrib.admin.views.main.ChangeList`): from a change list request,
 * the filters, the search, the ordering and the page, and the rows of that page with their counts.
 *
 * Query-string parameters, as Django's: `p` (page, from 1), `all` (show all, up to
 * `listMaxShowAll`), `o` (ordering, see `ordering.ts`), `q` (search), `e` (the error flag after
 * bad parameters), `_popup`, `_to_field`; every other parameter is a filter's, or a field lookup
 * on the model (`?title__startswith=A`, allowed on the model's own fields and on the paths named
 * in `listFilter` and `dateHierarchy`).
 *
 * Queries per page are bounded, whatever `listPerPage`: the page's rows (one query, foreign keys of
 * `listDisplay` joined by `selectRelated`), the count, the unfiltered count when filtered, one per
 * related or all-values filter, and one for the date hierarchy.
 *
 * @module
 */
import { FieldError, Q, QuerySet, ValidationError } from 'tango/db'
import type { AnyModel, FieldSpec, ModelInstance } from 'tango/db'
import { QueryDict } from 'tango/http'
import type { Request } from 'tango/http'
import type { ModelAdmin } from '../options.ts'
import { IncorrectLookupParameters } from './errors.ts'
import { LOOKUP_SEP, walkPath } from './fields.ts'
import { FieldListFilter, ListFilter } from './filters/base.ts'
import type { FieldListFilterClass, FilterParams, ListFilterClass, QueryStringSource } from './filters/base.ts'
import './filters/field-filters.ts'
import { ORDER_VAR, deterministicOrdering, orderingFieldFor, parseOrderParam } from './ordering.ts'
import type { ColumnSource, SortDirection } from './ordering.ts'

/** Show every row (`?all=`). */
export const ALL_VAR = 'all'
/** The page number (`?p=2`), from 1. */
export const PAGE_VAR = 'p'
/** The search term. */
export const SEARCH_VAR = 'q'
/** Set by the redirect after bad parameters. */
export const ERROR_FLAG = 'e'
/** A popup window (related-object lookups). */
export const IS_POPUP_VAR = '_popup'
/** The field a popup returns. */
export const TO_FIELD_VAR = '_to_field'
/** The parameters that are not filters. */
export const IGNORED_PARAMS: ReadonlySet<string> = new Set([ALL_VAR, ORDER_VAR, SEARCH_VAR, IS_POPUP_VAR, TO_FIELD_VAR, PAGE_VAR, ERROR_FLAG, '_changelist_filters'])

/** Stands for a row's key in the change URL reversed once per page (letters only: never quoted). */
const PK_MARKER = 'tangoPrimaryKeyMarker'
/** Keys put into that URL as they are: what reverse() leaves unquoted. */
const PLAIN_KEY = /^[A-Za-z0-9_.~-]+$/

/** The name of the action checkbox column. */
export const ACTION_CHECKBOX = 'action_checkbox'

/**
 * A `[field path, FieldListFilter subclass]` entry of `listFilter` (Django's
 * `('author', RelatedOnlyFieldListFilter)`): that class instead of the one the field's type picks.
 */
export type FieldListFilterPair = readonly [string, FieldListFilterClass]

/**
 * A `listFilter` entry: a field path, a {@link ListFilter} subclass, or a {@link FieldListFilterPair}.
 * `ModelAdmin` types classes loosely (any class) to stay independent of this module, and accepts a
 * pair as an array: an overriding class property is typed from its initializer alone, so
 * `override listFilter = ['status', ['author', RelatedOnlyFieldListFilter]]` holds an array, not a
 * tuple. The change list (and `tango check`, admin.E115) makes sure each entry is of the right kind.
 */
export type ListFilterEntry = string | ListFilterClass | AnyClass | FieldListFilterPair | readonly (string | AnyClass)[]

/** Any class, as `ModelAdmin.listFilter` types filter classes. */
type AnyClass = abstract new (...args: never[]) => unknown

/** What {@link ChangeList.create} needs besides the admin and the request. */
export interface ChangeListOptions {
  /** The columns, with `action_checkbox` first when actions are on. */
  readonly listDisplay: readonly ColumnSource[]
  readonly listDisplayLinks: readonly string[] | null
  readonly listFilter: readonly ListFilterEntry[]
  readonly searchFields: readonly string[]
  /** Columns (names) that may be sorted; `null`: all that can be. */
  readonly sortableBy: readonly string[] | null
  /** Ignore the query string (the plain list shown after bad parameters). */
  readonly ignoreQuery?: boolean
}

/**
 * `modelAdmin.getQueryset(request)`, checked to be a QuerySet. It must be returned synchronously
 * (as Django's `get_queryset`): a QuerySet is awaitable, so an `async` method would hand back its rows.
 * @throws TypeError when it is not a QuerySet.
 */
export function adminQueryset(modelAdmin: ModelAdmin, request: Request): QuerySet<AnyModel> {
  const qs: unknown = modelAdmin.getQueryset(request)
  if (qs instanceof QuerySet) return qs as QuerySet<AnyModel>
  throw new TypeError(`${modelAdmin.constructor.name}.getQueryset() must return a QuerySet, synchronously: awaiting a QuerySet (as an async method does) runs it.`)
}

/** The name of a column (functions by their `name`). */
export function columnName(source: ColumnSource): string {
  if (typeof source !== 'function') return source
  // An anonymous arrow has no name: fall back to its description, in words joined by '_'.
  return source.name || ((source as { description?: string }).description ?? 'display').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
}

/**
 * A `[path, FieldListFilter subclass]` entry, checked.
 * @throws TypeError when it is not a pair of a string and a {@link FieldListFilter} subclass.
 */
function fieldFilterPair(entry: readonly unknown[]): readonly [string, FieldListFilterClass] {
  const [path, Cls] = entry
  if (entry.length !== 2 || typeof path !== 'string') throw new TypeError('listFilter: a pair must be [field path, FieldListFilter subclass].')
  if (typeof Cls !== 'function' || !(Cls.prototype instanceof FieldListFilter)) {
    throw new TypeError(`listFilter: ${typeof Cls === 'function' ? Cls.name : String(Cls)}, given for '${path}', is not a FieldListFilter subclass.`)
  }
  return [path, Cls as FieldListFilterClass]
}

/**
 * The state of one change list page. Build it with {@link ChangeList.create}; it has run its
 * queries when the promise resolves.
 */
export class ChangeList implements QueryStringSource {
  readonly modelAdmin: ModelAdmin
  readonly model: AnyModel
  readonly request: Request
  readonly listDisplay: readonly ColumnSource[]
  readonly listDisplayLinks: readonly string[]
  readonly listFilter: readonly ListFilterEntry[]
  readonly searchFields: readonly string[]
  readonly sortableBy: readonly string[] | null
  readonly dateHierarchy: string | null
  readonly listPerPage: number
  readonly listMaxShowAll: number
  /** The query-string parameters, minus the page and the error flag (Django's `params`). */
  readonly params: ReadonlyMap<string, string>
  /** The page shown, from 1. */
  readonly pageNum: number
  readonly showAll: boolean
  readonly isPopup: boolean
  /** The search term. */
  readonly query: string
  /** The filters with something to show, in `listFilter` order. */
  filterSpecs: ListFilter[] = []
  /** Whether any filter or lookup parameter is in use. */
  hasActiveFilters = false
  /** Whether the change list has filters at all. */
  hasFilters = false
  /** The query string without any filter, for "Clear all filters". */
  clearAllFiltersQs = ''
  /** The rows of every page (filtered, searched, ordered). */
  queryset!: QuerySet<AnyModel>
  /** The rows before filters and search (`getQueryset`). */
  rootQueryset!: QuerySet<AnyModel>
  /** Rows matching the filters and search. */
  resultCount = 0
  /** All rows of `getQueryset`, when filtered (else `resultCount`). */
  fullResultCount = 0
  /** The rows of this page. */
  resultList: ModelInstance[] = []
  /** Whether "Show all" may be offered. */
  canShowAll = false
  /** Whether the rows span several pages. */
  multiPage = false
  /** The number of pages. */
  numPages = 1
  /** The ordering in use, as passed to `orderBy`. */
  ordering: string[] = []
  /** Sorted columns (index into `listDisplay`) → direction, in priority order. */
  orderingFieldColumns = new Map<number, SortDirection>()
  /** Whether the search crosses a many-valued relation. */
  mayHaveDuplicates = false
  /** Every row's change link around its key, and the `?_changelist_filters=` they share, once computed. */
  #changeUrl: { readonly template: { readonly before: string; readonly after: string } | null; readonly filters: string } | undefined

  private constructor(modelAdmin: ModelAdmin, request: Request, options: ChangeListOptions) {
    this.modelAdmin = modelAdmin
    this.model = modelAdmin.model
    this.request = request
    this.listDisplay = options.listDisplay
    const firstColumn = options.listDisplay.find((c) => c !== ACTION_CHECKBOX)
    this.listDisplayLinks = options.listDisplayLinks ?? (firstColumn === undefined ? [] : [columnName(firstColumn)])
    this.listFilter = options.listFilter
    this.searchFields = options.searchFields
    this.sortableBy = options.sortableBy
    this.dateHierarchy = modelAdmin.dateHierarchy
    this.listPerPage = modelAdmin.listPerPage
    this.listMaxShowAll = modelAdmin.listMaxShowAll
    const q = options.ignoreQuery ? new QueryDict() : request.query
    const params = new Map<string, string>()
    for (const key of q.keys()) {
      if (key === PAGE_VAR || key === ERROR_FLAG) continue
      params.set(key, q.get(key) ?? '')
    }
    this.params = params
    const page = Number.parseInt(q.get(PAGE_VAR) ?? '1', 10)
    this.pageNum = Number.isFinite(page) && page >= 1 ? page : 1
    this.showAll = q.has(ALL_VAR)
    this.isPopup = q.has(IS_POPUP_VAR)
    this.query = q.get(SEARCH_VAR) ?? ''
  }

  /**
   * Builds the change list and runs its queries.
   * @throws IncorrectLookupParameters for unusable filter, lookup or page parameters (the view
   *   redirects to `?e=1`); `HttpError` 400 for a lookup on a relation not named in `listFilter`.
   */
  static async create(modelAdmin: ModelAdmin, request: Request, options: ChangeListOptions): Promise<ChangeList> {
    const cl = new ChangeList(modelAdmin, request, options)
    await cl.#run()
    return cl
  }

  /** Django's `get_query_string`: the current parameters with `newParams` set (`null` deletes) and keys starting with one of `remove` dropped. */
  getQueryString(newParams: Readonly<Record<string, string | number | null>> = {}, remove: readonly string[] = []): string {
    const out = new QueryDict([], { mutable: true })
    for (const [k, v] of this.params) {
      if (remove.some((r) => k.startsWith(r))) continue
      out.set(k, v)
    }
    for (const [k, v] of Object.entries(newParams)) {
      if (v === null) out.delete(k)
      else out.set(k, String(v))
    }
    return `?${out.urlencode()}`
  }

  /** Whether column `i` can be sorted (a sortable source, and listed in `sortableBy` when set). */
  isSortable(i: number): boolean {
    const source = this.listDisplay[i]
    if (source === undefined) return false
    if (this.sortableBy !== null && !this.sortableBy.includes(columnName(source))) return false
    return orderingFieldFor(this.model, source, this.modelAdmin) !== null
  }

  async #run(): Promise<void> {
    const filterParams: FilterParams = new Map([...this.params].filter(([k]) => !IGNORED_PARAMS.has(k)))
    this.hasActiveFilters = filterParams.size > 0
    const specs = await this.#getFilters(filterParams)
    this.filterSpecs = specs.filter((s) => s.hasOutput())
    this.hasFilters = this.filterSpecs.length > 0
    this.clearAllFiltersQs = this.getQueryString({}, [...this.params.keys()].filter((k) => !IGNORED_PARAMS.has(k)))

    const root = adminQueryset(this.modelAdmin, this.request)
    this.rootQueryset = root
    let qs = root
    try {
      for (const spec of specs) {
        const narrowed = spec.queryset(this.request, qs)
        if (narrowed) qs = narrowed
      }
      const remaining: Record<string, unknown> = {}
      for (const [key, value] of filterParams) remaining[key] = this.#remainingValue(key, value)
      if (Object.keys(remaining).length) qs = qs.filter(Q(remaining))
    } catch (error) {
      if (error instanceof IncorrectLookupParameters) throw error
      if (error instanceof FieldError || error instanceof ValidationError || error instanceof TypeError) {
        throw new IncorrectLookupParameters(String((error as Error).message), { cause: error })
      }
      throw error
    }
    if (this.query) {
      const result = await this.modelAdmin.getSearchResults(this.request, qs, this.query)
      qs = result.queryset
      this.mayHaveDuplicates = result.mayHaveDuplicates
    }
    this.ordering = this.#getOrdering()
    qs = qs.orderBy(...this.ordering)
    qs = this.#applySelectRelated(qs)
    this.queryset = qs
    await this.#getResults()
  }

  async #getFilters(params: FilterParams): Promise<ListFilter[]> {
    const specs: ListFilter[] = []
    for (const entry of this.listFilter) {
      let spec: ListFilter
      if (typeof entry === 'string') {
        spec = FieldListFilter.create(this.#filterField(entry), this.request, params, this.model, this.modelAdmin, entry)
      } else if (Array.isArray(entry)) {
        // Django's `(field, FieldListFilterClass)`: that class for that field.
        const [path, Cls] = fieldFilterPair(entry)
        spec = new Cls(this.#filterField(path), this.request, params, this.model, this.modelAdmin, path)
      } else {
        // listFilter classes are ListFilter subclasses (ModelAdmin types them loosely to stay independent of this module).
        const Cls = entry as ListFilterClass
        if (!(Cls.prototype instanceof ListFilter)) throw new TypeError(`listFilter: ${Cls.name} is not a ListFilter subclass.`)
        spec = new Cls(this.request, params, this.model, this.modelAdmin)
      }
      await spec.init()
      specs.push(spec)
    }
    // Unconsumed parameters are plain lookups: allowed on the model's own fields and on the paths
    // listFilter and dateHierarchy name (Django's `lookup_allowed`); others are refused with 400.
    for (const key of params.keys()) {
      if (!this.#lookupAllowed(key)) {
        throw new IncorrectLookupParameters(`Filtering by ${key} not allowed`)
      }
    }
    return specs
  }

  #lookupAllowed(key: string): boolean {
    const steps = walkPath(this.model, key)
    if (!steps.length) return false
    if (steps.length === 1 && !steps[0]!.target) return true
    const path = key.split(LOOKUP_SEP).slice(0, steps.length).join(LOOKUP_SEP)
    const allowed = this.listFilter.flatMap((e) => (typeof e === 'string' ? [e] : Array.isArray(e) && typeof e[0] === 'string' ? [e[0]] : []))
    if (this.dateHierarchy) allowed.push(this.dateHierarchy)
    return allowed.includes(path)
  }

  /**
   * The field a `listFilter` path ends at (Django's `get_fields_from_path(...)[-1]`).
   * @throws TypeError when the path does not end at a forward field of the model or its relations.
   */
  #filterField(path: string): FieldSpec {
    const steps = walkPath(this.model, path)
    const field = steps.at(-1)?.field
    if (!field || steps.length !== path.split(LOOKUP_SEP).length) throw new TypeError(`listFilter: '${path}' does not name a field of ${this.model._meta.label}.`)
    return field
  }

  #remainingValue(key: string, value: string): unknown {
    const steps = walkPath(this.model, key)
    const field: FieldSpec | undefined = steps.at(-1)?.field ?? undefined
    const rest = key.split(LOOKUP_SEP).slice(steps.length)
    const last = rest.at(-1) ?? 'exact'
    if (last === 'isnull') return !['', '0', 'false', 'False'].includes(value)
    if (last === 'in') return value.split(',')
    if (['year', 'month', 'day'].includes(last)) {
      if (!/^\d{1,4}$/.test(value)) throw new IncorrectLookupParameters(`'${value}' is not a valid value for '${key}'.`)
      return Number(value)
    }
    if (field?.type === 'BooleanField') return ['1', 'true', 'True'].includes(value)
    return value
  }

  /** Django's `get_ordering`: the `o` columns, else the admin's or the model's ordering, made total. */
  #getOrdering(): string[] {
    const adminOrdering = this.modelAdmin.getOrdering(this.request)
    let ordering: string[] = [...(adminOrdering && adminOrdering.length ? adminOrdering : this.model._meta.ordering.length ? this.model._meta.ordering : ['-pk'])]
    const param = this.params.get(ORDER_VAR)
    if (param !== undefined) {
      this.orderingFieldColumns = parseOrderParam(param, this.listDisplay.length, (i) => this.isSortable(i))
      ordering = []
      for (const [i, dir] of this.orderingFieldColumns) {
        const field = orderingFieldFor(this.model, this.listDisplay[i]!, this.modelAdmin)!
        const desc = field.startsWith('-')
        const name = desc ? field.slice(1) : field
        ordering.push((dir === 'desc') !== desc ? `-${name}` : name)
      }
      if (!ordering.length) ordering = [...(adminOrdering ?? this.model._meta.ordering)]
    } else {
      this.orderingFieldColumns = this.#columnsFromOrdering(ordering)
    }
    return deterministicOrdering(this.model, ordering)
  }

  /** Which displayed columns the default ordering sorts by (so their headers show it). */
  #columnsFromOrdering(ordering: readonly string[]): Map<number, SortDirection> {
    const out = new Map<number, SortDirection>()
    for (const part of ordering) {
      const desc = part.startsWith('-')
      const name = desc ? part.slice(1) : part
      for (let i = 0; i < this.listDisplay.length; i++) {
        const source = this.listDisplay[i]!
        const field = orderingFieldFor(this.model, source, this.modelAdmin)
        if (field === null || out.has(i)) continue
        if (field.replace(/^-/, '') === name) {
          // Only the first column sorting by that field shows it, as Django's get_ordering_field_columns.
          out.set(i, desc !== field.startsWith('-') ? 'desc' : 'asc')
          break
        }
      }
    }
    return out
  }

  /** Django's `apply_select_related`: the listed paths, or every foreign key shown in `listDisplay`. */
  #applySelectRelated(qs: QuerySet<AnyModel>): QuerySet<AnyModel> {
    const setting = this.modelAdmin.getListSelectRelated(this.request)
    if (setting === true) return qs.selectRelated()
    if (Array.isArray(setting) && setting.length) return qs.selectRelated(...(setting as readonly string[]))
    const paths = new Set<string>()
    for (const source of this.listDisplay) {
      if (typeof source !== 'string') continue
      // `author` joins author; `author__agent__name` joins author__agent (the forward foreign keys of the path).
      const steps = walkPath(this.model, source)
      const fkSteps: string[] = []
      for (const step of steps) {
        if (!step.field || (step.field.type !== 'ForeignKey' && step.field.type !== 'OneToOneField')) break
        fkSteps.push(step.field.name)
      }
      if (fkSteps.length) paths.add(fkSteps.join(LOOKUP_SEP))
    }
    return paths.size ? qs.selectRelated(...paths) : qs
  }

  async #getResults(): Promise<void> {
    this.resultCount = await this.queryset.count()
    const filtered = this.hasActiveFilters || this.query !== ''
    this.fullResultCount = filtered ? await this.rootQueryset.count() : this.resultCount
    this.canShowAll = this.resultCount <= this.listMaxShowAll
    this.multiPage = this.resultCount > this.listPerPage
    this.numPages = Math.max(1, Math.ceil(this.resultCount / this.listPerPage))
    if ((this.showAll && this.canShowAll) || !this.multiPage) {
      if (this.pageNum > 1) throw new IncorrectLookupParameters(`Page ${this.pageNum} does not exist.`)
      this.resultList = (await this.queryset) as unknown as ModelInstance[]
      return
    }
    if (this.pageNum > this.numPages) throw new IncorrectLookupParameters(`Page ${this.pageNum} does not exist.`)
    const start = (this.pageNum - 1) * this.listPerPage
    this.resultList = (await this.queryset.offset(start).limit(this.listPerPage)) as unknown as ModelInstance[]
  }

  /** The change page of `obj` (Django's `url_for_result`), keeping the list's filters in `_changelist_filters`. */
  urlForResult(obj: ModelInstance): string {
    if (this.#changeUrl === undefined) {
      const qs = this.getQueryString()
      const filters = qs.length > 1 ? `?${new QueryDict([['_changelist_filters', qs.slice(1)]]).urlencode()}` : ''
      this.#changeUrl = { template: this.#changeUrlTemplate(), filters }
    }
    const pk = String(obj.pk)
    const { template, filters } = this.#changeUrl
    // A key that reverse() would percent-encode takes the long way, so both give the same URL.
    if (template === null || !PLAIN_KEY.test(pk)) return this.modelAdmin.urlFor('change', pk) + filters
    return template.before + pk + template.after + filters
  }

  /** The change URL reversed once with a marker for the key (the rows differ only there), or `null` when the URL does not take one. */
  #changeUrlTemplate(): { readonly before: string; readonly after: string } | null {
    let url: string
    try {
      url = this.modelAdmin.urlFor('change', PK_MARKER)
    } catch {
      return null
    }
    const parts = url.split(PK_MARKER)
    return parts.length === 2 ? { before: parts[0]!, after: parts[1]! } : null
  }
}
