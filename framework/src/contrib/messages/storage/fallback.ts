/**
 * {@link FallbackStorage}: the cookie first, the session for what does not fit (as Django's
 * `FallbackStorage`, the default). Most requests then need no session write at all.
 *
 * @module
 */
import type { Request, Response } from 'tango/http'
import type { Message } from '../message.ts'
import type { StoredMessages } from './base.ts'
import { BaseStorage } from './base.ts'
import { CookieStorage } from './cookie.ts'
import { SessionStorage, sessionOf } from './session.ts'

/** Cookie storage, then session storage. Without a session, it behaves as the cookie storage alone. */
export class FallbackStorage extends BaseStorage {
  readonly #storages: BaseStorage[]
  readonly #usedStorages = new Set<BaseStorage>()

  /** @param request - the current request. */
  constructor(request: Request) {
    super(request)
    this.#storages = [new CookieStorage(request)]
    if (sessionOf(request) !== null) this.#storages.push(new SessionStorage(request))
  }

  /** @inheritDoc */
  override async _get(): Promise<StoredMessages> {
    const all: Message[] = []
    let allRetrieved = true
    for (const storage of this.#storages) {
      const result = await storage._get()
      allRetrieved = result.allRetrieved
      // A storage that holds nothing at all means nothing was sent on to the next one.
      if (result.messages === null) break
      if (result.messages.length > 0) this.#usedStorages.add(storage)
      all.push(...result.messages)
      if (allRetrieved) break
    }
    return { messages: all, allRetrieved }
  }

  /** @inheritDoc */
  override async _store(messages: readonly Message[], response: Response): Promise<Message[]> {
    let remaining: Message[] = [...messages]
    for (const storage of this.#storages) {
      if (remaining.length > 0) {
        // The cookie keeps the oldest; the newest overflow into the session, so they are read in order.
        remaining = await storage._store(remaining, response, { removeOldest: false })
      } else if (this.#usedStorages.has(storage)) {
        await storage._store([], response)
        this.#usedStorages.delete(storage)
      }
    }
    return remaining
  }
}
