/**
 * The messages API views call (as Django's `django.contrib.messages.api`): `addMessage`, the level
 * shortcuts `debug info success warning error`, `getMessages`, `getLevel`, `setLevel`.
 *
 * @module
 */
import type { Request } from 'tango/http'
import type {} from './request.ts'
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from './constants.ts'
import { MessageFailure } from './errors.ts'
import type { Message, MessageText } from './message.ts'

/** Options of {@link addMessage} and the level shortcuts. */
export interface AddMessageOptions {
  /** Extra CSS classes for this message, space-separated. */
  readonly extraTags?: string
  /** Do nothing instead of throwing when `MessageMiddleware` is not installed (for reusable apps). */
  readonly failSilently?: boolean
}

/**
 * Queues a message for the user (as Django's `add_message`); it is stored when the response leaves
 * `MessageMiddleware` and shown by the next page that lists `messages`. Levels below the request's
 * level (`MESSAGE_LEVEL` by default) and empty texts are ignored.
 *
 * @param request - the current request.
 * @param level - a level number, e.g. `SUCCESS` (25).
 * @param message - plain text (escaped in templates) or markup marked with `markSafe`.
 * @throws {@link MessageFailure} when `MessageMiddleware` did not run, unless `failSilently`.
 * @example
 * ```ts
 * addMessage(request, constants.SUCCESS, 'Profile saved.')
 * ```
 */
export function addMessage(request: Request, level: number, message: MessageText, options: AddMessageOptions = {}): void {
  const storage = request._messages
  if (storage === undefined) {
    if (options.failSilently === true) return
    throw new MessageFailure('You cannot add messages without installing MessageMiddleware (tango/contrib/messages) in MIDDLEWARE.')
  }
  storage.add(level, message, options.extraTags ?? '')
}

/**
 * The request's messages: stored ones, then those added during this request. Marks them used, so
 * they are not kept for the next request (as iterating Django's `get_messages(request)`).
 * @returns the messages, oldest first; `[]` when `MessageMiddleware` did not run.
 */
export async function getMessages(request: Request): Promise<Message[]> {
  const storage = request._messages
  if (storage === undefined) return []
  await storage.load()
  return [...storage]
}

/** The lowest level recorded for this request (as Django's `get_level`); `MESSAGE_LEVEL` unless set. */
export function getLevel(request: Request): number {
  return request._messages?.level ?? INFO
}

/**
 * Sets the lowest level recorded for this request (as Django's `set_level`); `null` restores `MESSAGE_LEVEL`.
 * @returns `false` when `MessageMiddleware` did not run, else `true`.
 */
export function setLevel(request: Request, level: number | null): boolean {
  const storage = request._messages
  if (storage === undefined) return false
  storage.level = level
  return true
}

/** Adds a `DEBUG` (10) message; see {@link addMessage}. Not recorded unless the level was lowered. */
export function debug(request: Request, message: MessageText, options: AddMessageOptions = {}): void {
  addMessage(request, DEBUG, message, options)
}

/** Adds an `INFO` (20) message; see {@link addMessage}. */
export function info(request: Request, message: MessageText, options: AddMessageOptions = {}): void {
  addMessage(request, INFO, message, options)
}

/** Adds a `SUCCESS` (25) message; see {@link addMessage}. */
export function success(request: Request, message: MessageText, options: AddMessageOptions = {}): void {
  addMessage(request, SUCCESS, message, options)
}

/** Adds a `WARNING` (30) message; see {@link addMessage}. */
export function warning(request: Request, message: MessageText, options: AddMessageOptions = {}): void {
  addMessage(request, WARNING, message, options)
}

/** Adds an `ERROR` (40) message; see {@link addMessage}. */
export function error(request: Request, message: MessageText, options: AddMessageOptions = {}): void {
  addMessage(request, ERROR, message, options)
}
