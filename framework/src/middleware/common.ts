/**
 * `CommonMiddleware` (as Django's `django.middleware.common.CommonMiddleware`): `APPEND_SLASH`.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { settings } from '../core/settings.ts'
import type { Request } from '../http/request.ts'
import { HttpResponsePermanentRedirect } from '../http/response.ts'
import { unresolvedResolver } from '../handler/exception.ts'
import type { Middleware } from '../handler/types.ts'
import { shouldAppendSlash } from '../urls/index.ts'

/** The request's full path with a slash appended, made safe from `//host` (scheme-relative) redirects. */
function fullPathWithSlash(request: Request): string {
  let path = `${request.rawPath}/`
  if (path.startsWith('//')) path = `/%2F${path.replace(/^\/+/, '')}`
  return request.queryString ? `${path}?${request.queryString}` : path
}

/**
 * With `APPEND_SLASH` (default on): when no URL pattern matches the path but the path with a `/`
 * appended does, answers 301 to it, keeping the query string. Only the handler's "no route" 404
 * is considered, so a view that raises `Http404` is never redirected.
 *
 * In DEBUG, a POST, PUT or PATCH that would be redirected fails loudly instead (a redirect would lose
 * the body), with a message naming the URL to use, as Django does; without DEBUG it gets the 301.
 */
export const CommonMiddleware: Middleware = (getResponse) => {
  if (!settings.APPEND_SLASH) return getResponse
  const debug = settings.DEBUG
  return async function commonMiddleware(request) {
    const response = await getResponse(request)
    if (response.status !== 404) return response
    const resolver = unresolvedResolver(response)
    if (resolver === undefined || !shouldAppendSlash(resolver, request.path)) return response
    const target = fullPathWithSlash(request)
    if (debug && (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH')) {
      throw new TangoError('E_APPEND_SLASH_BODY', `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have APPEND_SLASH set. ` +
        `Tango can't redirect to the slash URL while keeping the ${request.method} data. Change your form to point to ${target} (note the trailing slash), or set APPEND_SLASH = false in your settings.`)
    }
    return new HttpResponsePermanentRedirect(target)
  }
}
