/**
 * {@link CookieStorage}: messages in a signed cookie (as Django's `CookieStorage`). The cookie is
 * signed with `SECRET_KEY` (so a user cannot forge a message) and compressed; when the messages
 * would make it pass {@link MAX_COOKIE_SIZE}, the oldest (or, for the fallback storage, the newest)
 * are left out and a marker says more are waiting elsewhere.
 *
 * @module
 */
import { BadSignature, Signer, settings } from 'tango/core'
import type { Response } from 'tango/http'
import type { Message } from '../message.ts'
import { decodeList, toStored } from '../serialize.ts'
import type { StoreOptions, StoredMessages } from './base.ts'
import { BaseStorage } from './base.ts'

/** The cookie's name (Django's `CookieStorage.cookie_name`). */
export const COOKIE_NAME = 'messages'
/**
 * The largest encoded cookie value kept, in bytes (Django's 2048: half of the 4 KB browsers take per
 * cookie, leaving room for the session and CSRF cookies).
 */
export const MAX_COOKIE_SIZE = 2048
/** Appended to the stored list when some messages did not fit (Django's `not_finished`). */
const NOT_FINISHED = '__messagesnotfinished__'
const SALT = 'tango.contrib.messages'

/** The size of a cookie value as it goes on the wire: `serializeCookie` percent-encodes it. */
function wireSize(value: string): number {
  return encodeURIComponent(value).length
}

/** Messages in a signed cookie named `messages`; cookie attributes follow the `SESSION_COOKIE_*` settings, as Django. */
export class CookieStorage extends BaseStorage {
  /** @inheritDoc */
  override async _get(): Promise<StoredMessages> {
    const raw = this.request.cookies[COOKIE_NAME]
    const messages = raw === undefined ? null : this.#decode(raw)
    if (messages === null) return { messages: null, allRetrieved: true }
    const allRetrieved = messages.at(-1) !== NOT_FINISHED
    if (!allRetrieved) messages.pop()
    return { messages: decodeList(messages) ?? [], allRetrieved }
  }

  /** @inheritDoc */
  override async _store(messages: readonly Message[], response: Response, options: StoreOptions = {}): Promise<Message[]> {
    const removeOldest = options.removeOldest ?? true
    let unstored: Message[] = []
    let encoded = messages.length > 0 ? this.#encode(messages, false) : ''
    if (wireSize(encoded) > MAX_COOKIE_SIZE) {
      const withMarker = (kept: readonly Message[]): string => this.#encode(kept, true)
      const fits = (kept: readonly Message[]): boolean => wireSize(withMarker(kept)) <= MAX_COOKIE_SIZE
      if (removeOldest) {
        // Smallest start index whose tail fits; dropping more only shrinks the cookie, so bisect.
        let lo = 0
        let hi = messages.length
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (fits(messages.slice(mid))) hi = mid
          else lo = mid + 1
        }
        unstored = messages.slice(0, lo)
        encoded = withMarker(messages.slice(lo))
      } else {
        // Largest prefix that fits: the newest messages go on to the next storage.
        let lo = 0
        let hi = messages.length
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1
          if (fits(messages.slice(0, mid))) lo = mid
          else hi = mid - 1
        }
        unstored = messages.slice(lo)
        encoded = withMarker(messages.slice(0, lo))
      }
    }
    this.#updateCookie(encoded, response)
    return unstored
  }

  #updateCookie(encoded: string, response: Response): void {
    const sameSite = settings.SESSION_COOKIE_SAMESITE
    const domain = settings.SESSION_COOKIE_DOMAIN
    if (encoded !== '') {
      response.setCookie(COOKIE_NAME, encoded, {
        ...(domain !== null ? { domain } : {}),
        ...(sameSite !== null ? { sameSite } : {}),
        secure: settings.SESSION_COOKIE_SECURE,
        httpOnly: settings.SESSION_COOKIE_HTTPONLY,
      })
    } else if (this.request.cookies[COOKIE_NAME] !== undefined) {
      response.deleteCookie(COOKIE_NAME, { ...(domain !== null ? { domain } : {}), ...(sameSite !== null ? { sameSite } : {}) })
    }
  }

  #encode(messages: readonly Message[], notFinished: boolean): string {
    const data: unknown[] = messages.map(toStored)
    if (notFinished) data.push(NOT_FINISHED)
    return new Signer({ salt: SALT }).signObject(data, { compress: true })
  }

  /** The stored list, or `null` for a cookie that is not ours or was tampered with. */
  #decode(raw: string): unknown[] | null {
    try {
      const value = new Signer({ salt: SALT }).unsignObject(raw)
      if (Array.isArray(value)) return value as unknown[]
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error
    }
    // Something was wrong with the cookie: mark it used so update() replaces or deletes it (as Django).
    this.used = true
    return null
  }
}
