/**
 * `SessionBase`: what `request.session` is, whatever the storage (Django's
 * `django.contrib.sessions.backends.base.SessionBase`). Backends implement loading, saving, creating
 * and deleting; everything a view uses lives here.
 *
 * Loading is lazy: nothing is read from storage until the first `await session.get(...)` (or any
 * other data method), and then once per request, however many calls follow or run concurrently. A
 * request that never touches its session costs no query. That is why the data methods are async.
 *
 * @module
 */
import { getLogger, getRandomString, settings, signing, BadSignature } from 'tango/core'

/** The session value holding a per-session expiry (seconds, or an ISO date), as Django's. */
export const SESSION_EXPIRY_KEY = '_session_expiry'
/** The session value the auth app stores the logged-in user's primary key under (Django's `SESSION_KEY`). */
export const AUTH_USER_ID_KEY = '_auth_user_id'

/** The session's values: JSON-serializable, as they are stored as JSON. */
export type SessionData = Record<string, unknown>

/** Django's `VALID_KEY_CHARS`: session keys are 32 of these, from a CSPRNG. */
const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** What `getExpiryAge` / `getExpiryDate` take: compute for another moment or another expiry value. */
export interface ExpiryOptions {
  /** The moment the session was modified (default now). */
  readonly modification?: Date
  /** Use this expiry instead of the session's `_session_expiry`. */
  readonly expiry?: number | string | Date | null
}

/**
 * A backend failed to create a session because the key was taken (Django's `CreateError`): the
 * caller picks another key.
 * @internal
 */
export class CreateError extends Error {}

/**
 * A backend failed to save a session that no longer exists in storage (Django's `UpdateError`): it was
 * deleted (logout, `clearsessions`) while the request ran. The middleware answers 400.
 * @internal
 */
export class UpdateError extends Error {}

/**
 * The session of one request (as Django's `SessionBase`). Values must be JSON-serializable.
 *
 * @example
 * ```ts
 * const visits = (await request.session.get<number>('visits')) ?? 0
 * await request.session.set('visits', visits + 1)
 * ```
 */
export abstract class SessionBase {
  /** `true` once the data was read or written in this request (the middleware then adds `Vary: Cookie`). */
  accessed = false
  /** `true` once a value changed; only then is the session saved (unless `SESSION_SAVE_EVERY_REQUEST`). */
  modified = false

  #sessionKey: string | null
  #cache: SessionData | null = null
  #loading: Promise<SessionData> | null = null

  /** @param sessionKey - the key from the cookie, or `null` for a new session. Keys under 8 characters are ignored. */
  constructor(sessionKey: string | null = null) {
    this.#sessionKey = validKey(sessionKey)
  }

  /** The key the session is stored under (the cookie's value), or `null` before the first save. */
  get sessionKey(): string | null {
    return this.#sessionKey
  }

  /** Sets the key (backends only); invalid keys become `null`. */
  protected setSessionKey(key: string | null): void {
    this.#sessionKey = validKey(key)
  }

  /** The salt the data is signed with, one per backend class, so data signed for one use fails in another. */
  protected get keySalt(): string {
    return `tango.contrib.sessions.${this.constructor.name}`
  }

  // ---- storage, implemented by each backend -------------------------------------------------------

  /** Reads the data for {@link sessionKey}; when there is none (unknown, expired, tampered), sets the key to `null` and returns `{}`. */
  protected abstract loadData(): Promise<SessionData>
  /** Whether a session with this key exists in storage. */
  abstract exists(sessionKey: string): Promise<boolean>
  /** Gives the session a new, unused key and saves it empty (or with the data already loaded); sets `modified`. */
  abstract create(): Promise<void>
  /**
   * Writes the session to storage.
   * @param mustCreate - insert a new row, failing with `CreateError` when the key exists.
   * @throws {@link UpdateError} when updating a session that storage no longer has.
   */
  abstract save(mustCreate?: boolean): Promise<void>
  /** Removes a session from storage (default this one's). Django's `SessionBase.delete(session_key)`. */
  abstract deleteSession(sessionKey?: string | null): Promise<void>

  // ---- data ---------------------------------------------------------------------------------------

  /**
   * Loads the session's data now, if not yet loaded (the data methods do this themselves; call it to
   * load early, e.g. before a synchronous template render).
   */
  async load(): Promise<void> {
    await this.data()
  }

