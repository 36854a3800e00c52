/**
 * Header safety: every value that becomes a header line is checked for CR and LF before a message is
 * built (as Django's `forbid_multi_line_headers`), so user input such as a contact form's subject
 * cannot add `Bcc:` lines.
 *
 * @module
 * @internal
 */
import { BadHeaderError } from './errors.ts'

// RFC 5322 §3.6.8 field-name: printable US-ASCII except the colon.
const FIELD_NAME = /^[!-9;-~]+$/

/**
 * Throws when `value` holds a CR or LF.
 * @throws {@link BadHeaderError}
 * @internal
 */
export function checkHeaderValue(name: string, value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new BadHeaderError(`Header values can't contain newlines (got ${JSON.stringify(value)} for header '${name}').`)
  }
}

/**
 * Throws when a header name is not an RFC 5322 field name or its value holds a CR or LF.
 * @throws {@link BadHeaderError}
 * @internal
 */
export function checkHeader(name: string, value: string): void {
  if (!FIELD_NAME.test(name)) throw new BadHeaderError(`Invalid header name ${JSON.stringify(name)}.`)
  checkHeaderValue(name, value)
}
