/**
 * The built-in field filters, registered in Django's order: relations, booleans, fields with
 * choices, dates, and every other field by its distinct values.
 *
 * | class | parameters | choices |
 * |---|---|---|
 * | {@link RelatedFieldListFilter} | `<path>__<pk>__exact`, `<path>__isnull` | every related object (by its string form), "Empty" when nullable |
 * | {@link BooleanFieldListFilter} | `<path>__exact`, `<path>__isnull` | All, Yes, No, Unknown when nullable |
 * | {@link ChoicesFieldListFilter} | `<path>__exact`, `<path>__isnull` | All, each choice's label, Empty when nullable |
 * | {@link DateFieldListFilter} | `<path>__gte`, `<path>__lt`, `<path>__isnull` | Any date, Today, Past 7 days, This month, This year, No date / Has date when nullable |
 * | {@link AllValuesFieldListFilter} | `<path>`, `<path>__isnull` | each distinct value |
 *
 * Two more are never picked by type, only named with their field in `listFilter`
 * (`['author', RelatedOnlyFieldListFilter]`, as Django's `('author', RelatedOnlyFieldListFilter)`):
 *
 * | class | parameters | choices |
 * |---|---|---|
 * | {@link RelatedOnlyFieldListFilter} | as the related filter | the related objects the admin's rows point at |
 * | {@link EmptyFieldListFilter} | `<path>__isempty` | All, Empty, Not empty |
 *
 * @module
 */
import { gettext, getCurrentTimeZone, ImproperlyConfigured, settings } from 'tango/core'
import { Q, QuerySet } from 'tango/db'
import type { AnyModel, FieldSpec } from 'tango/db'
import type { Request } from 'tango/http'
import type { ModelAdmin } from '../../options.ts'
import { getField, relatedModel } from '../fields.ts'
import { adminQueryset } from '../change-list.ts'
import { IncorrectLookupParameters } from '../errors.ts'
import { FieldListFilter, prepareLookupValue } from './base.ts'
import type { FilterChoice, FilterParams, QueryStringSource } from './base.ts'
import { addDays, formatAware, formatDate, localDate, startOfDay } from './zoned-dates.ts'
import type { CalendarDate } from './zoned-dates.ts'

/** The "Empty" label of nullable fields: the admin's `emptyValueDisplay` (Django shows it too). */
function emptyLabel(modelAdmin: ModelAdmin): string {
  return modelAdmin.emptyValueDisplay
}

/** A foreign key or many-to-many (Django's `RelatedFieldListFilter`): one link per related object. */
export class RelatedFieldListFilter extends FieldListFilter {
  /** `<path>__<target pk>__exact`. */
  readonly lookupKwarg: string
  /** `<path>__isnull`. */
  readonly lookupKwargIsnull: string
  /** The related model. */
  readonly target: AnyModel
  /** `[pk string, label]` of every related object, loaded by `init()`. */
  lookupChoices: [string, string][] = []

  /** @inheritdoc */
  constructor(field: FieldSpec, request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin, fieldPath: string) {
    super(field, request, params, model, modelAdmin, fieldPath)
    this.target = relatedModel(ownerOf(model, fieldPath), field)
    this.lookupKwarg = `${fieldPath}__${this.target._meta.pk}__exact`
    this.lookupKwargIsnull = `${fieldPath}__isnull`
  }

  /** @inheritdoc */
  override async init(): Promise<void> {
    await super.init()
    this.lookupChoices = await this.fieldChoices()
  }

  /**
   * The `[pk, label]` pairs offered: every object of the related model, in the related admin's
   * ordering when it is registered, else the model's (Django's `field_choices`). One query.
   */
  async fieldChoices(): Promise<[string, string][]> {
    return this.choicesOf(new QuerySet(this.target))
  }

  /** The related admin's ordering, or `null` when the related model is not registered (Django's `field_admin_ordering`). */
  fieldAdminOrdering(): readonly string[] | null {
    const relatedAdmin = this.modelAdmin.site.getModelAdmin(this.target)
    return relatedAdmin ? relatedAdmin.getOrdering(this.request) : null
  }

  /** `[pk, label]` of the related objects in `qs`, in {@link RelatedFieldListFilter.fieldAdminOrdering} when set. */
  protected async choicesOf(qs: QuerySet<AnyModel>): Promise<[string, string][]> {
    const ordering = this.fieldAdminOrdering()
    if (ordering && ordering.length) qs = qs.orderBy(...ordering)
    const objs = await qs
    return objs.map((o) => [String((o as Record<string, unknown>)[this.target._meta.pk]), String(o)])
  }

  /** Whether an "empty" choice is offered: nullable or many-to-many (Django's `include_empty_choice`). */
  get includeEmptyChoice(): boolean {
    return this.field.null || this.field.type === 'ManyToManyField'
  }

