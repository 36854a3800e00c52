/**
 * Safe strings: text already escaped for HTML, which autoescaping leaves alone (as Django's
 * `mark_safe` / `SafeString`). Tango uses nunjucks' own `SafeString` class, so a value marked here is
 * recognised by `{{ }}` output and by nunjucks' `safe` and `escape` filters.
 *
 * @module
 */
import nunjucks from 'nunjucks'

/** Markup that must not be escaped again. */
export type SafeString = nunjucks.runtime.SafeString

/** The slice of nunjucks' runtime the filters need; `@types/nunjucks` leaves these out. */
interface NunjucksRuntime {
  readonly SafeString: new (value: string) => SafeString
}

// nunjucks.runtime is a plain CommonJS export whose shape is stable since 2.x; the cast only adds
// what the type package omits.
const runtime = (nunjucks as unknown as { readonly runtime: NunjucksRuntime }).runtime

/**
 * Marks `html` as safe: autoescaping will output it unchanged (as Django's `mark_safe`).
 * Only call it on text you escaped or built yourself.
 */
export function markSafe(html: string): SafeString {
  return new runtime.SafeString(html)
}

/** Whether `value` was marked safe. */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof runtime.SafeString
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

/** Escapes `& < > " '` for HTML text and attribute values, exactly as Django's `escape`. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape; replace() would still copy it, test() allocates nothing.
  if (!NEEDS_ESCAPE.test(text)) return text
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

const NEEDS_ESCAPE = /[&<>"']/

/** Escapes a value unless it is already safe (as Django's `conditional_escape`); returns plain text. */
export function conditionalEscape(value: unknown): string {
  return isSafe(value) ? value.toString() : escapeHtml(toText(value))
}

/** Text for a template value: `''` for `null`/`undefined`, else `String(value)`. */
export function toText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value)
}

/** Returns `text` marked safe when `input` was safe, else plain (as nunjucks' `copySafeness`, for `is_safe` filters). */
export function keepSafeness(input: unknown, text: string): string | SafeString {
  return isSafe(input) ? markSafe(text) : text
}
