/**
 * Small HTML helpers for the pages the handler writes itself (error pages, debug pages).
 *
 * @module
 * @internal
 */
import { STATUS_CODES } from 'node:http'
import { gettextLazy, getLanguage } from '../core/translation.ts'
import type { LazyString } from '../core/translation.ts'

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML content and quoted attributes. @internal */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

// The reasons of the statuses the framework answers with, as node:http spells them, translated when
// the page is made. The same msgids are the defaults of Http404, PermissionDenied, BadRequest and
// MethodNotAllowed, so a default message still equals its reason in every language.
const REASONS: Readonly<Record<number, LazyString>> = {
  400: gettextLazy('Bad Request'),
  403: gettextLazy('Forbidden'),
  404: gettextLazy('Not Found'),
  405: gettextLazy('Method Not Allowed'),
  413: gettextLazy('Payload Too Large'),
  429: gettextLazy('Too Many Requests'),
  500: gettextLazy('Internal Server Error'),
}

/**
 * The plain page for an error response: the status's reason as the title, the message (escaped)
 * below it when it says more than the reason. No stack, no settings: safe in production. The
 * reason is translated into the active language, which is also the page's `lang`.
 * @internal
 */
export function plainErrorPage(status: number, message: string): string {
  const known = REASONS[status]
  const reason = known !== undefined && STATUS_CODES[status] !== undefined ? known.toString() : (STATUS_CODES[status] ?? 'Error')
  const detail = message && message !== reason ? `<p>${escapeHtml(message)}</p>` : ''
  return `<!doctype html>\n<html lang="${escapeHtml(getLanguage())}"><head><meta charset="utf-8"><title>${status} ${escapeHtml(reason)}</title></head>` +
    `<body><h1>${escapeHtml(reason)}</h1>${detail}</body></html>\n`
}