  /** @inheritdoc */
  override hasOutput(): boolean {
    return this.lookupChoices.length + (this.includeEmptyChoice ? 1 : 0) > 1
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.lookupKwarg, this.lookupKwargIsnull]
  }

  /** @inheritdoc */
  override prepareValue(key: string, value: string): unknown {
    return prepareLookupValue(key, value, key === this.lookupKwargIsnull ? undefined : getField(this.target, this.target._meta.pk))
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    const val = this.usedParameters.get(this.lookupKwarg) ?? null
    const isnull = this.usedParameters.get(this.lookupKwargIsnull) ?? null
    const out: FilterChoice[] = [{ selected: val === null && !isnull, queryString: cl.getQueryString({}, [this.lookupKwarg, this.lookupKwargIsnull]), display: gettext('All') }]
    for (const [pk, label] of this.lookupChoices) {
      out.push({ selected: val === pk, queryString: cl.getQueryString({ [this.lookupKwarg]: pk }, [this.lookupKwargIsnull]), display: label })
    }
    if (this.includeEmptyChoice) {
      out.push({ selected: Boolean(isnull) && isnull !== '0', queryString: cl.getQueryString({ [this.lookupKwargIsnull]: 'True' }, [this.lookupKwarg]), display: emptyLabel(this.modelAdmin) })
    }
    return out
  }
}

/**
 * A relation filter offering only the related objects that the admin's rows point at (Django's
 * `RelatedOnlyFieldListFilter`): an author without books is not listed. Never picked by field type;
 * name it with its field in `listFilter`. Its choices take one query (the related objects whose key
 * is among the distinct values of the path in `getQueryset()`, as a subquery).
 *
 * @example
 * ```ts
 * class BookAdmin extends ModelAdmin<typeof Book> {
 *   override listFilter = ['inPrint', ['author', RelatedOnlyFieldListFilter]]
 * }
 * ```
 */
export class RelatedOnlyFieldListFilter extends RelatedFieldListFilter {
  /** @inheritdoc */
  override async fieldChoices(): Promise<[string, string][]> {
    const pk = this.target._meta.pk
    const used = adminQueryset(this.modelAdmin, this.request).valuesList(`${this.fieldPath}__${pk}`, { flat: true }).distinct()
    return this.choicesOf(new QuerySet(this.target).filter({ [`${pk}__in`]: used } as never))
  }
}

/** The model holding the last field of `path`, from `model`. */
function ownerOf(model: AnyModel, path: string): AnyModel {
  let current = model
  const parts = path.split('__')
  for (const part of parts.slice(0, -1)) {
    const f = getField(current, part)
    if (!f?.relation) break
    current = relatedModel(current, f)
  }
  return current
}

/** A boolean field (Django's `BooleanFieldListFilter`): All, Yes, No, and Unknown when nullable. */
export class BooleanFieldListFilter extends FieldListFilter {
  /** `<path>__exact`. */
  get lookupKwarg(): string {
    return `${this.fieldPath}__exact`
  }

  /** `<path>__isnull`. */
  get lookupKwarg2(): string {
    return `${this.fieldPath}__isnull`
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.lookupKwarg, this.lookupKwarg2]
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    const val = this.usedParameters.get(this.lookupKwarg) ?? null
    const val2 = this.usedParameters.get(this.lookupKwarg2) ?? null
    const labels = new Map((this.field.choices ?? []).map((c) => [String(c.value), c.label]))
    const options: [string | null, string][] = [[null, gettext('All')], ['1', labels.get('true') ?? gettext('Yes')], ['0', labels.get('false') ?? gettext('No')]]
    const out: FilterChoice[] = options.map(([lookup, title]) => ({
      selected: val === lookup && !val2,
      queryString: cl.getQueryString({ [this.lookupKwarg]: lookup }, [this.lookupKwarg2]),
      display: title,
    }))
    if (this.field.null) {
      out.push({ selected: val2 === 'True', queryString: cl.getQueryString({ [this.lookupKwarg2]: 'True' }, [this.lookupKwarg]), display: gettext('Unknown') })
    }
    return out
  }
}

/** A field with `choices` (Django's `ChoicesFieldListFilter`): one link per choice label. */
export class ChoicesFieldListFilter extends FieldListFilter {
  /** `<path>__exact`. */
  get lookupKwarg(): string {
    return `${this.fieldPath}__exact`
  }

