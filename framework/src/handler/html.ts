/**
 * Small HTML helpers for the pages the handler writes itself (error pages, debug pages).
 *
 * @module
 * @internal
 */
import { STATUS_CODES } from 'node:http'

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML content and quoted attributes. @internal */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

/**
 * The plain page for an error response: the status's reason as the title, the message (escaped)
 * below it when it says more than the reason. No stack, no settings: safe in production.
 * @internal
 */
export function plainErrorPage(status: number, message: string): string {
  const reason = STATUS_CODES[status] ?? 'Error'
  const detail = message && message !== reason ? `<p>${escapeHtml(message)}</p>` : ''
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${escapeHtml(reason)}</title></head>` +
    `<body><h1>${escapeHtml(reason)}</h1>${detail}</body></html>\n`
}
