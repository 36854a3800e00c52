/**
 * Adds `request._messages` to `tango/http`'s `Request` (declaration merging), set by `MessageMiddleware`.
 *
 * @module
 */
import type { BaseStorage } from './storage/base.ts'

declare module 'tango/http' {
  interface Request {
    /** The message storage for this request; set by `MessageMiddleware` (as Django's `request._messages`). */
    _messages?: BaseStorage
  }
}
