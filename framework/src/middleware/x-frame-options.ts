/**
 * `XFrameOptionsMiddleware` and its view decorators (as Django's
 * `django.middleware.clickjacking` and `django.views.decorators.clickjacking`): clickjacking
 * protection through the `X-Frame-Options` header (RFC 7034).
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import type { Response } from '../http/response.ts'
import type { Middleware } from '../handler/types.ts'
import type { ViewFunction } from '../urls/types.ts'

// Responses from views wrapped with xframeOptionsExempt. A WeakSet, not a property, so responses
// keep one shape on the hot path.
const exemptResponses = new WeakSet<Response>()

/**
 * Sets `X-Frame-Options` to `X_FRAME_OPTIONS` (default `DENY`) on every response, unless the view
 * set the header itself or was wrapped with {@link xframeOptionsExempt}.
 */
export const XFrameOptionsMiddleware: Middleware = (getResponse) => {
  const value = settings.X_FRAME_OPTIONS
  return async function xFrameOptionsMiddleware(request) {
    const response = await getResponse(request)
    if (!response.headers.has('x-frame-options') && !exemptResponses.has(response)) response.headers.set('x-frame-options', value)
    return response
  }
}

/**
 * Wraps a view so its responses may be framed anywhere: `XFrameOptionsMiddleware` leaves them alone
 * (as Django's `@xframe_options_exempt`).
 * @example `path('embed/', xframeOptionsExempt(embedView))`
 */
export function xframeOptionsExempt<P>(view: ViewFunction<P>): ViewFunction<P> {
  return async function exemptView(request, params) {
    const response = await view(request, params)
    exemptResponses.add(response)
    return response
  }
}

/** Wraps a view so its responses carry `X-Frame-Options: DENY` (as Django's `@xframe_options_deny`). */
export function xframeOptionsDeny<P>(view: ViewFunction<P>): ViewFunction<P> {
  return withFrameOptions(view, 'DENY')
}

/** Wraps a view so its responses carry `X-Frame-Options: SAMEORIGIN` (as Django's `@xframe_options_sameorigin`). */
export function xframeOptionsSameOrigin<P>(view: ViewFunction<P>): ViewFunction<P> {
  return withFrameOptions(view, 'SAMEORIGIN')
}

function withFrameOptions<P>(view: ViewFunction<P>, value: 'DENY' | 'SAMEORIGIN'): ViewFunction<P> {
  return async function framedView(request, params) {
    const response = await view(request, params)
    response.headers.setDefault('x-frame-options', value)
    return response
  }
}
