/**
 * {@link DetailView}: a page showing one object found by primary key or slug in the URL (as Django's
 * `django.views.generic.detail.DetailView`, with `SingleObjectMixin` and
 * `SingleObjectTemplateResponseMixin`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import { gettext } from '../../core/translation.ts'
import { fillMessage } from '../../db/fields/validation.ts'
import { ObjectDoesNotExist } from '../../db/errors.ts'
import type { ModelSpec } from '../../db/spec.ts'
import { Http404 } from '../../http/errors.ts'
import type { Request } from '../../http/request.ts'
import type { HttpResponse } from '../../http/response.ts'
import type { ViewParams } from '../base.ts'
import { TemplateView } from '../template-view.ts'
import type { ContextData } from '../template-view.ts'
import { contextName, modelName } from './types.ts'
import type { ViewModel, ViewQuerySet } from './types.ts'

/**
 * Renders one object (as Django's `DetailView`). The URL gives its primary key as the param named
 * {@link DetailView.pkUrlKwarg} (`<int:pk>`) or its slug as {@link DetailView.slugUrlKwarg}
 * (`<slug:slug>`, matched against {@link DetailView.slugField}).
 *
 * The template defaults to `<app>/<model>_detail.html` (`polls/question_detail.html`); the context
 * holds `object` and `<model>` (`question`, or {@link DetailView.contextObjectName}), the params
 * and `view`. No matching row is a 404 "No question found matching the query".
 *
 * @example
 * ```ts
 * path('questions/<int:pk>/', DetailView.asView({ model: Question }))
 * path('articles/<slug:slug>/', DetailView.asView({ queryset: Article.objects.filter({ published: true }) }))
 * ```
 */
export class DetailView<T = unknown> extends TemplateView {
  /** The model shown; its default manager gives the QuerySet. */
  model: ViewModel<T> | null = null
  /** The QuerySet to look in instead of `model.objects.all()` (e.g. only published rows). */
  queryset: ViewQuerySet<T> | null = null
  /** The field a slug from the URL is matched against. */
  slugField = 'slug'
  /** The URL param holding the primary key. */
  pkUrlKwarg = 'pk'
  /** The URL param holding the slug. */
  slugUrlKwarg = 'slug'
  /** Filter on both pk and slug when the URL has both (default: pk only, as Django). */
  queryPkAndSlug = false
  /** The context name for the object; default the model name with a lower-case first letter. */
  contextObjectName: string | null = null
  /** Appended to the model name in the default template name. */
  templateNameSuffix = '_detail'
  /** The object shown, set by {@link DetailView.get}. */
  object: T | null = null

  /**
   * The QuerySet to look in (as Django's `SingleObjectMixin.get_queryset`).
   * @throws {@link ImproperlyConfigured} when neither `model` nor `queryset` is set.
   */
  getQueryset(): ViewQuerySet<T> {
    if (this.queryset !== null) return this.queryset.all()
    if (this.model !== null) return this.model.objects.all()
    const name = this.constructor.name
    throw new ImproperlyConfigured(`${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`)
  }

  /** The field to match a slug against (as Django's `get_slug_field`). */
  getSlugField(): string {
    return this.slugField
  }

  /**
   * Finds the object from the URL params (as Django's `get_object`).
   * @param queryset - where to look; default {@link DetailView.getQueryset}.
   * @throws {@link Http404} when no row matches.
   * @throws {@link ImproperlyConfigured} when the URL has neither a pk nor a slug param.
   */
  async getObject(queryset: ViewQuerySet<T> = this.getQueryset()): Promise<T> {
    const meta = queryset.model._meta
    const pk = this.params[this.pkUrlKwarg]
    const slug = this.params[this.slugUrlKwarg]
    let qs = queryset
    if (pk !== undefined && pk !== null) qs = qs.filter({ [meta.pk]: pk })
    if (slug !== undefined && slug !== null && (pk === undefined || pk === null || this.queryPkAndSlug)) qs = qs.filter({ [this.getSlugField()]: slug })
    if ((pk === undefined || pk === null) && (slug === undefined || slug === null)) {
      throw new ImproperlyConfigured(`Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf.`)
    }
    try {
      return await qs.get()
    } catch (error) {
      if (error instanceof ObjectDoesNotExist) throw new Http404(fillMessage(gettext('No {verboseName} found matching the query'), { verboseName: gettext(meta.verboseName) }), { cause: error })
      throw error
    }
  }

  /** The metadata of the model shown, from the QuerySet or the model. */
  protected modelMeta(): ModelSpec | null {
    return (this.queryset ?? this.model?.objects.all() ?? null)?.model._meta ?? null
  }

  /** The context name for the object (as Django's `get_context_object_name`). */
  getContextObjectName(): string | null {
    if (this.contextObjectName !== null) return this.contextObjectName
    const meta = this.modelMeta()
    return meta === null ? null : contextName(meta)
  }

  /** The template context: `object`, `<model>`, then the params, `view` and `extraContext`. */
  override async getContextData(params: ViewParams): Promise<ContextData> {
    const context: ContextData = {}
    if (this.object !== null) {
      context.object = this.object
      const name = this.getContextObjectName()
      if (name !== null) context[name] = this.object
    }
    return { ...(await super.getContextData(params)), ...context, ...(this.extraContext ?? {}) }
  }

  /** `templateName` when set, then `<app>/<model><suffix>.html` (as Django's `SingleObjectTemplateResponseMixin`). */
  override getTemplateNames(): readonly string[] {
    const names = this.templateName === null ? [] : typeof this.templateName === 'string' ? [this.templateName] : [...this.templateName]
    const meta = this.modelMeta()
    if (meta !== null) names.push(`${meta.appLabel}/${modelName(meta)}${this.templateNameSuffix}.html`)
    if (names.length === 0) return super.getTemplateNames()
    return names
  }

  /**
   * GET: renders the object (as Django's `BaseDetailView.get`).
   * @throws {@link Http404} when it does not exist.
   */
  override async get(_request: Request, params: ViewParams): Promise<HttpResponse> {
    this.object = await this.getObject()
    return this.renderToResponse(await this.getContextData(params))
  }
}
