/**
 * {@link ListView}: a page listing a QuerySet, optionally paginated (as Django's
 * `django.views.generic.list.ListView`, with `MultipleObjectMixin` and
 * `MultipleObjectTemplateResponseMixin`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import { gettext } from '../../core/translation.ts'
import { fillMessage } from '../../db/fields/validation.ts'
import { Http404 } from '../../http/errors.ts'
import type { Request } from '../../http/request.ts'
import type { HttpResponse } from '../../http/response.ts'
import type { ViewParams } from '../base.ts'
import { InvalidPage, Paginator } from '../paginator.ts'
import type { Page } from '../paginator.ts'
import { TemplateView } from '../template-view.ts'
import type { ContextData } from '../template-view.ts'
import { contextName, modelName } from './types.ts'
import type { ViewModel, ViewQuerySet } from './types.ts'

/** What {@link ListView.paginateQueryset} returns (Django's 4-tuple, named). */
export interface PaginatedResult<T> {
  readonly paginator: Paginator<T>
  readonly page: Page<T>
  readonly objectList: readonly T[]
  readonly isPaginated: boolean
}

/**
 * Renders a list of objects (as Django's `ListView`). Set {@link ListView.model} or
 * {@link ListView.queryset} (or override {@link ListView.getQueryset}); optionally
 * {@link ListView.paginateBy} and {@link ListView.ordering}.
 *
 * The template defaults to `<app>/<model>_list.html` (`polls/question_list.html`). Its context holds
 * `objectList` (the rows of this page, an array), `<model>List` (the same rows: `questionList`, or
 * {@link ListView.contextObjectName}), `paginator`, `pageObj` and its alias `page` (`null` unless
 * paginated), `isPaginated`, plus the URL params and `view`.
 *
 * With pagination, the page number comes from the URL param or the query string named
 * {@link ListView.pageKwarg} (`?page=2`); `last` means the last page. Anything else, or a page out
 * of range, is a 404 (as Django).
 *
 * @example
 * ```ts
 * path('questions/', ListView.asView({ model: Question, paginateBy: 20, ordering: ['-pubDate'] }))
 *
 * class LatestQuestions extends ListView<Row<typeof Question>> {
 *   override getQueryset() { return Question.objects.filter({ pubDate__lte: new Date() }).orderBy('-pubDate') }
 * }
 * ```
 */
export class ListView<T = unknown> extends TemplateView {
  /** The model listed; its default manager gives the QuerySet. */
  model: ViewModel<T> | null = null
  /** A QuerySet to list instead of `model.objects.all()`. */
  queryset: ViewQuerySet<T> | null = null
  /** Items per page; `null` for no pagination. */
  paginateBy: number | null = null
  /** `orphans` of the paginator. */
  paginateOrphans = 0
  /** `orderBy` applied to the QuerySet: `'-pubDate'` or a list. */
  ordering: string | readonly string[] | null = null
  /** The context name for the list; default `<model>List`. */
  contextObjectName: string | null = null
  /** The URL param or query parameter holding the page number. */
  pageKwarg = 'page'
  /** When `false`, an empty list is a 404 (as Django's `allow_empty`). */
  allowEmpty = true
  /** Appended to the model name in the default template name. */
  templateNameSuffix = '_list'
  /** The QuerySet being listed, set by {@link ListView.get}. */
  objectList: ViewQuerySet<T> | null = null

  /**
   * The QuerySet to list (as Django's `get_queryset`): {@link ListView.queryset} or
   * `model.objects.all()`, ordered by {@link ListView.getOrdering}.
   * @throws {@link ImproperlyConfigured} when neither `model` nor `queryset` is set.
   */
  getQueryset(): ViewQuerySet<T> {
    let qs: ViewQuerySet<T>
    if (this.queryset !== null) qs = this.queryset.all()
    else if (this.model !== null) qs = this.model.objects.all()
    else {
      const name = this.constructor.name
      throw new ImproperlyConfigured(`${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`)
    }
    const ordering = this.getOrdering()
    if (ordering !== null) qs = qs.orderBy(...(typeof ordering === 'string' ? [ordering] : ordering))
    return qs
  }

  /** The ordering to apply (as Django's `get_ordering`). */
  getOrdering(): string | readonly string[] | null {
    return this.ordering
  }

  /** Items per page or `null` (as Django's `get_paginate_by`). */
  getPaginateBy(_queryset: ViewQuerySet<T>): number | null {
    return this.paginateBy
  }

