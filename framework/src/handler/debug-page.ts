/**
 * DEBUG pages (as Django's `technical_500_response` and `technical_404_response`): what went wrong,
 * where, for which request and under which settings, with secrets masked. Only ever shown when
 * `DEBUG` is on.
 *
 * @module
 */
import type { Request } from '../http/request.ts'
import { escapeHtml } from './html.ts'
import { safeHeaders, safeQuery, safeSettings } from './safe-settings.ts'

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}header{background:#ffc;padding:12px 20px;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 20px 6px}pre{margin:0 20px;padding:10px;background:#f6f6f6;overflow:auto;white-space:pre-wrap}
table{margin:0 20px;border-collapse:collapse}td,th{text-align:left;vertical-align:top;padding:2px 10px 2px 0;font-family:ui-monospace,monospace;font-size:13px}
th{color:#666;font-weight:normal}p{margin:6px 20px}ol{margin:6px 20px;font-family:ui-monospace,monospace}`

function table(rows: readonly (readonly [string, string])[]): string {
  if (rows.length === 0) return '<p>None.</p>'
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
}

function page(title: string, header: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><header>${header}</header>${body}</body></html>\n`
}

function requestSection(request: Request): string {
  let query: [string, string][]
  try {
    query = safeQuery(request.query)
  } catch {
    query = [['(malformed query string)', '']]
  }
  return `<h2>Request</h2>${table([['Method', request.method], ['Path', request.path]])}` +
    `<h2>Query parameters</h2>${table(query)}<h2>Headers</h2>${table(safeHeaders(request.headers))}`
}

/** Where a template error happened, when the error says (errors from `tango/templates` carry these). */
function templateSection(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ''
  const { templateName, line, column } = error as { templateName?: unknown; line?: unknown; column?: unknown }
  if (typeof templateName !== 'string') return ''
  const at = typeof line === 'number' ? `, line ${line}${typeof column === 'number' ? `, column ${column}` : ''}` : ''
  return `<h2>Template error</h2><p>In template <code>${escapeHtml(templateName)}</code>${escapeHtml(at)}</p>`
}

/** What {@link technical500Page} shows. */
export interface DebugErrorInfo {
  readonly error: unknown
  readonly request: Request
  /** The active settings; secret-looking values are masked. */
  readonly settings: object
}

/**
 * The DEBUG page for an uncaught error: type, message, template position, stack, request (headers,
 * cookies and sensitive query values masked) and settings (secrets masked).
 * @returns an HTML document.
 */
export function technical500Page(info: DebugErrorInfo): string {
  const { error, request } = info
  const name = error instanceof Error ? error.name : typeof error
  const message = error instanceof Error ? error.message : String(error)
  const stack = error instanceof Error ? (error.stack ?? message) : String(error)
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? ` (${(error as { code: string }).code})` : ''
  const header = `<h1>${escapeHtml(name)}${escapeHtml(code)} at ${escapeHtml(request.path)}</h1><pre style="margin:0;background:none;padding:0">${escapeHtml(message)}</pre>`
  const body = templateSection(error) + `<h2>Traceback</h2><pre>${escapeHtml(stack)}</pre>` + requestSection(request) +
    `<h2>Settings</h2>${table(safeSettings(info.settings))}` +
    '<p>You are seeing this page because <code>DEBUG = true</code> in your settings. Turn it off in production: it shows a standard 500 page instead.</p>'
  return page(`${name} at ${request.path}`, header, body)
}

/** What {@link technical404Page} shows. */
export interface DebugNotFoundInfo {
  readonly request: Request
  /** The `Http404`'s message. */
  readonly message: string
  /** The URL patterns tried, when no route matched; `null` when a view raised the 404. */
  readonly patterns: readonly string[] | null
}

/**
 * The DEBUG page for a 404: the path, and either the URL patterns tried in order (no route matched)
 * or the message of the `Http404` a view raised.
 * @returns an HTML document.
 */
export function technical404Page(info: DebugNotFoundInfo): string {
  const { request, patterns } = info
  const header = `<h1>Page not found <small>(404)</small></h1>${table([['Request Method', request.method], ['Request URL', request.path]])}`
  let body: string
  if (patterns !== null) {
    body = patterns.length === 0
      ? '<p>The URL configuration has no patterns.</p>'
      : `<p>Tango tried these URL patterns, in this order:</p><ol>${patterns.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ol>` +
        `<p>The current path, <code>${escapeHtml(request.path)}</code>, didn’t match any of these.</p>`
  } else {
    body = `<p>${escapeHtml(info.message)}</p>`
  }
  body += '<p>You are seeing this page because <code>DEBUG = true</code> in your settings. Turn it off in production: it shows a standard 404 page instead.</p>'
  return page(`Page not found at ${request.path}`, header, body)
}
