/**
 * URL side of i18n: `i18nPatterns()` (Django's `i18n_patterns`), `translateUrl()`, the
 * `setLanguage` view (Django's `set_language`) and `i18nUrls` to mount it.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import { getLanguage, override } from '../core/translation.ts'
import type { Request } from '../http/request.ts'
import { HttpResponse, HttpResponseRedirect } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import { urlHasAllowedHostAndScheme } from '../http/safe-url.ts'
import { localePrefixInclude } from '../urls/locale-prefix.ts'
import { include, path } from '../urls/patterns.ts'
import type { IncludeTarget, URLEntry } from '../urls/patterns.ts'
import { getResolverSync } from '../urls/root.ts'
import { getLanguageFromPath, getSupportedLanguageVariant } from './language.ts'

/** Options of {@link i18nPatterns}. */
export interface I18nPatternsOptions {
  /** Prefix the default language (`LANGUAGE_CODE`) too: `/en/about/`. Default `true`, as Django. */
  readonly prefixDefaultLanguage?: boolean
}

const isOptions = (value: unknown): value is I18nPatternsOptions =>
  value !== null && typeof value === 'object' && !('kind' in value)

/**
 * Puts routes under the active language's prefix (Django's `i18n_patterns`): `/ru/about/` when
 * `ru` is active, and `reverse()` writes the prefix of the active language. Use it in the root
 * URLconf, with `LocaleMiddleware` (which takes the language from the prefix and redirects
 * unprefixed paths). With `USE_I18N` off the routes are returned as they are.
 *
 * @param patterns - entries made by `path()`/`rePath()`, optionally followed by the options.
 * @returns a list to spread into `urlpatterns`.
 * @throws {@link ImproperlyConfigured} (when the URLconf is compiled) if used inside `include()`.
 * @example
 * ```ts
 * export const urlpatterns = [
 *   path('i18n/', i18nUrls),
 *   ...i18nPatterns(path('about/', about, { name: 'about' }), { prefixDefaultLanguage: false }),
 * ]
 * ```
 */
export function i18nPatterns(...patterns: (URLEntry | I18nPatternsOptions)[]): URLEntry[] {
  const last = patterns[patterns.length - 1]
  const options = isOptions(last) ? last : {}
  const entries = patterns.filter((p): p is URLEntry => !isOptions(p))
  if (!settings.USE_I18N) return entries
  return [localePrefixInclude(entries, options)]
}

/** Splits a URL into the path and what follows it (query and fragment), keeping any scheme and host. */
function splitUrl(url: string): { head: string; path: string; tail: string } {
  const m = /^((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/[^/?#]*)?([^?#]*)(.*)$/s.exec(url)
  return { head: m?.[1] ?? '', path: m?.[2] ?? url, tail: m?.[3] ?? '' }
}

/**
 * The same page in another language (Django's `translate_url`): resolves `url`'s path (under the
 * language of its own prefix, else the active one) and reverses the route with `language` active.
 * @returns the translated URL, or `url` unchanged when it does not resolve or cannot be reversed.
 */
export function translateUrl(url: string, language: string): string {
  let resolver
  try {
    resolver = getResolverSync()
  } catch {
    return url
  }
  const { head, path: rawPath, tail } = splitUrl(url)
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return url
  }
  const match = override(getLanguageFromPath(decoded) ?? getLanguage(), () => resolver.resolve(decoded))
  if (match === null || match.viewName === null) return url
  const viewName = match.viewName
  try {
    return head + override(language, () => resolver.reverse(viewName, match.params)) + tail
  } catch {
    return url
  }
}

/** Django's `url_has_allowed_host_and_scheme` for this request's host. */
function isSafeUrl(url: string | null, host: string, requireHttps: boolean): url is string {
  return url !== null && urlHasAllowedHostAndScheme(url, [host], requireHttps)
}

/**
 * Sets the user's language (Django's `set_language`): a POST with `language` (a code in
 * `LANGUAGES`) and `next` stores the language in the `LANGUAGE_COOKIE_*` cookie and redirects to
 * `next`, translated to the new language's URL under `i18nPatterns()`. An unsafe `next` (another
 * host, `javascript:`) falls back to the `Referer`, then `/`. Without a `next` it answers 204 No
 * Content. Not CSRF-exempt: the form needs `{{ csrf_input() }}`. Other methods change nothing.
 */
export async function setLanguage(request: Request): Promise<Response> {
  const form = request.method === 'POST' ? await request.form() : null
  let next = form?.get('next') ?? request.query.get('next')
  const host = request.getHost()
  const secure = request.isSecure()
  const acceptsHtml = /text\/html|\*\/\*/.test(request.header('accept') ?? '*/*')
  if ((next !== null || acceptsHtml) && !isSafeUrl(next, host, secure)) {
    const referer = request.header('referer') ?? null
    next = isSafeUrl(referer, host, secure) ? referer : '/'
  }
  let response: Response = next !== null ? new HttpResponseRedirect(next) : new HttpResponse('', { status: 204 })
  if (form !== null) {
    const language = getSupportedLanguageVariant(form.get('language'), true)
    if (language !== null) {
      if (next !== null) {
        const translated = translateUrl(next, language)
        if (translated !== next) response = new HttpResponseRedirect(translated)
      }
      response.setCookie(settings.LANGUAGE_COOKIE_NAME, language, {
        ...(settings.LANGUAGE_COOKIE_AGE === null ? {} : { maxAge: settings.LANGUAGE_COOKIE_AGE }),
        path: settings.LANGUAGE_COOKIE_PATH,
        ...(settings.LANGUAGE_COOKIE_DOMAIN === null ? {} : { domain: settings.LANGUAGE_COOKIE_DOMAIN }),
        secure: settings.LANGUAGE_COOKIE_SECURE,
        httpOnly: settings.LANGUAGE_COOKIE_HTTPONLY,
        ...(settings.LANGUAGE_COOKIE_SAMESITE === null ? {} : { sameSite: settings.LANGUAGE_COOKIE_SAMESITE }),
      })
    }
  }
  return response
}

/**
 * The i18n URLs (Django's `django.conf.urls.i18n`): `setlang/` → {@link setLanguage}, named
 * `set_language`. Mount it outside `i18nPatterns()`: `path('i18n/', i18nUrls)`.
 */
export const i18nUrls: IncludeTarget = include([path('setlang/', setLanguage, { name: 'set_language' })])
