/**
 * Text filters, as Django's `defaultfilters`: `truncatewords`, `truncatechars`, `linebreaks`,
 * `linebreaksbr`, `slugify`, `title`, `capfirst`, `urlencode`, `json_script`.
 *
 * @module
 */
import { conditionalEscape, isSafe, keepSafeness, markSafe, toText } from '../safe.ts'
import type { SafeString } from '../safe.ts'
import { urlQuote } from '../static-url.ts'

/** Parses a filter's integer argument; `null` when it is not one (Django then returns the value unchanged). */
function toInt(arg: unknown): number | null {
  const n = typeof arg === 'number' ? arg : typeof arg === 'string' && arg.trim() !== '' ? Number(arg) : NaN
  return Number.isFinite(n) ? Math.trunc(n) : null
}

/** `truncatewords(n)`: the first `n` words, then ` …`; whitespace collapses to single spaces (Django's `Truncator.words`). */
export function truncatewords(value: unknown, length: unknown): unknown {
  const n = toInt(length)
  if (n === null) return value
  const words = toText(value).split(/\s+/).filter(Boolean)
  const text = words.length > n ? `${words.slice(0, Math.max(n, 0)).join(' ')} …` : words.join(' ')
  return keepSafeness(value, text)
}

/** `truncatechars(n)`: at most `n` characters including the trailing `…` (Django's `Truncator.chars`). */
export function truncatechars(value: unknown, length: unknown): unknown {
  const n = toInt(length)
  if (n === null) return value
  if (n <= 0) return ''
  const chars = Array.from(toText(value).normalize('NFC'))
  if (chars.length <= n) return keepSafeness(value, chars.join(''))
  return keepSafeness(value, `${chars.slice(0, n - 1).join('')}…`)
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n|\r/g, '\n')
}

/**
 * `linebreaks`: paragraphs (`<p>`) for blank-line-separated blocks, `<br>` for single newlines. The
 * input is escaped first unless it is safe; the result is safe (Django's `linebreaks`).
 */
export function linebreaks(value: unknown): SafeString {
  const text = normalizeNewlines(isSafe(value) ? value.toString() : toText(value))
  const escape = !isSafe(value)
  const paras = text.split(/\n{2,}/).map((p) => `<p>${(escape ? conditionalEscape(p) : p).replace(/\n/g, '<br>')}</p>`)
  return markSafe(paras.join('\n\n'))
}

/** `linebreaksbr`: every newline becomes `<br>`; input escaped unless safe; result safe. */
export function linebreaksbr(value: unknown): SafeString {
  const text = normalizeNewlines(isSafe(value) ? value.toString() : toText(value))
  return markSafe((isSafe(value) ? text : conditionalEscape(text)).replace(/\n/g, '<br>'))
}

/**
 * `slugify`: ASCII-only, lower-case, spaces and hyphens collapsed to one hyphen, other punctuation
 * dropped, leading/trailing `-_` stripped (Django's `slugify` without `allow_unicode`).
 * @example `slugify(' Joel is a slug ')` → `joel-is-a-slug`
 */
export function slugify(value: unknown): string {
  const ascii = toText(value).normalize('NFKD').replace(/[^\p{ASCII}]/gu, '')
  return ascii.toLowerCase().replace(/[^\w\s-]/g, '').replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '')
}

/** `title`: each word capitalised, the rest lower-cased, as Python's `str.title` with Django's fix-ups for `'` and digits. */
export function title(value: unknown): unknown {
  const titled = toText(value).replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
  const fixed = titled.replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase()).replace(/\d([A-Z])/g, (m) => m.toLowerCase())
  return keepSafeness(value, fixed)
}

/** `capfirst`: the first character upper-cased. */
export function capfirst(value: unknown): unknown {
  const text = toText(value)
  return keepSafeness(value, text.charAt(0).toUpperCase() + text.slice(1))
}

/** `urlencode(safe?)`: percent-encodes as Python's `quote`; `/` stays unless `safe` is given (Django's `urlencode`). */
export function urlencode(value: unknown, safe?: unknown): string {
  return urlQuote(toText(value), safe === undefined || safe === null ? '/' : toText(safe))
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003C', '>': '\\u003E', '&': '\\u0026' }

/** JSON with Python's default separators (`, ` and `: `), as Django's `json.dumps`. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * `json_script(id?)`: the value as JSON inside `<script type="application/json">`, with `<`, `>`
 * and `&` escaped as `\u003C`, `\u003E`, `\u0026` so it cannot close the script (Django's
 * `json_script`). Safe markup.
 * @throws TypeError for values `JSON.stringify` refuses (cycles, BigInt).
 */
export function jsonScript(value: unknown, elementId?: unknown): SafeString {
  // Round-trip first so toJSON (Dates) and undefined-dropping follow JSON.stringify's rules.
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null')
  const json = pythonJson(plain).replace(/[<>&]/g, (c) => JSON_ESCAPES[c] as string)
  const id = elementId === undefined || elementId === null || elementId === '' ? '' : ` id="${conditionalEscape(elementId)}"`
  return markSafe(`<script${id} type="application/json">${json}</script>`)
}
