/**
 * The `render` shortcut (as Django's `django.shortcuts.render`).
 *
 * @module
 */
import type { Request } from '../http/request.ts'
import { HttpResponse } from '../http/response.ts'
import type { ResponseInit } from '../http/response.ts'
import { renderToString } from '../templates/engine.ts'
import type { TemplateContext } from '../templates/engine.ts'

/** Options of {@link render}. */
export interface RenderOptions {
  /** Response status; default 200. */
  readonly status?: number
  /** `Content-Type`; default `text/html; charset=utf-8`. */
  readonly contentType?: string
}

/**
 * Renders a template with the request's context and returns it as an {@link HttpResponse}.
 *
 * @param request - the current request; the template sees it as `request`, with the context processors' values.
 * @param name - a template name, or a list of which the first that exists is used.
 * @param context - variables for the template.
 * @param options - `status` and `contentType`.
 * @throws `TemplateDoesNotExist` and `TemplateError` from `tango/templates`.
 * @example
 * ```ts
 * export async function detail(request: Request, { slug }: { slug: string }) {
 *   return render(request, 'news/detail.html', { article: await getArticle(slug) })
 * }
 * ```
 */
export async function render(request: Request, name: string | readonly string[], context: TemplateContext = {}, options: RenderOptions = {}): Promise<HttpResponse> {
  const content = await renderToString(name, context, request)
  const init: { -readonly [K in keyof ResponseInit]: ResponseInit[K] } = {}
  if (options.status !== undefined) init.status = options.status
  if (options.contentType !== undefined) init.contentType = options.contentType
  return new HttpResponse(content, init)
}
