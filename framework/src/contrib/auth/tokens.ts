/**
 * Password reset tokens (Django's `django.contrib.auth.tokens.PasswordResetTokenGenerator`).
 *
 * @module
 */
import { constantTimeCompare, saltedHmac, settings } from 'tango/core'
import type { UserRow } from './types.ts'

/** Seconds a reset link stays valid when neither options nor settings say (Django's default: 3 days). */
export const PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

// Django counts seconds from 2001-01-01 so the base36 timestamp stays short.
const EPOCH_2001 = Date.UTC(2001, 0, 1)

/** Fields of a user a token depends on. */
export type TokenUser = Pick<UserRow, 'id' | 'password' | 'lastLogin' | 'email'>

/** Options of {@link PasswordResetTokenGenerator}. */
export interface TokenGeneratorOptions {
  /** Lifetime in seconds; default `settings.PASSWORD_RESET_TIMEOUT`, read at each check. */
  readonly timeout?: number
  /** Clock in milliseconds since the Unix epoch (tests move it forward); default `Date.now`. */
  readonly now?: () => number
}

/**
 * Makes and checks password reset tokens as Django does: `<timestamp base36>-<hash>`, the hash being
 * every other hex digit of HMAC-SHA256 (key salt `tango.contrib.auth.tokens.PasswordResetTokenGenerator`,
 * `SECRET_KEY`) over the user's pk, password hash, last login (second precision), the timestamp and
 * email. So a token dies once it was used (the password changes, and logging in changes `lastLogin`)
 * and after `timeout` seconds. Keys in `SECRET_KEY_FALLBACKS` still verify (key rotation).
 */
export class PasswordResetTokenGenerator {
  readonly keySalt = 'tango.contrib.auth.tokens.PasswordResetTokenGenerator'
  readonly #timeout: number | undefined
  readonly #now: () => number

  constructor(options: TokenGeneratorOptions = {}) {
    this.#timeout = options.timeout
    this.#now = options.now ?? Date.now
  }

  /** A token for `user`, valid until the user's password or last login changes or it expires. */
  makeToken(user: TokenUser): string {
    return this.#makeTokenWithTimestamp(user, this.#seconds())
  }

  /** Whether `token` was made for `user` by this site, is unused and is not expired. */
  checkToken(user: TokenUser | null, token: string | null | undefined): boolean {
    if (!user || !token) return false
    const match = /^([0-9a-z]{1,13})-([0-9a-f]+)$/.exec(token)
    if (!match) return false
    const ts = Number.parseInt(match[1]!, 36)
    if (!Number.isSafeInteger(ts)) return false
    const secrets = [settings.SECRET_KEY, ...settings.SECRET_KEY_FALLBACKS]
    if (!secrets.some((secret) => constantTimeCompare(this.#makeTokenWithTimestamp(user, ts, secret), token))) return false
    return this.#seconds() - ts <= (this.#timeout ?? settings.PASSWORD_RESET_TIMEOUT ?? PASSWORD_RESET_TIMEOUT)
  }

  #seconds(): number {
    return Math.floor((this.#now() - EPOCH_2001) / 1000)
  }

  #makeTokenWithTimestamp(user: TokenUser, ts: number, secret?: string): string {
    const hash = saltedHmac(this.keySalt, this.#hashValue(user, ts), secret).toString('hex')
    // Django keeps every other character to shorten the URL.
    return `${ts.toString(36)}-${[...hash].filter((_, i) => i % 2 === 0).join('')}`
  }

  #hashValue(user: TokenUser, ts: number): string {
    const login = user.lastLogin ? user.lastLogin.toISOString().slice(0, 19) : ''
    return `${String(user.id)}${user.password}${login}${ts}${user.email}`
  }
}

/** The shared generator the reset views use (Django's `default_token_generator`). */
export const defaultTokenGenerator = new PasswordResetTokenGenerator()

/** The user's pk for a URL (Django's `urlsafe_base64_encode(force_bytes(pk))`, without padding). */
export function uidEncode(id: number | string): string {
  return Buffer.from(String(id)).toString('base64url')
}

/** Reverses {@link uidEncode}; `null` for text that is not URL-safe base64. */
export function uidDecode(uidb64: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(uidb64)) return null
  return Buffer.from(uidb64, 'base64url').toString('utf8')
}
