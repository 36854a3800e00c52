/**
 * `tango/contrib/messages`: one-time messages for the user, as Django's `django.contrib.messages`.
 *
 * @example
 * ```ts
 * import { messages, MessageMiddleware, messagesApp } from 'tango/contrib/messages'
 * // settings: INSTALLED_APPS: [messagesApp, ...], MIDDLEWARE: [..., SessionMiddleware, ..., MessageMiddleware]
 * messages.success(request, 'Your comment was posted.')
 * ```
 *
 * @module
 */
import * as api from './api.ts'
import * as constants from './constants.ts'

export { messagesApp, messagesApp as default } from './app.ts'
export { addMessage, getMessages, getLevel, setLevel, debug, info, success, warning, error } from './api.ts'
export type { AddMessageOptions } from './api.ts'
export { DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_TAGS, DEFAULT_MESSAGE_LEVELS } from './constants.ts'
export { Message } from './message.ts'
export type { MessageText } from './message.ts'
export { MessageFailure } from './errors.ts'
export { MessageMiddleware } from './middleware.ts'
export { messagesContextProcessor } from './context-processor.ts'
export {
  BaseStorage, CookieStorage, SessionStorage, FallbackStorage, defaultStorage, storageClass, sessionOf,
  COOKIE_NAME, MAX_COOKIE_SIZE, SESSION_KEY,
} from './storage/index.ts'
export type { StorageClass, StoredMessages, StoreOptions, SessionLike } from './storage/index.ts'

/** The API as one object, for Django's spelling `messages.success(request, '...')`. */
export const messages = Object.freeze({
  addMessage: api.addMessage,
  getMessages: api.getMessages,
  getLevel: api.getLevel,
  setLevel: api.setLevel,
  debug: api.debug,
  info: api.info,
  success: api.success,
  warning: api.warning,
  error: api.error,
  constants,
})
