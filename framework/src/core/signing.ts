/**
 * Cryptographic signing, as Django's `django.core.signing`: values that travel through untrusted
 * hands (cookies, URLs, hidden fields) come back verified, or not at all.
 *
 * A signature is a salted HMAC-SHA256 of the value (Django's `salted_hmac`: the HMAC key is
 * `SHA-256(salt + secret)`), base64url without padding, appended after a separator (`:`). Signatures
 * are compared in constant time. The key defaults to `settings.SECRET_KEY`; values signed with any of
 * `settings.SECRET_KEY_FALLBACKS` still verify, so keys can rotate.
 *
 * @module
 * @example
 * ```ts
 * const token = signing.dumps({ user: 42 }, { salt: 'password-reset' })
 * signing.loads(token, { salt: 'password-reset', maxAge: 3600 }) // { user: 42 }, or throws
 * ```
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { ImproperlyConfigured, TangoError } from './errors.ts'
import { settings } from './settings.ts'

/**
 * A signature did not match (tampered value, wrong key or salt) or the value is malformed. Code
 * `E_BAD_SIGNATURE`. As Django's `BadSignature`.
 */
export class BadSignature extends TangoError {
  constructor(message = 'Signature does not match.', code = 'E_BAD_SIGNATURE', options?: ErrorOptions) {
    super(code, message, options)
  }
}

/**
 * The signature is valid but older than the `maxAge` asked for. Code `E_SIGNATURE_EXPIRED`. A
 * subclass of {@link BadSignature}, as in Django, so catching that catches both.
 */
export class SignatureExpired extends BadSignature {
  constructor(message = 'Signature expired.') {
    super(message, 'E_SIGNATURE_EXPIRED')
  }
}

/** Base64url without `=` padding (Django's `b64_encode`). */
function b64encode(data: Uint8Array): string {
  return Buffer.from(data).toString('base64url')
}

const B64URL = /^[A-Za-z0-9_-]*$/

