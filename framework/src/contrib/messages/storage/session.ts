/**
 * {@link SessionStorage}: messages in the session under `_messages` (as Django's `SessionStorage`),
 * as plain JSON data so any session backend can hold them.
 *
 * @module
 */
import { ImproperlyConfigured } from 'tango/core'
import type { Request, Response } from 'tango/http'
import type { Message } from '../message.ts'
import { decodeList, toStored } from '../serialize.ts'
import type { StoredMessages } from './base.ts'
import { BaseStorage } from './base.ts'

/** The session key messages are kept under (Django's `SessionStorage.session_key`). */
export const SESSION_KEY = '_messages'

/**
 * The slice of a session the messages app uses: `get` and `set`, each sync or async, and `delete`
 * when there is one. `request.session` from the sessions app fits; so does a plain object in tests.
 */
export interface SessionLike {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
  delete?(key: string): unknown
}

function isSessionLike(value: unknown): value is SessionLike {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as { get?: unknown; set?: unknown }
  return typeof candidate.get === 'function' && typeof candidate.set === 'function'
}

/**
 * The request's session, or `null` when no session middleware ran. The sessions app declares
 * `request.session` on `Request`; reading it structurally keeps this app free of that import.
 */
export function sessionOf(request: Request): SessionLike | null {
  const session: unknown = Reflect.get(request, 'session')
  return isSessionLike(session) ? session : null
}

/** Messages in `request.session`. */
export class SessionStorage extends BaseStorage {
  /**
   * @param request - the current request; it must carry a session.
   * @throws {@link ImproperlyConfigured} when it does not (put `SessionMiddleware` before `MessageMiddleware`).
   */
  constructor(request: Request) {
    super(request)
    if (sessionOf(request) === null) {
      throw new ImproperlyConfigured('The session-based message storage requires the sessions app: add SessionMiddleware before MessageMiddleware in MIDDLEWARE.')
    }
  }

  #session(): SessionLike {
    return sessionOf(this.request) as SessionLike
  }

  /** @inheritDoc */
  override async _get(): Promise<StoredMessages> {
    const stored: unknown = await this.#session().get(SESSION_KEY)
    if (typeof stored !== 'string') return { messages: null, allRetrieved: true }
    let parsed: unknown
    try {
      parsed = JSON.parse(stored)
    } catch {
      return { messages: null, allRetrieved: true }
    }
    return { messages: decodeList(parsed), allRetrieved: true }
  }

  /** @inheritDoc */
  override async _store(messages: readonly Message[], _response: Response): Promise<Message[]> {
    const session = this.#session()
    if (messages.length > 0) {
      await session.set(SESSION_KEY, JSON.stringify(messages.map(toStored)))
    } else if ((await session.get(SESSION_KEY)) !== undefined) {
      // Only touch the session when it holds messages, so an unchanged session is not saved again.
      if (session.delete) await session.delete(SESSION_KEY)
      else await session.set(SESSION_KEY, undefined)
    }
    return []
  }
}
