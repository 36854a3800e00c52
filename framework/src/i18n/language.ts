/**
 * Choosing a request's language (Django's `get_language_from_request` and friends): the URL
 * prefix, the language cookie, `Accept-Language`, then `LANGUAGE_CODE`, each narrowed to
 * `settings.LANGUAGES`.
 *
 * @module
 */
import { settings } from '../core/settings.ts'
import { normalizeLanguage } from '../core/translation.ts'
import type { Request } from '../http/request.ts'

/** Headers longer than this are ignored (Django's `ACCEPT_LANGUAGE_HEADER_MAX_LENGTH`). */
export const ACCEPT_LANGUAGE_MAX_LENGTH = 500
/** Headers with more entries than this are ignored: parsing is bounded work per request. */
export const ACCEPT_LANGUAGE_MAX_ENTRIES = 30

const ENTRY = /^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$/
const LANGUAGE_CODE = /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$/
const PATH_PREFIX = /^\/(\w+(?:[@-]\w+){0,2})(?:\/|$)/

/**
 * Parses an `Accept-Language` header into `[language, q]` pairs, best first, ties in header order
 * (Django's `parse_accept_lang_header`). Language codes are lower-cased.
 * @returns `[]` for an empty, malformed, too long (over {@link ACCEPT_LANGUAGE_MAX_LENGTH}
 *   characters) or too crowded (over {@link ACCEPT_LANGUAGE_MAX_ENTRIES} entries) header.
 * @example `parseAcceptLanguage('ru-RU, ru;q=0.9, en;q=0.8')` → `[['ru-ru', 1], ['ru', 0.9], ['en', 0.8]]`
 */
export function parseAcceptLanguage(header: string | null | undefined): [string, number][] {
  if (header === null || header === undefined || header.length > ACCEPT_LANGUAGE_MAX_LENGTH) return []
  const parts = header.split(',')
  if (parts.length > ACCEPT_LANGUAGE_MAX_ENTRIES) return []
  const out: { code: string; q: number; i: number }[] = []
  for (const [i, raw] of parts.entries()) {
    const text = raw.trim()
    if (text === '') continue
    const m = ENTRY.exec(text)
    if (m === null) return []
    const q = m[2] === undefined ? 1 : Number(m[2])
    if (q > 0) out.push({ code: (m[1] as string).toLowerCase(), q, i })
  }
  out.sort((a, b) => b.q - a.q || a.i - b.i)
  return out.map((e) => [e.code, e.q])
}

/** `settings.LANGUAGES`' codes, lower-cased. */
export function supportedLanguages(): string[] {
  return settings.LANGUAGES.map(([code]) => normalizeLanguage(code))
}

/**
 * The code in `LANGUAGES` to use for `language` (Django's `get_supported_language_variant`): the
 * code itself, else its generic language (`ru-ru` → `ru`), else, unless `strict`, a regional
 * variant of it (`fr` → `fr-ca`).
 * @returns the supported code, or `null`.
 */
export function getSupportedLanguageVariant(language: string | null | undefined, strict = false): string | null {
  if (!language) return null
  const code = normalizeLanguage(language)
  if (!LANGUAGE_CODE.test(code)) return null
  const supported = supportedLanguages()
  const generic = code.split('-')[0] ?? code
  for (const candidate of [code, generic]) if (supported.includes(candidate)) return candidate
  if (!strict) for (const s of supported) if (s.startsWith(`${generic}-`)) return s
  return null
}

/**
 * The supported language a path starts with (`/ru/news/` → `ru`), as Django's
 * `get_language_from_path`; `null` when the first segment is not one.
 */
export function getLanguageFromPath(path: string): string | null {
  const m = PATH_PREFIX.exec(path)
  return m === null ? null : getSupportedLanguageVariant(m[1], true)
}

/**
 * The language for a request (Django's `get_language_from_request`): with `checkPath`, the URL
 * prefix; then the `LANGUAGE_COOKIE_NAME` cookie; then `Accept-Language` by q-value; then
 * `LANGUAGE_CODE`. Every candidate is narrowed to `LANGUAGES`.
 */
export function getLanguageFromRequest(request: Request, checkPath = false): string {
  if (checkPath) {
    const fromPath = getLanguageFromPath(request.path)
    if (fromPath !== null) return fromPath
  }
  const fromCookie = getSupportedLanguageVariant(request.cookies[settings.LANGUAGE_COOKIE_NAME])
  if (fromCookie !== null) return fromCookie
  for (const [code] of parseAcceptLanguage(request.header('accept-language'))) {
    if (code === '*') break
    const found = getSupportedLanguageVariant(code)
    if (found !== null) return found
  }
  return getSupportedLanguageVariant(settings.LANGUAGE_CODE) ?? normalizeLanguage(settings.LANGUAGE_CODE)
}
