/**
 * {@link TemplateView}: renders a template with the URL parameters and extra context (as Django's
 * `TemplateView`, with `ContextMixin` and `TemplateResponseMixin`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import type { Request } from '../http/request.ts'
import type { HttpResponse } from '../http/response.ts'
import { View } from './base.ts'
import type { ViewParams } from './base.ts'
import { render } from './render.ts'

/** A template context built by a view. */
export type ContextData = Record<string, unknown>

/**
 * Renders {@link TemplateView.templateName} on GET (and HEAD). The context is the URL params, `view`
 * (this instance) and {@link TemplateView.extraContext}; override {@link TemplateView.getContextData}
 * to add more (it may be async, e.g. to query the database).
 *
 * @example
 * ```ts
 * path('about/', TemplateView.asView({ templateName: 'about.html' }))
 *
 * class Home extends TemplateView {
 *   templateName = 'home.html'
 *   async getContextData(params: ViewParams) {
 *     return { ...(await super.getContextData(params)), latest: await Article.objects.limit(5) }
 *   }
 * }
 * ```
 */
export class TemplateView extends View {
  /** The template to render, or a list of which the first that exists is used. */
  templateName: string | readonly string[] | null = null
  /** Added to every context (as Django's `extra_context`). */
  extraContext: Readonly<Record<string, unknown>> | null = null
  /** `Content-Type` of the response; default `text/html; charset=utf-8`. */
  contentType: string | null = null

  /**
   * The template context (as Django's `get_context_data(**kwargs)`): the params, `view`, then
   * {@link TemplateView.extraContext}.
   */
  getContextData(params: ViewParams): ContextData | Promise<ContextData> {
    return { view: this, ...params, ...(this.extraContext ?? {}) }
  }

  /**
   * The template names to try (as Django's `get_template_names`).
   * @throws {@link ImproperlyConfigured} when {@link TemplateView.templateName} is not set.
   */
  getTemplateNames(): readonly string[] {
    if (this.templateName === null) {
      throw new ImproperlyConfigured(`${this.constructor.name} requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'.`)
    }
    return typeof this.templateName === 'string' ? [this.templateName] : this.templateName
  }

  /** Renders the template with `context` (as Django's `render_to_response`). */
  renderToResponse(context: ContextData, options: { readonly status?: number } = {}): Promise<HttpResponse> {
    const renderOptions = this.contentType === null ? options : { ...options, contentType: this.contentType }
    return render(this.request, this.getTemplateNames(), context, renderOptions)
  }

  /** GET: renders the template with {@link TemplateView.getContextData}. */
  async get(_request: Request, params: ViewParams): Promise<HttpResponse> {
    return this.renderToResponse(await this.getContextData(params))
  }
}
