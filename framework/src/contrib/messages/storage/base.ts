/**
 * {@link BaseStorage}: what every message storage shares (as Django's `BaseStorage`): messages added
 * during a request are queued; the stored ones load once, on first use; iterating marks them used; and
 * on the way out {@link BaseStorage.update} keeps what was not shown and drops what was.
 *
 * @module
 */
import { settings } from 'tango/core'
import type { Request, Response } from 'tango/http'
import { INFO } from '../constants.ts'
import type { MessageText } from '../message.ts'
import { Message } from '../message.ts'

/** What a storage's `_get` returns: the messages it holds (`null` when it holds no data at all) and whether they are all of them. */
export interface StoredMessages {
  readonly messages: Message[] | null
  /** `false` when a cookie says more messages wait in the next storage (the fallback's cue). */
  readonly allRetrieved: boolean
}

/** Options of {@link BaseStorage._store}. */
export interface StoreOptions {
  /** When the storage cannot keep every message, drop the oldest (default) or the newest. */
  readonly removeOldest?: boolean
}

/**
 * A per-request message store. Subclasses implement `_get` and `_store`; everything else is here.
 * Iterable (synchronously, once {@link BaseStorage.load} resolved): `for (const m of storage)`, which
 * marks the messages used so they are not kept for the next request.
 */
export abstract class BaseStorage implements Iterable<Message> {
  /** The request this storage belongs to. */
  readonly request: Request
  /** Whether the messages were iterated (shown) during this request. */
  used = false
  /** Whether a message was added during this request. */
  addedNew = false
  #queued: Message[] = []
  #loaded: Message[] | null = null
  #loading: Promise<void> | null = null
  #level: number | null = null

  /** @param request - the current request. */
  constructor(request: Request) {
    this.request = request
  }

  /**
   * Reads the stored messages (a storage's own read). @internal
   * @returns the messages and whether they are all of them.
   */
  abstract _get(): Promise<StoredMessages>

  /**
   * Stores `messages` (replacing what was stored) and sets cookies on `response` if the storage needs to. @internal
   * @returns the messages it could not keep.
   */
  abstract _store(messages: readonly Message[], response: Response, options?: StoreOptions): Promise<Message[]>

  /** Reads the stored messages once; later calls reuse the first read. */
  load(): Promise<void> {
    this.#loading ??= this._get().then(({ messages }) => {
      this.#loaded = messages ?? []
    })
    return this.#loading
  }

  /** Whether {@link BaseStorage.load} has finished. */
  get loaded(): boolean {
    return this.#loaded !== null
  }

  /** The number of messages (stored and queued); counts queued ones only until {@link BaseStorage.load} finished. */
  get length(): number {
    return (this.#loaded?.length ?? 0) + this.#queued.length
  }

  /**
   * Iterates the stored messages, then those added during this request, and marks them used.
   * @throws Error when the storage was not loaded: await {@link BaseStorage.load} (or use `getMessages`) first.
   */
  [Symbol.iterator](): Iterator<Message> {
    if (this.#loaded === null) throw new Error('Message storage not loaded: await storage.load() (or getMessages(request)) before iterating.')
    this.used = true
    if (this.#queued.length > 0) {
      this.#loaded.push(...this.#queued)
      this.#queued = []
    }
    return this.#loaded[Symbol.iterator]()
  }

  /**
   * Queues a message (as Django's `BaseStorage.add`). Empty text and levels below {@link BaseStorage.level}
   * are ignored.
   */
  add(level: number, message: MessageText, extraTags = ''): void {
    if (String(message) === '') return
    if (level < this.level) return
    this.addedNew = true
    this.#queued.push(new Message(level, message, extraTags))
  }

  /** The lowest level recorded: set per request, else `MESSAGE_LEVEL` (default 20, INFO). */
  get level(): number {
    return this.#level ?? settings.MESSAGE_LEVEL ?? INFO
  }

  /** Sets the lowest level recorded for this request; `null` goes back to `MESSAGE_LEVEL`. */
  set level(value: number | null) {
    this.#level = value
  }

  /**
   * Saves what must outlive this request (as Django's `update`): once shown, only the messages added
   * after showing; if not shown but something was added, the stored ones plus the new ones; otherwise
   * nothing changes (no cookie is written, the session is not touched).
   * @returns the messages that could not be stored.
   */
  async update(response: Response): Promise<Message[]> {
    if (this.used) return this._store(this.#queued, response)
    if (this.addedNew) {
      await this.load()
      return this._store([...(this.#loaded ?? []), ...this.#queued], response)
    }
    return []
  }
}
