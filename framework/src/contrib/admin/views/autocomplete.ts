/**
 * The admin's autocomplete endpoint (Django's `AutocompleteJsonView`): the JSON the
 * `AutocompleteSelect` widgets fetch as the user types.
 *
 * `GET <site>/autocomplete/?app_label=library&model_name=book&field_name=author&term=ada&page=1` →
 * `{"results": [{"id": "1", "text": "Ada Lovelace"}], "pagination": {"more": false}}`, 20 results a page.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { modelRegistry, Q } from 'tango/db'
import type { AnyModel, FieldSpec, QuerySet } from 'tango/db'
import { Http404, JsonResponse, PermissionDenied } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { InvalidPage, Paginator } from 'tango/views'

/** A QuerySet of any model, as the admin hands them around. */
type AnyQuerySet = QuerySet<AnyModel, unknown>

/** What the view reads from an inline admin of the source model (Django's `InlineModelAdmin`). */
export interface AutocompleteInlineAdmin {
  readonly model: AnyModel
  readonly autocompleteFields: readonly string[]
}

/** The part of a `ModelAdmin` the view uses (CORE's `ModelAdmin` has all of it). */
export interface AutocompleteModelAdmin {
  readonly model: AnyModel
  readonly autocompleteFields: readonly string[]
  getSearchFields(request: Request): readonly string[]
  /**
   * The rows the admin shows. Synchronous: a QuerySet is awaitable, so returning one from an
   * `async` function would resolve it to its rows.
   */
  getQueryset(request: Request): AnyQuerySet
  hasViewPermission(request: Request, obj?: unknown): Promise<boolean> | boolean
  hasChangePermission?(request: Request, obj?: unknown): Promise<boolean> | boolean
  /** Django's `get_search_results`: the matching rows and whether they may repeat. */
  getSearchResults?(request: Request, queryset: AnyQuerySet, term: string): Promise<SearchResults> | SearchResults
  /** Django's `get_inline_instances`: inlines whose `autocompleteFields` also allow the endpoint. */
  getInlineInstances?(request: Request, obj?: unknown): Promise<readonly AutocompleteInlineAdmin[]> | readonly AutocompleteInlineAdmin[]
}

/** What a search returns: Django's `(queryset, may_have_duplicates)` pair, as an object. */
export interface SearchResults {
  readonly queryset: AnyQuerySet
  readonly mayHaveDuplicates: boolean
}

/** The part of an `AdminSite` the view uses: its registry (Django 5's `get_model_admin`, `undefined` when not registered). */
export interface AutocompleteSite {
  getModelAdmin(model: AnyModel): AutocompleteModelAdmin | undefined
  /** Every `ModelAdmin` (for finding inlines that declare the field); optional. */
  readonly registry?: ReadonlyMap<AnyModel, AutocompleteModelAdmin>
}

/** Results per page (Django's `paginate_by = 20`). */
export const AUTOCOMPLETE_PAGE_SIZE = 20

/** What {@link processRequest} resolves. */
interface AutocompleteTarget {
  readonly term: string
  readonly modelAdmin: AutocompleteModelAdmin
  readonly sourceField: FieldSpec
  readonly toFieldName: string
}

/**
 * Returns the JSON of one page of the objects matching `term` that the related model's admin shows
 * (Django's `AutocompleteJsonView.get`).
 *
 * Checks, in order (as Django's `process_request` and `has_perm`): `app_label`, `model_name` and
 * `field_name` are present, name a model and one of its relation fields, the related model is
 * registered, and the field is one of the `autocompleteFields` of the source model's admin (or of an
 * inline of it) — else `PermissionDenied` (403); the related model's admin has `searchFields` —
 * else `Http404`; the user has the view or change permission on the related model — else 403. A
 * page that is not a number or is past the end is a 404 (Django's `ListView`).
 *
 * The rows are the related admin's `getQueryset(request)`, searched with its `getSearchResults`
 * (the change list's search: `^`, `=`, `@` prefixes), de-duplicated when the search says so. The
 * site's admin-view wrapper is expected to have checked `site.hasPermission(request)` (staff) first.
 *
 * @param site - the admin site (its registry).
 * @param request - a GET request.
 * @returns a {@link JsonResponse} `{ results: [{ id, text }], pagination: { more } }`; `id` is the
 * key as a string, `text` the object's `String()`.
 * @throws PermissionDenied, Http404 as described.
 */