  /**
   * The data, loaded on first use; marks the session accessed.
   * @param noLoad - start from `{}` instead of reading storage (creating a session).
   */
  protected async data(noLoad = false): Promise<SessionData> {
    this.accessed = true
    if (this.#cache !== null) return this.#cache
    if (this.#sessionKey === null || noLoad) return (this.#cache = {})
    // Concurrent first calls share one read.
    const loading = (this.#loading ??= this.loadData())
    const data = await loading
    this.#loading = null
    return (this.#cache ??= data)
  }

  /** Replaces the loaded data (backends and {@link cycleKey}). */
  protected setData(data: SessionData | null): void {
    this.#cache = data
  }

  /** One value, or `fallback` (default `undefined`) when absent. */
  async get<T = unknown>(key: string, fallback?: T): Promise<T | undefined> {
    const data = await this.data()
    return Object.hasOwn(data, key) ? (data[key] as T) : fallback
  }

  /** Sets one value (JSON-serializable) and marks the session modified. */
  async set(key: string, value: unknown): Promise<void> {
    const data = await this.data()
    data[key] = value
    this.modified = true
  }

  /** Removes one value; returns whether it was there. Marks the session modified when it was. */
  async delete(key: string): Promise<boolean> {
    const data = await this.data()
    if (!Object.hasOwn(data, key)) return false
    delete data[key]
    this.modified = true
    return true
  }

  /** Removes and returns one value, or `fallback` when absent. */
  async pop<T = unknown>(key: string, fallback?: T): Promise<T | undefined> {
    const data = await this.data()
    if (!Object.hasOwn(data, key)) return fallback
    const value = data[key] as T
    delete data[key]
    this.modified = true
    return value
  }

  /** Whether the session holds `key` (Django's `key in session`). */
  async has(key: string): Promise<boolean> {
    return Object.hasOwn(await this.data(), key)
  }

  /** Returns the value of `key`, first setting it to `value` when absent (Django's `setdefault`). */
  async setDefault<T>(key: string, value: T): Promise<T> {
    const data = await this.data()
    if (Object.hasOwn(data, key)) return data[key] as T
    data[key] = value
    this.modified = true
    return value
  }

  /** Sets several values at once. */
  async update(values: Readonly<SessionData>): Promise<void> {
    Object.assign(await this.data(), values)
    this.modified = true
  }

  /** Every key. */
  async keys(): Promise<string[]> {
    return Object.keys(await this.data())
  }

  /** Every value. */
  async values(): Promise<unknown[]> {
    return Object.values(await this.data())
  }

  /** Every `[key, value]` pair. */
  async items(): Promise<[string, unknown][]> {
    return Object.entries(await this.data())
  }

  /** Removes every value but keeps the key (Django's `clear`); see {@link flush} to end the session. */
  async clear(): Promise<void> {
    this.#cache = {}
    this.accessed = true
    this.modified = true
  }

  /**
   * Whether the session has neither a key nor data (Django's `is_empty`): an empty session is never
   * saved, and its cookie is deleted. Synchronous: it only looks at what this request holds.
   */
  isEmpty(): boolean {
    return this.#sessionKey === null && (this.#cache === null || Object.keys(this.#cache).length === 0)
  }

  /** Ends the session: data cleared, storage deleted, key dropped; the cookie is deleted (Django's `flush`, used by logout). */
  async flush(): Promise<void> {
    await this.clear()
    await this.deleteSession()
    this.#sessionKey = null
  }

  /**
   * Keeps the data under a new key and deletes the old one (Django's `cycle_key`). Call it when the
   * privilege level changes (login) so a key planted before cannot be reused: no session fixation.
   */
  async cycleKey(): Promise<void> {
    const data = await this.data()
    const key = this.#sessionKey
    await this.create()
    this.#cache = data
    if (key !== null) await this.deleteSession(key)
  }

  // ---- expiry -------------------------------------------------------------------------------------

  /**
   * Sets this session's lifetime (Django's `set_expiry`).
   * @param value - seconds from the last modification (`0`: until the browser closes), a `Date`, or
   *   `null` to fall back to `SESSION_COOKIE_AGE` / `SESSION_EXPIRE_AT_BROWSER_CLOSE`.
   */
  async setExpiry(value: number | Date | null): Promise<void> {
    if (value === null) {
      await this.delete(SESSION_EXPIRY_KEY)
      return
    }
    await this.set(SESSION_EXPIRY_KEY, value instanceof Date ? value.toISOString() : value)
  }

  /** Seconds until the session expires, counted from `modification` (Django's `get_expiry_age`). */
  async getExpiryAge(options: ExpiryOptions = {}): Promise<number> {
    const modification = options.modification ?? new Date()
    const expiry = 'expiry' in options ? options.expiry : await this.get(SESSION_EXPIRY_KEY)
    if (!expiry) return settings.SESSION_COOKIE_AGE
    if (typeof expiry === 'number') return expiry
    const date = expiry instanceof Date ? expiry : new Date(String(expiry))
    return Math.floor((date.getTime() - modification.getTime()) / 1000)
  }

  /** When the session expires (Django's `get_expiry_date`). */
  async getExpiryDate(options: ExpiryOptions = {}): Promise<Date> {
    const modification = options.modification ?? new Date()
    const expiry = 'expiry' in options ? options.expiry : await this.get(SESSION_EXPIRY_KEY)
    if (expiry instanceof Date) return expiry
    if (typeof expiry === 'string' && expiry !== '') return new Date(expiry)
    const seconds = typeof expiry === 'number' && expiry !== 0 ? expiry : settings.SESSION_COOKIE_AGE
    return new Date(modification.getTime() + seconds * 1000)
  }

  /** Whether the cookie should last only until the browser closes (Django's `get_expire_at_browser_close`). */
  async getExpireAtBrowserClose(): Promise<boolean> {
    const expiry = await this.get(SESSION_EXPIRY_KEY)
    if (expiry === undefined || expiry === null) return settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    return expiry === 0
  }

  // ---- helpers for backends -----------------------------------------------------------------------

  /** A new random key no stored session uses (Django's `_get_new_session_key`). */
  protected async newSessionKey(): Promise<string> {
    for (;;) {
      const key = getRandomString(32, VALID_KEY_CHARS)
      if (!(await this.exists(key))) return key
    }
  }

  /** The data as signed, compressed JSON (Django's `encode`). */
  protected encode(data: SessionData): string {
    return signing.dumps(data, { salt: this.keySalt, compress: true })
  }

  /** Reverses {@link encode}; tampered or malformed data gives `{}` and a warning, never an error (Django's `decode`). */
  protected decode(text: string): SessionData {
    try {
      const value = signing.loads(text, { salt: this.keySalt })
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as SessionData
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error
    }
    getLogger('tango.security.SuspiciousSession').warn('Session data corrupted')
    return {}
  }
}

function validKey(key: string | null): string | null {
  // Django's _validate_session_key: anything shorter than 8 characters is not a key we made.
  return key !== null && key.length >= 8 ? key : null
}
