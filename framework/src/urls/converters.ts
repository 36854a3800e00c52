/**
 * Path converters: what `<int:year>` in a route means. The built-ins and their regular expressions
 * are Django's (`django/urls/converters.py`); {@link registerConverter} adds a project's own.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'

/**
 * A path converter, as Django's: a regular expression for the URL text, and the two conversions.
 *
 * @typeParam T - the value a view receives.
 */
export interface Converter<T = unknown> {
  /** The regular expression source one parameter matches (no anchors, no flags), e.g. `[0-9]+`. */
  readonly regex: string
  /**
   * The URL text to the view's value. Throw (any error) to mean "this route does not match", as a
   * Django converter raises `ValueError`; resolution then goes on with the next route.
   */
  toValue(text: string): T
  /** The value back to URL text, for `reverse()`. The result must match {@link Converter.regex}. */
  toUrl(value: T): string
}

/**
 * A converter as the resolver uses it: the public shape plus what the registry works out once.
 * @internal
 */
export interface RegisteredConverter extends Converter<unknown> {
  /** The name used in routes, e.g. `int`. */
  readonly name: string
  /** `^(?:regex)$`, to test a whole segment or a reversed value. */
  readonly anchored: RegExp
  /** Whether the regex can never match a `/`, so the parameter lives inside one path segment. */
  readonly segmentLocal: boolean
}

/** Django's `StringConverter`: any non-empty text without a slash. */
const str: Converter<string> = { regex: '[^/]+', toValue: (t) => t, toUrl: (v) => String(v) }
/** Django's `IntConverter`: digits, converted to a number (always a safe, non-negative integer). */
const int: Converter<number> = {
  regex: '[0-9]+',
  toValue(text) {
    const n = Number(text)
    // Digit strings past 2^53 would round silently; refuse them rather than hand the view a wrong id.
    if (!Number.isSafeInteger(n)) throw new RangeError(`${text} is not a safe integer`)
    return n
  },
  toUrl: (v) => String(v),
}
/** Django's `SlugConverter`: ASCII letters, digits, hyphens and underscores. */
const slug: Converter<string> = { regex: '[-a-zA-Z0-9_]+', toValue: (t) => t, toUrl: (v) => String(v) }
/** Django's `UUIDConverter`: the lower-case canonical form only, so every UUID has one URL. */
const uuid: Converter<string> = {
  regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  toValue: (t) => t,
  toUrl: (v) => String(v),
}
/** Django's `PathConverter`: any non-empty text, slashes included. */
const pathConverter: Converter<string> = { regex: '.+', toValue: (t) => t, toUrl: (v) => String(v) }

const registry = new Map<string, RegisteredConverter>()

function register(name: string, converter: Converter<unknown>): void {
  let anchored: RegExp
  try {
    anchored = new RegExp(`^(?:${converter.regex})$`)
  } catch (error) {
    throw new ImproperlyConfigured(`Converter '${name}' has an invalid regex ${JSON.stringify(converter.regex)}.`, { cause: error })
  }
  registry.set(name, Object.freeze({
    name,
    regex: converter.regex,
    toValue: converter.toValue.bind(converter),
    toUrl: converter.toUrl.bind(converter),
    anchored,
    segmentLocal: isSegmentLocal(converter.regex),
  }))
}

register('str', str)
register('int', int as Converter<unknown>)
register('slug', slug)
register('uuid', uuid)
register('path', pathConverter)

/**
 * Registers a path converter for use in routes as `<name:param>` (Django's `register_converter`).
 * Register before the `path()` calls that use it run, i.e. at the top of the URL module or in an
 * app's module that it imports. For typed params, add the value type by declaration merging:
 * `declare module 'tango/urls' { interface ConverterTypes { year4: number } }`.
 *
 * @param name - an identifier, e.g. `year4`.
 * @param converter - `{ regex, toValue(text), toUrl(value) }`; `toValue` may throw to mean "no match".
 * @throws {@link ImproperlyConfigured} when the name is not an identifier, is already registered
 *   (Django 6 refuses overrides too), or the regex does not compile.
 * @example
 * ```ts
 * registerConverter('year4', { regex: '[0-9]{4}', toValue: Number, toUrl: (y: number) => String(y).padStart(4, '0') })
 * path('archive/<year4:year>/', archive)
 * ```
 */
export function registerConverter<T>(name: string, converter: Converter<T>): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ImproperlyConfigured(`Converter name ${JSON.stringify(name)} is not an identifier.`)
  if (registry.has(name)) throw new ImproperlyConfigured(`Converter '${name}' is already registered.`)
  // The registry holds converters of any value type; toValue/toUrl are only ever paired with each other.
  register(name, converter as Converter<unknown>)
}

/**
 * The registered converter called `name`, or `undefined`.
 * @internal
 */
export function getConverter(name: string): RegisteredConverter | undefined {
  return registry.get(name)
}

/**
 * Whether a regex source can never match text containing `/`. Conservative: anything it cannot
 * prove (`.`, `\S`, `\W`, `\D`, a negated class without `/`, a class range spanning `/`, an
 * escape it does not know) counts as "may match a slash", which only costs speed, never
 * correctness: such parameters are matched against the rest of the path instead of one segment.
 * @internal
 */
export function isSegmentLocal(source: string): boolean {
  const SAFE_ESCAPES = 'dwbBtnrfv0'
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '.' || c === '/') return false
    if (c === '\\') {
      const next = source[i + 1] ?? ''
      if (!(SAFE_ESCAPES.includes(next) || /[-^$.*+?()[\]{}|]/.test(next))) return false
      i++
      continue
    }
    if (c === '[') {
      const end = classEnd(source, i)
      if (end < 0) return false
      if (!classExcludesSlash(source.slice(i + 1, end))) return false
      i = end
    }
  }
  return true
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++
    else if (source[i] === ']' && i > start + 1) return i
  }
  return -1
}

/** Whether the body of a character class (between `[` and `]`) is sure not to admit `/` (0x2F). */
function classExcludesSlash(body: string): boolean {
  if (body.startsWith('^')) return /(^|[^\\])\/|\\\//.test(body.slice(1))
  const chars: number[] = []
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? ''
    if (c === '\\') {
      const next = body[i + 1] ?? ''
      if (!('dw'.includes(next) || /[-\]\\^.[]/.test(next))) return false
      chars.push(/[dw]/.test(next) ? -1 : next.charCodeAt(0))
      i++
    } else if (c === '-' && chars.length > 0 && i + 1 < body.length) {
      const low = chars[chars.length - 1] ?? -1
      const high = (body[i + 1] ?? '').charCodeAt(0)
      if (low >= 0 && low <= 0x2f && high >= 0x2f) return false
      i++
    } else {
      chars.push(c.charCodeAt(0))
    }
  }
  return !chars.includes(0x2f)
}
