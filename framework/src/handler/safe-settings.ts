/**
 * Hiding secrets on debug pages, as Django's `SafeExceptionReporterFilter`: settings, headers and
 * query parameters whose names look sensitive are replaced by a fixed mask before display.
 *
 * @module
 */

/** Names that hide their value (Django's `hidden_settings`). */
export const HIDDEN_NAMES = /API|KEY|PASS|SECRET|SIGNATURE|TOKEN/i

/** What a hidden value is shown as (Django's `cleansed_substitute`). */
export const CLEANSED_SUBSTITUTE = '********************'

// Headers that carry credentials though their names do not match HIDDEN_NAMES.
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])

/** Hides the password in `scheme://user:password@host` (DATABASE_URL and friends). */
function maskUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, `$1${CLEANSED_SUBSTITUTE}@`)
}

/**
 * A value made safe and printable: hidden keys masked at any depth, passwords in URLs masked,
 * functions shown by name, apps by label.
 * @param key - the setting's or field's name; a sensitive name hides the whole value.
 * @param value - anything.
 * @returns plain data (strings, numbers, booleans, arrays, objects) ready for `JSON.stringify`.
 */
export function cleanseValue(key: string, value: unknown, depth = 0): unknown {
  if (HIDDEN_NAMES.test(key)) return CLEANSED_SUBSTITUTE
  if (typeof value === 'string') return maskUrlPassword(value)
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`
  if (value === null || typeof value !== 'object') return value
  if (depth > 4) return '[…]'
  if (Array.isArray(value)) return value.map((v: unknown) => cleanseValue('', v, depth + 1))
  if ('label' in value && 'path' in value && typeof value.label === 'string') return `[app ${value.label}]`
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = cleanseValue(k, v, depth + 1)
  return out
}

/**
 * Settings for display, sorted by name, each value masked or printed (as Django's `get_safe_settings`).
 * @param settings - the active settings object.
 * @returns `[name, printable value]` pairs.
 */
export function safeSettings(settings: object): [string, string][] {
  return Object.keys(settings).sort().map((name) => {
    const value = cleanseValue(name, (settings as Record<string, unknown>)[name])
    return [name, typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)]
  })
}

/**
 * Request headers for display: credentials (`Authorization`, `Cookie`, names matching
 * {@link HIDDEN_NAMES}) masked; the `Cookie` header shows cookie names with masked values.
 */
export function safeHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): [string, string][] {
  const out: [string, string][] = []
  for (const name of Object.keys(headers).sort()) {
    const raw = headers[name]
    if (raw === undefined) continue
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    if (name === 'cookie') {
      out.push([name, value.split(';').map((p) => `${p.split('=')[0]?.trim() ?? ''}=${CLEANSED_SUBSTITUTE}`).join('; ')])
    } else {
      out.push([name, HIDDEN_HEADERS.has(name) || HIDDEN_NAMES.test(name) ? CLEANSED_SUBSTITUTE : value])
    }
  }
  return out
}

/** Query parameters for display; values of sensitive names masked. */
export function safeQuery(query: Iterable<readonly [string, string]>): [string, string][] {
  const out: [string, string][] = []
  for (const [name, value] of query) out.push([name, HIDDEN_NAMES.test(name) ? CLEANSED_SUBSTITUTE : value])
  return out
}