  /** `<path>__isnull`. */
  get lookupKwargIsnull(): string {
    return `${this.fieldPath}__isnull`
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.lookupKwarg, this.lookupKwargIsnull]
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    const val = this.usedParameters.get(this.lookupKwarg) ?? null
    const isnull = this.usedParameters.get(this.lookupKwargIsnull) ?? null
    const out: FilterChoice[] = [{ selected: val === null && isnull === null, queryString: cl.getQueryString({}, [this.lookupKwarg, this.lookupKwargIsnull]), display: gettext('All') }]
    for (const c of this.field.choices ?? []) {
      out.push({ selected: val === String(c.value), queryString: cl.getQueryString({ [this.lookupKwarg]: c.value }, [this.lookupKwargIsnull]), display: c.label })
    }
    if (this.field.null) {
      out.push({ selected: isnull === 'True', queryString: cl.getQueryString({ [this.lookupKwargIsnull]: 'True' }, [this.lookupKwarg]), display: emptyLabel(this.modelAdmin) })
    }
    return out
  }
}

/**
 * A date or date-time field (Django's `DateFieldListFilter`): Any date, Today, Past 7 days, This
 * month, This year, and No date / Has date when nullable. Days are those of the current time zone
 * (see {@link DateFieldListFilter.timeZone}), as Django's `timezone.localtime(timezone.now())`: for
 * a `DateTimeField` the bounds are the instants of local midnight (`2024-05-01 00:00:00+14:00` in
 * the URL), for a `DateField` the local dates (`2024-05-01`).
 */
export class DateFieldListFilter extends FieldListFilter {
  /** `<path>__gte`. */
  get lookupKwargSince(): string {
    return `${this.fieldPath}__gte`
  }

  /** `<path>__lt`. */
  get lookupKwargUntil(): string {
    return `${this.fieldPath}__lt`
  }

  /** `<path>__isnull`. */
  get lookupKwargIsnull(): string {
    return `${this.fieldPath}__isnull`
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    const params = [this.lookupKwargSince, this.lookupKwargUntil]
    if (this.field.null) params.push(this.lookupKwargIsnull)
    return params
  }

  /**
   * The zone whose days the links count: under `USE_TZ` the current one (`activateTimeZone()` for
   * this request, else `TIME_ZONE`), otherwise `TIME_ZONE` (Django's naive local time).
   */
  timeZone(): string {
    return settings.USE_TZ ? getCurrentTimeZone() : settings.TIME_ZONE
  }

  /**
   * The `[label, parameters]` links.
   * @param now - the current instant (default now).
   * @param timeZone - the zone whose day `now` falls in (default {@link DateFieldListFilter.timeZone}).
   * @throws RangeError for a zone `Intl` does not know.
   */
  links(now: Date = new Date(), timeZone: string = this.timeZone()): [string, Record<string, string>][] {
    const today = localDate(now, timeZone)
    const tomorrow = addDays(today, 1)
    const monthStart = { year: today.year, month: today.month, day: 1 }
    const nextMonth = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 }
    const yearStart = { year: today.year, month: 1, day: 1 }
    const nextYear = { year: today.year + 1, month: 1, day: 1 }
    // Each bound is its own local midnight, so a DST change inside the range moves none of them.
    const fmt = this.field.type === 'DateField' ? formatDate : (d: CalendarDate) => formatAware(startOfDay(d, timeZone), timeZone)
    const range = (since: CalendarDate, until: CalendarDate): Record<string, string> => ({ [this.lookupKwargSince]: fmt(since), [this.lookupKwargUntil]: fmt(until) })
    const links: [string, Record<string, string>][] = [
      [gettext('Any date'), {}],
      [gettext('Today'), range(today, tomorrow)],
      [gettext('Past 7 days'), range(addDays(today, -7), tomorrow)],
      [gettext('This month'), range(monthStart, nextMonth)],
      [gettext('This year'), range(yearStart, nextYear)],
    ]
    if (this.field.null) {
      links.push([gettext('No date'), { [this.lookupKwargIsnull]: 'True' }])
      links.push([gettext('Has date'), { [this.lookupKwargIsnull]: 'False' }])
    }
    return links
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    return this.links().map(([title, params]) => {
      const selected = this.expectedParameters().every((k) => (this.usedParameters.get(k) ?? null) === (params[k] ?? null))
      const set: Record<string, string | null> = {}
      for (const k of this.expectedParameters()) set[k] = null
      Object.assign(set, params)
      return { selected, queryString: cl.getQueryString(set), display: title }
    })
  }
}

/** Any other field (Django's `AllValuesFieldListFilter`): one link per distinct value in the table. */
export class AllValuesFieldListFilter extends FieldListFilter {
  /** The distinct values, loaded by `init()`. */
  lookupChoices: unknown[] = []

  /** `<path>` (exact). */
  get lookupKwarg(): string {
    return this.fieldPath
  }

  /** `<path>__isnull`. */
  get lookupKwargIsnull(): string {
    return `${this.fieldPath}__isnull`
  }

