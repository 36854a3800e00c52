/**
 * Parsing `application/x-www-form-urlencoded` text (query strings and form bodies) into a
 * {@link QueryDict}, strictly: a malformed percent-encoding is the client's error (400), not a
 * silent U+FFFD.
 *
 * @module
 */
import { BadRequest, TooManyFieldsSent } from './errors.ts'
import { QueryDict } from './query-dict.ts'

/**
 * Parses `a=1&b=2&b=3` (WHATWG urlencoded: `+` is a space, `&` separates, empty pieces are skipped).
 *
 * @param text - the encoded text, without a leading `?`.
 * @param maxFields - most fields allowed (`DATA_UPLOAD_MAX_NUMBER_FIELDS`), `null` for no limit.
 * @param what - names the source in error messages, e.g. `query string`.
 * @returns an immutable {@link QueryDict}.
 * @throws {@link TooManyFieldsSent} (400) past `maxFields`; {@link BadRequest} (400,
 *   `E_BAD_PERCENT_ENCODING`) for an escape that is not valid UTF-8.
 */
export function parseUrlencoded(text: string, maxFields: number | null = null, what = 'form data'): QueryDict {
  const entries: [string, string][] = []
  if (text === '') return new QueryDict(entries)
  let start = 0
  const length = text.length
  while (start <= length) {
    let end = text.indexOf('&', start)
    if (end < 0) end = length
    if (end > start) {
      if (maxFields !== null && entries.length >= maxFields) throw new TooManyFieldsSent()
      const piece = text.slice(start, end)
      const eq = piece.indexOf('=')
      const name = eq < 0 ? piece : piece.slice(0, eq)
      const value = eq < 0 ? '' : piece.slice(eq + 1)
      entries.push([decode(name, what), decode(value, what)])
    }
    start = end + 1
  }
  return new QueryDict(entries)
}

function decode(part: string, what: string): string {
  const spaced = part.includes('+') ? part.replaceAll('+', ' ') : part
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    throw new BadRequest(`The ${what} has a malformed percent-encoding near ${JSON.stringify(part.slice(0, 100))}.`, 'E_BAD_PERCENT_ENCODING')
  }
}