/** Strict base64url decoding: Node's decoder skips junk silently, which would hide tampering. */
function b64decode(text: string): Buffer {
  if (!B64URL.test(text)) throw new BadSignature('Malformed base64 payload.')
  return Buffer.from(text, 'base64url')
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Base62 of an integer, as Django's `b62_encode` (timestamps in {@link TimestampSigner}). */
function b62encode(n: number): string {
  if (n === 0) return '0'
  const sign = n < 0 ? '-' : ''
  let rest = Math.abs(n)
  let out = ''
  while (rest > 0) {
    out = B62[rest % 62] + out
    rest = Math.floor(rest / 62)
  }
  return sign + out
}

function b62decode(text: string): number {
  if (text === '0') return 0
  const negative = text.startsWith('-')
  let n = 0
  for (const ch of negative ? text.slice(1) : text) {
    const digit = B62.indexOf(ch)
    if (digit < 0) throw new BadSignature('Malformed timestamp.')
    n = n * 62 + digit
  }
  return negative ? -n : n
}

/**
 * Django's `salted_hmac`: HMAC-SHA256 of `value` keyed with `SHA-256(keySalt + secret)`, so one secret
 * gives independent keys per use (salt).
 *
 * @param keySalt - names the use, e.g. `tango.contrib.auth.tokens`.
 * @param value - the message.
 * @param secret - default `settings.SECRET_KEY`.
 * @returns the raw 32-byte digest.
 * @throws {@link ImproperlyConfigured} when no secret is given and `SECRET_KEY` is empty.
 */
export function saltedHmac(keySalt: string, value: string | Uint8Array, secret?: string): Buffer {
  const key = createHash('sha256').update(keySalt + requireKey(secret)).digest()
  return createHmac('sha256', key).update(value).digest()
}

/**
 * Compares two strings in time independent of where they differ (Django's `constant_time_compare`),
 * through `crypto.timingSafeEqual`. Only the lengths' equality can leak, and they are public.
 */
export function constantTimeCompare(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const RANDOM_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * A random string from a CSPRNG (Django's `get_random_string`), e.g. session keys and CSRF secrets.
 * @param length - number of characters.
 * @param allowedChars - the alphabet (default letters and digits).
 */
export function getRandomString(length: number, allowedChars: string = RANDOM_CHARS): string {
  let out = ''
  for (let i = 0; i < length; i++) out += allowedChars[randomInt(allowedChars.length)]
  return out
}

function requireKey(key: string | undefined): string {
  const value = key ?? settings.SECRET_KEY
  if (!value) throw new ImproperlyConfigured('The SECRET_KEY setting must not be empty: signing needs it.')
  return value
}

/** What {@link Signer} takes. Every option has Django's default. */
export interface SignerOptions {
  /** The signing key. Default `settings.SECRET_KEY` (read when the signer is made). */
  readonly key?: string
  /** Keys that still verify (never sign). Default `settings.SECRET_KEY_FALLBACKS`. */
  readonly fallbackKeys?: readonly string[]
  /** Separates value and signature; must not be a base64url character. Default `:`. */
  readonly sep?: string
  /** Namespaces the signature so a value signed for one use fails for another. Default `tango.core.signing.<ClassName>`. */
  readonly salt?: string
}

/** What {@link Signer.signObject} and {@link signing}`.dumps` take besides the value. */
export interface SignObjectOptions {
  /** zlib-compress the JSON when that makes it shorter; marked by a leading `.` (as Django). */
  readonly compress?: boolean
}

/**
 * Signs strings: `sign('hello')` → `hello:<signature>`; `unsign` gives `hello` back or throws
 * (as Django's `Signer`).
 *
 * @example
 * ```ts
 * const signer = new Signer({ salt: 'unsubscribe' })
 * const link = `/unsubscribe/${signer.sign(email)}`
 * const email = signer.unsign(param) // throws BadSignature when edited
 * ```
 */
export class Signer {
  readonly #key: string
  readonly #fallbackKeys: readonly string[]
  /** The separator between value and signature. */
  readonly sep: string
  /** The salt every signature is made with. */
  readonly salt: string

  /**
   * @param options - key, fallback keys, separator and salt.
   * @throws {@link ImproperlyConfigured} when no key is given and `SECRET_KEY` is empty.
   * @throws TypeError when `sep` is made of base64url characters (it could not be told from the signature).
   */
  constructor(options: SignerOptions = {}) {
    this.#key = requireKey(options.key)
    this.#fallbackKeys = options.fallbackKeys ?? settings.SECRET_KEY_FALLBACKS
    this.sep = options.sep ?? ':'
    // Django's _SEP_UNSAFE: a separator that can occur in base64url output would make rsplit ambiguous.
    if (/^[A-Za-z0-9_=-]*$/.test(this.sep)) throw new TypeError(`Unsafe Signer separator ${JSON.stringify(this.sep)} (cannot be empty or consist of only A-z0-9-_=).`)
    this.salt = options.salt ?? `tango.core.signing.${new.target.name}`
  }

  /** The base64url signature of `value` under `key` (default the signing key). */
  signature(value: string, key: string = this.#key): string {
    return b64encode(saltedHmac(`${this.salt}signer`, value, key))
  }

  /** `value`, the separator, and the signature. */
  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`
  }

  /**
   * Verifies and strips the signature, trying the key then each fallback key.
   * @returns the original value.
   * @throws {@link BadSignature} when the separator is missing or no key's signature matches.
   */
  unsign(signedValue: string): string {
    const at = signedValue.lastIndexOf(this.sep)
    if (at < 0) throw new BadSignature(`No "${this.sep}" found in value.`)
    const value = signedValue.slice(0, at)
    const sig = signedValue.slice(at + this.sep.length)
    for (const key of [this.#key, ...this.#fallbackKeys]) {
      if (constantTimeCompare(sig, this.signature(value, key))) return value
    }
    throw new BadSignature('Signature does not match.')
  }

  /**
   * Signs a JSON-serializable value: compact JSON, optionally zlib-compressed, base64url, signed
   * (Django's `sign_object`).
   */
  signObject(obj: unknown, options: SignObjectOptions = {}): string {
    const json = JSON.stringify(obj)
    if (json === undefined) throw new TypeError('signObject() takes a JSON-serializable value.')
    let data: Buffer = Buffer.from(json, 'utf8')
    let compressed = false
    if (options.compress === true) {
      const deflated = deflateSync(data)
      if (deflated.length < data.length - 1) {
        data = deflated
        compressed = true
      }
    }
    return this.sign((compressed ? '.' : '') + b64encode(data))
  }

  /**
   * Verifies and decodes a value made by {@link Signer.signObject}.
   * @throws {@link BadSignature} when the signature does not match or the payload does not decode.
   */
  unsignObject(signedObject: string): unknown {
    return decodePayload(this.unsign(signedObject))
  }
}

/** Turns a verified payload back into a value; a payload that fails to decode is a bad signature. */
function decodePayload(payload: string): unknown {
  const compressed = payload.startsWith('.')
  try {
    let data = b64decode(compressed ? payload.slice(1) : payload)
    if (compressed) data = inflateSync(data)
    return JSON.parse(data.toString('utf8')) as unknown
  } catch (error) {
    if (error instanceof BadSignature) throw error
    throw new BadSignature('Signed payload does not decode.', 'E_BAD_SIGNATURE', { cause: error })
  }
}

/** What {@link TimestampSigner.unsign} takes. */
export interface UnsignOptions {
  /** Oldest accepted signature, in seconds. Default: any age. */
  readonly maxAge?: number
}

/**
 * A {@link Signer} that also signs the time (seconds, base62), so `unsign` can refuse old values
 * (as Django's `TimestampSigner`).
 */
export class TimestampSigner extends Signer {
  /** The current time as the signer writes it: whole seconds in base62. */
  timestamp(): string {
    return b62encode(Math.floor(Date.now() / 1000))
  }

  /** `value:timestamp:signature`. */
  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`)
  }

  /**
   * Verifies the signature, then the age.
   * @param options - `maxAge` in seconds.
   * @throws {@link BadSignature} for a bad signature or timestamp.
   * @throws {@link SignatureExpired} when older than `maxAge` seconds.
   */
  override unsign(signedValue: string, options: UnsignOptions = {}): string {
    const result = super.unsign(signedValue)
    const at = result.lastIndexOf(this.sep)
    if (at < 0) throw new BadSignature('Missing timestamp.')
    const timestamp = b62decode(result.slice(at + this.sep.length))
    if (options.maxAge !== undefined) {
      const age = Date.now() / 1000 - timestamp
      if (age > options.maxAge) throw new SignatureExpired(`Signature age ${age.toFixed(0)} > ${options.maxAge} seconds.`)
    }
    return result.slice(0, at)
  }

  /**
   * Verifies (signature and age) and decodes a value made by {@link Signer.signObject}.
   * @throws {@link BadSignature} or {@link SignatureExpired}.
   */
  override unsignObject(signedObject: string, options: UnsignOptions = {}): unknown {
    return decodePayload(this.unsign(signedObject, options))
  }
}

/** What {@link signing}`.dumps` takes. */
export interface DumpsOptions extends SignObjectOptions {
  /** Default `tango.core.signing`. Use one salt per purpose. */
  readonly salt?: string
  /** Default `settings.SECRET_KEY`. */
  readonly key?: string
}

/** What {@link signing}`.loads` takes. */
export interface LoadsOptions extends UnsignOptions {
  /** Must equal the salt given to `dumps`. Default `tango.core.signing`. */
  readonly salt?: string
  /** Default `settings.SECRET_KEY`. */
  readonly key?: string
  /** Default `settings.SECRET_KEY_FALLBACKS`. */
  readonly fallbackKeys?: readonly string[]
}

const DEFAULT_SALT = 'tango.core.signing'

/**
 * Signs a JSON-serializable value with a timestamp: a URL-safe string (Django's `signing.dumps`).
 * The value is readable by anyone (base64, not encryption); only its integrity is protected.
 */
function dumps(obj: unknown, options: DumpsOptions = {}): string {
  return new TimestampSigner({ salt: options.salt ?? DEFAULT_SALT, ...(options.key === undefined ? {} : { key: options.key }) })
    .signObject(obj, { compress: options.compress ?? false })
}

/**
 * Reverses {@link dumps} (Django's `signing.loads`).
 * @throws {@link BadSignature} when tampered, signed with another key or salt, or malformed.
 * @throws {@link SignatureExpired} when older than `maxAge` seconds.
 */
function loads(text: string, options: LoadsOptions = {}): unknown {
  const signer = new TimestampSigner({
    salt: options.salt ?? DEFAULT_SALT,
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.fallbackKeys === undefined ? {} : { fallbackKeys: options.fallbackKeys }),
  })
  return signer.unsignObject(text, options.maxAge === undefined ? {} : { maxAge: options.maxAge })
}

/**
 * `signing.dumps(value, { salt, compress })` and `signing.loads(text, { salt, maxAge })`, as Django's
 * module functions.
 */
export const signing = Object.freeze({ dumps, loads })
