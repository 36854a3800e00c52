/**
 * `LocaleMiddleware` (Django's `django.middleware.locale.LocaleMiddleware`): picks each request's
 * language and activates it for that request only.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import { activate, getLanguage, normalizeLanguage, withLocaleContext } from '../core/translation.ts'
import type { Middleware } from '../handler/types.ts'
import { HttpResponseRedirect } from '../http/response.ts'
import type { URLResolver } from '../urls/resolver.ts'
import { getResolverSync } from '../urls/root.ts'
import { getLanguageFromPath, getLanguageFromRequest } from './language.ts'

/** The root resolver when it is loaded (the handler loads it before the first request), else `null`. */
function rootResolver(): URLResolver | null {
  try {
    return getResolverSync()
  } catch {
    return null
  }
}

/**
 * Activates a language per request, as Django's `LocaleMiddleware`. Put it after the sessions
 * middleware and before `CommonMiddleware`.
 *
 * The language is, in order: the URL prefix (when the root URLconf uses `i18nPatterns()`), the
 * `LANGUAGE_COOKIE_NAME` cookie, `Accept-Language` by q-value (headers over 500 characters or 30
 * entries are ignored), then `LANGUAGE_CODE`; only codes in `LANGUAGES` count, a regional code
 * falling back to its generic language (`ru-RU` → `ru`). With `i18nPatterns({ prefixDefaultLanguage:
 * false })` a path without a prefix is always `LANGUAGE_CODE`.
 *
 * The language is active (`getLanguage()`, Django's `request.LANGUAGE_CODE`; `gettext`, `reverse()` of `i18nPatterns` routes) for the
 * rest of the request only, concurrent requests keeping their own. Responses get
 * `Content-Language` and, unless the language came from the path, `Vary: Accept-Language, Cookie`.
 * A 404 for a path without a language prefix, under `i18nPatterns` with `prefixDefaultLanguage`,
 * becomes a redirect to the prefixed path when that resolves (with `APPEND_SLASH`, or to it plus
 * `/`).
 */
export const LocaleMiddleware: Middleware = (getResponse) => {
  return async function localeMiddleware(request) {
    const resolver = rootResolver()
    const locale = resolver?.localePrefix() ?? null
    const fromPath = getLanguageFromPath(request.path)
    let language = getLanguageFromRequest(request, locale !== null)
    if (fromPath === null && locale !== null && !locale.prefixDefaultLanguage) language = normalizeLanguage(settings.LANGUAGE_CODE)
    return withLocaleContext(async () => {
      activate(language)
      const response = await getResponse(request)
      if (response.status === 404 && fromPath === null && resolver !== null && locale?.prefixDefaultLanguage === true) {
        const current = getLanguage()
        const languagePath = `/${current}${request.path}`
        const valid = resolver.resolve(languagePath) !== null
        const needsSlash = !valid && settings.APPEND_SLASH && !languagePath.endsWith('/') && resolver.resolve(`${languagePath}/`) !== null
        if (valid || needsSlash) {
          const redirect = new HttpResponseRedirect(`/${current}${request.rawPath}${needsSlash ? '/' : ''}${request.queryString ? `?${request.queryString}` : ''}`)
          redirect.headers.appendList('vary', 'Accept-Language').appendList('vary', 'Cookie')
          return redirect
        }
      }
      if (!(locale !== null && fromPath !== null)) response.headers.appendList('vary', 'Accept-Language').appendList('vary', 'Cookie')
      response.headers.setDefault('content-language', getLanguage())
      return response
    })
  }
}