  /** Makes the paginator (as Django's `get_paginator`); override to use another class. */
  getPaginator(queryset: ViewQuerySet<T>, perPage: number, orphans: number, allowEmptyFirstPage: boolean): Paginator<T> {
    return new Paginator(queryset, perPage, { orphans, allowEmptyFirstPage })
  }

  /**
   * Paginates `queryset` for the requested page (as Django's `paginate_queryset`).
   * @throws {@link Http404} "Page is not “last”, nor can it be converted to an int." or
   *   "Invalid page (N): That page contains no results".
   */
  async paginateQueryset(queryset: ViewQuerySet<T>, pageSize: number): Promise<PaginatedResult<T>> {
    const paginator = this.getPaginator(queryset, pageSize, this.paginateOrphans, this.allowEmpty)
    const fromParams = this.params[this.pageKwarg]
    const raw = fromParams === undefined || fromParams === null || fromParams === '' ? (this.request.query.get(this.pageKwarg) ?? '1') : String(fromParams)
    let number: number
    if (/^\s*[+-]?\d+\s*$/.test(raw)) number = Number.parseInt(raw, 10)
    else if (raw === 'last') number = await paginator.numPages()
    else throw new Http404(gettext('Page is not “last”, nor can it be converted to an int.'))
    try {
      const page = await paginator.page(number)
      return { paginator, page, objectList: page.objectList, isPaginated: page.hasOtherPages() }
    } catch (error) {
      if (error instanceof InvalidPage) throw new Http404(fillMessage(gettext('Invalid page ({pageNumber}): {message}'), { pageNumber: number, message: error.message }), { cause: error })
      throw error
    }
  }

  /** The context name for the list (as Django's `get_context_object_name`): `contextObjectName` or `<model>List`. */
  getContextObjectName(queryset: ViewQuerySet<T>): string | null {
    if (this.contextObjectName !== null) return this.contextObjectName
    return `${contextName(queryset.model._meta)}List`
  }

  /**
   * The template context (as Django's `MultipleObjectMixin.get_context_data`): the page's rows as
   * `objectList` and `<model>List`, the paginator, the page, `isPaginated`, then the params, `view`
   * and `extraContext`.
   */
  override async getContextData(params: ViewParams): Promise<ContextData> {
    const queryset = this.objectList ?? this.getQueryset()
    const pageSize = this.getPaginateBy(queryset)
    let context: ContextData
    if (pageSize !== null) {
      const { paginator, page, objectList, isPaginated } = await this.paginateQueryset(queryset, pageSize)
      context = { paginator, pageObj: page, page, isPaginated, objectList }
    } else {
      context = { paginator: null, pageObj: null, page: null, isPaginated: false, objectList: [...(await queryset)] }
    }
    const name = this.getContextObjectName(queryset)
    if (name !== null) context[name] = context.objectList
    // The params must not shadow `page` (a `<int:page>` URL param) and extraContext has the last word, as Django's.
    return { ...(await super.getContextData(params)), ...context, ...(this.extraContext ?? {}) }
  }

  /**
   * The templates to try (as Django's `MultipleObjectTemplateResponseMixin`): `templateName` when
   * set, then `<app>/<model><suffix>.html`.
   */
  override getTemplateNames(): readonly string[] {
    const names = this.templateName === null ? [] : typeof this.templateName === 'string' ? [this.templateName] : [...this.templateName]
    const meta = (this.objectList ?? this.queryset ?? this.model?.objects.all() ?? null)?.model._meta
    if (meta !== undefined) names.push(`${meta.appLabel}/${modelName(meta)}${this.templateNameSuffix}.html`)
    if (names.length === 0) return super.getTemplateNames()
    return names
  }

  /**
   * GET: lists the objects (as Django's `BaseListView.get`).
   * @throws {@link Http404} when the list is empty and {@link ListView.allowEmpty} is `false`, or for a bad page.
   */
  override async get(_request: Request, params: ViewParams): Promise<HttpResponse> {
    this.objectList = this.getQueryset()
    if (!this.allowEmpty) {
      const empty = this.getPaginateBy(this.objectList) !== null ? !(await this.objectList.exists()) : (await this.objectList).length === 0
      if (empty) throw new Http404(fillMessage(gettext('Empty list and “{className}.allowEmpty” is false.'), { className: this.constructor.name }))
    }
    return this.renderToResponse(await this.getContextData(params))
  }
}