  /** @inheritdoc */
  override async init(): Promise<void> {
    await super.init()
    const qs = adminQueryset(this.modelAdmin, this.request)
    this.lookupChoices = await qs.valuesList(this.fieldPath, { flat: true }).distinct().orderBy(this.fieldPath)
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.lookupKwarg, this.lookupKwargIsnull]
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    const val = this.usedParameters.get(this.lookupKwarg) ?? null
    const isnull = this.usedParameters.get(this.lookupKwargIsnull) ?? null
    const out: FilterChoice[] = [{ selected: val === null && isnull === null, queryString: cl.getQueryString({}, [this.lookupKwarg, this.lookupKwargIsnull]), display: gettext('All') }]
    let includeNone = false
    for (const v of this.lookupChoices) {
      if (v === null || v === undefined) {
        includeNone = true
        continue
      }
      const s = v instanceof Date ? v.toISOString() : String(v)
      out.push({ selected: val === s, queryString: cl.getQueryString({ [this.lookupKwarg]: s }, [this.lookupKwargIsnull]), display: s })
    }
    if (includeNone) {
      out.push({ selected: isnull === 'True', queryString: cl.getQueryString({ [this.lookupKwargIsnull]: 'True' }, [this.lookupKwarg]), display: emptyLabel(this.modelAdmin) })
    }
    return out
  }
}

/** Field types whose empty value is `''` (Django's `empty_strings_allowed`). */
const EMPTY_STRING_TYPES = new Set(['CharField', 'TextField', 'EmailField', 'URLField', 'SlugField', 'FileField', 'ImageField', 'FilePathField', 'GenericIPAddressField'])

/**
 * A filter on whether a field is empty (Django's `EmptyFieldListFilter`): name it with its field,
 * `listFilter: [['title', EmptyFieldListFilter]]`. Parameter `<path>__isempty` = `1` (the empty
 * string for text fields, or NULL for nullable ones) or `0` (neither).
 * @throws ImproperlyConfigured (from the constructor) for a field that takes neither `''` nor NULL.
 */
export class EmptyFieldListFilter extends FieldListFilter {
  /** @inheritdoc */
  constructor(field: FieldSpec, request: Request, params: FilterParams, model: AnyModel, modelAdmin: ModelAdmin, fieldPath: string) {
    if (!EMPTY_STRING_TYPES.has(field.type) && !field.null) {
      throw new ImproperlyConfigured(`The list filter '${new.target.name}' cannot be used with field '${field.name}' which doesn't allow empty strings and nulls.`)
    }
    super(field, request, params, model, modelAdmin, fieldPath)
  }

  /** `<path>__isempty`. */
  get lookupKwarg(): string {
    return `${this.fieldPath}__isempty`
  }

  /** @inheritdoc */
  expectedParameters(): string[] {
    return [this.lookupKwarg]
  }

  /** `<path> = ''` (text fields) or `<path> IS NULL` (nullable fields), as Django's `get_lookup_condition`. */
  lookupCondition(): Q {
    const conditions: Q[] = []
    if (EMPTY_STRING_TYPES.has(this.field.type)) conditions.push(Q({ [this.fieldPath]: '' }))
    if (this.field.null) conditions.push(Q({ [`${this.fieldPath}__isnull`]: true }))
    return Q.or(...conditions)
  }

  /** @inheritdoc */
  override queryset<M extends AnyModel>(request: Request, queryset: QuerySet<M>): QuerySet<M> {
    void request
    const value = this.usedParameters.get(this.lookupKwarg)
    if (value === undefined) return queryset
    if (value === '1') return queryset.filter(this.lookupCondition())
    if (value === '0') return queryset.exclude(this.lookupCondition())
    throw new IncorrectLookupParameters(`'${value}' is not a valid value for '${this.lookupKwarg}'.`)
  }

  /** @inheritdoc */
  choices(cl: QueryStringSource): FilterChoice[] {
    const val = this.usedParameters.get(this.lookupKwarg) ?? null
    return ([[null, gettext('All')], ['1', gettext('Empty')], ['0', gettext('Not empty')]] as const).map(([v, title]) => ({
      selected: val === v,
      queryString: cl.getQueryString({ [this.lookupKwarg]: v }),
      display: title,
    }))
  }
}

FieldListFilter.register((f) => f.relation !== null, RelatedFieldListFilter)
FieldListFilter.register((f) => f.type === 'BooleanField', BooleanFieldListFilter)
FieldListFilter.register((f) => f.choices !== null && f.choices.length > 0, ChoicesFieldListFilter)
FieldListFilter.register((f) => f.type === 'DateField' || f.type === 'DateTimeField', DateFieldListFilter)
FieldListFilter.register(() => true, AllValuesFieldListFilter)