export async function autocompleteView(site: AutocompleteSite, request: Request): Promise<Response> {
  const target = await processRequest(site, request)
  if (!(await hasPerm(target.modelAdmin, request))) throw new PermissionDenied()
  let queryset = target.modelAdmin.getQueryset(request)
  const searched = await searchResults(target.modelAdmin, request, queryset, target.term)
  queryset = searched.mayHaveDuplicates ? searched.queryset.distinct() : searched.queryset
  const paginator = new Paginator<unknown>(queryset, AUTOCOMPLETE_PAGE_SIZE)
  const pageParam = request.query.get('page') ?? '1'
  let page
  try {
    page = await paginator.page(pageParam === 'last' ? await paginator.numPages() : pageParam)
  } catch (error) {
    if (error instanceof InvalidPage) throw new Http404(gettext('Invalid page ({page}): {message}').replace('{page}', pageParam).replace('{message}', error.message))
    throw error
  }
  const results = page.objectList.map((obj) => ({
    id: String((obj as Record<string, unknown>)[target.toFieldName]),
    text: String(obj),
  }))
  return new JsonResponse({ results, pagination: { more: page.hasNext() } })
}

/** Django's `has_perm`: view permission (which the change permission implies) on the related model. */
async function hasPerm(modelAdmin: AutocompleteModelAdmin, request: Request): Promise<boolean> {
  if (await modelAdmin.hasViewPermission(request)) return true
  return modelAdmin.hasChangePermission !== undefined && (await modelAdmin.hasChangePermission(request))
}

/** Django's `process_request`: validates the parameters and finds the related model's admin. */
async function processRequest(site: AutocompleteSite, request: Request): Promise<AutocompleteTarget> {
  const term = request.query.get('term') ?? ''
  const appLabel = request.query.get('app_label')
  const modelName = request.query.get('model_name')
  const fieldName = request.query.get('field_name')
  if (appLabel === null || modelName === null || fieldName === null) throw new PermissionDenied()
  const sourceModel = modelRegistry.forApp(appLabel).find((m) => m._meta.name.toLowerCase() === modelName.toLowerCase())
  if (sourceModel === undefined) throw new PermissionDenied()
  const sourceField = sourceModel._meta.fields.find((f) => f.name === fieldName)
  if (sourceField === undefined || sourceField.relation === null) throw new PermissionDenied()
  const remoteModel = modelRegistry.get(modelRegistry.resolveLabel(sourceModel._meta.label, sourceField.relation.to))
  const modelAdmin = remoteModel === undefined ? undefined : site.getModelAdmin(remoteModel)
  if (remoteModel === undefined || modelAdmin === undefined) throw new PermissionDenied()
  if (!(await isAutocompleteField(site, request, sourceModel, fieldName))) throw new PermissionDenied()
  if (modelAdmin.getSearchFields(request).length === 0) {
    throw new Http404(gettext('{admin} must have search_fields for the autocomplete_view.').replace('{admin}', modelAdmin.constructor.name))
  }
  return { term, modelAdmin, sourceField, toFieldName: remoteModel._meta.pk }
}

/**
 * Whether `fieldName` is declared in `autocompleteFields` by the source model's admin or by an inline
 * admin of that model on any registered admin. Stricter than Django (which accepts any relation
 * field of any model): the endpoint lists only what the site chose to expose through autocomplete.
 */
async function isAutocompleteField(site: AutocompleteSite, request: Request, sourceModel: AnyModel, fieldName: string): Promise<boolean> {
  if (site.getModelAdmin(sourceModel)?.autocompleteFields.includes(fieldName) === true) return true
  for (const admin of site.registry?.values() ?? []) {
    if (admin.getInlineInstances === undefined) continue
    for (const inline of await admin.getInlineInstances(request)) {
      if (inline.model === sourceModel && inline.autocompleteFields.includes(fieldName)) return true
    }
  }
  return false
}

/**
 * The admin's search, or a plain `icontains` over `searchFields` when the admin has no
 * `getSearchResults` (a stand-in until the change list's search is there).
 */
async function searchResults(modelAdmin: AutocompleteModelAdmin, request: Request, queryset: AnyQuerySet, term: string): Promise<SearchResults> {
  if (modelAdmin.getSearchResults !== undefined) {
    return modelAdmin.getSearchResults(request, queryset, term)
  }
  return icontainsSearch(queryset, modelAdmin.getSearchFields(request), term)
}

/**
 * Every whitespace-separated word of `term` must match one of `searchFields` (`icontains`), as
 * Django's default search without prefixes. Relation paths (`author__name`) may duplicate rows.
 * @internal
 */
export function icontainsSearch(queryset: AnyQuerySet, searchFields: readonly string[], term: string): SearchResults {
  const words = term.split(/\s+/).filter((w) => w !== '')
  if (words.length === 0 || searchFields.length === 0) return { queryset, mayHaveDuplicates: false }
  let result = queryset
  for (const word of words) {
    const alternatives = searchFields.map((name) => Q({ [`${name.replace(/^[\^=@]/, '')}__icontains`]: word }))
    const [first, ...rest] = alternatives
    if (first !== undefined) result = result.filter(rest.length ? first.or(...rest) : first)
  }
  return { queryset: result, mayHaveDuplicates: searchFields.some((name) => name.includes('__')) }
}
