/**
 * {@link RedirectView}: redirects to a fixed URL or a named route (as Django's `RedirectView`).
 *
 * @module
 */
import type { Request } from '../http/request.ts'
import { HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect } from '../http/response.ts'
import { reverse } from '../urls/index.ts'
import { View } from './base.ts'
import type { ViewParams } from './base.ts'

/**
 * Redirects every method to {@link RedirectView.url} (with `%(name)s` placeholders filled from the URL
 * params) or to the route {@link RedirectView.patternName} reversed with the same params. 302 by
 * default, 301 when {@link RedirectView.permanent}; 410 Gone when there is no URL (as Django).
 *
 * @example
 * ```ts
 * path('old/<slug:slug>/', RedirectView.asView({ patternName: 'news:detail', permanent: true }))
 * path('go/<int:id>/', RedirectView.asView({ url: '/articles/%(id)s/' }))
 * ```
 */
export class RedirectView extends View {
  /** The target; `%(name)s` is replaced by the URL param `name`. */
  url: string | null = null
  /** A route name to reverse with the URL params when {@link RedirectView.url} is not set (Django's `pattern_name`). */
  patternName: string | null = null
  /** 301 instead of 302. */
  permanent = false
  /** Keep the request's query string on the target. */
  queryString = false

  /** The target URL, or `null` for 410 Gone (as Django's `get_redirect_url`). */
  getRedirectUrl(params: ViewParams): string | null {
    let url: string
    if (this.url !== null) {
      url = this.url.replace(/%\((\w+)\)s/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
    } else if (this.patternName !== null) {
      url = reverse(this.patternName, params)
    } else {
      return null
    }
    const query = this.request.queryString
    return this.queryString && query ? `${url}?${query}` : url
  }

  /** Redirects, or answers 410 Gone when {@link RedirectView.getRedirectUrl} gives `null`. */
  get(_request: Request, params: ViewParams): HttpResponse {
    const url = this.getRedirectUrl(params)
    if (url === null) return new HttpResponse('', { status: 410 })
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url)
  }

  head(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }

  post(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }

  put(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }

  patch(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }

  delete(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }

  override options(request: Request, params: ViewParams): HttpResponse {
    return this.get(request, params)
  }
}
