/**
 * The `signedCookies` session engine: the whole session lives in the cookie, signed and compressed
 * (Django's `django.contrib.sessions.backends.signed_cookies`). No storage, so no server-side
 * logout: a copied cookie stays valid until it expires (`SESSION_COOKIE_AGE`). Values are readable
 * by the client (signed, not encrypted), and browsers drop cookies over about 4 kB.
 *
 * @module
 */
import { settings, signing, TangoError } from 'tango/core'
import { SessionBase } from './base.ts'
import type { SessionData } from './base.ts'

const SALT = 'tango.contrib.sessions.backends.signedCookies'

/** Sessions kept in a signed cookie (as Django's `signed_cookies.SessionStore`). */
export class SignedCookieSessionStore extends SessionBase {
  protected async loadData(): Promise<SessionData> {
    const key = this.sessionKey
    if (key !== null) {
      try {
        const value = signing.loads(key, { salt: SALT, maxAge: settings.SESSION_COOKIE_AGE })
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as SessionData
      } catch {
        // Tampered, expired or not ours: a fresh, anonymous session (Django resets the same way).
      }
    }
    this.setSessionKey(null)
    return {}
  }

  /** Always `false`: keys are the data itself, so none can collide. */
  async exists(_sessionKey: string): Promise<boolean> {
    return false
  }

  async create(): Promise<void> {
    this.modified = true
  }

  /** Signs the data into the key, which the middleware then writes as the cookie (so it marks the session modified). */
  async save(_mustCreate = false): Promise<void> {
    this.setSessionKey(signing.dumps(await this.data(), { salt: SALT, compress: true }))
    this.modified = true
  }

  async deleteSession(_sessionKey?: string | null): Promise<void> {
    // Nothing is stored: forgetting the key and data makes the middleware delete the cookie.
    this.setSessionKey(null)
    this.setData({})
    this.modified = true
  }

  /**
   * Re-signs the data with a fresh timestamp (Django's `cycle_key`). The data is the key, so a cookie
   * copied earlier stays valid until it expires: this engine cannot prevent replay.
   */
  override async cycleKey(): Promise<void> {
    await this.save()
  }

  /** Nothing to clear: expired cookies fail their signature's age check. */
  static async clearExpired(): Promise<number> {
    return 0
  }

  /** @throws TangoError `E_SESSION_NOT_SUPPORTED`: cookie sessions cannot be listed (nothing is stored). */
  static async listForUser(_userId: string | number): Promise<never> {
    throw new TangoError('E_SESSION_NOT_SUPPORTED', "The signedCookies session engine stores nothing on the server, so a user's sessions cannot be listed; use SESSION_ENGINE 'db'.")
  }

  /** @throws TangoError `E_SESSION_NOT_SUPPORTED`: cookie sessions cannot be ended from the server. */
  static async endOthers(_userId: string | number, _currentKey: string | null): Promise<never> {
    throw new TangoError('E_SESSION_NOT_SUPPORTED', "The signedCookies session engine stores nothing on the server, so other sessions cannot be ended; use SESSION_ENGINE 'db'.")
  }
}
