/**
 * {@link Message}: one message for the user, as Django's `django.contrib.messages.storage.base.Message`.
 *
 * @module
 */
import type { SafeString } from 'tango/templates'
import { DEFAULT_TAGS } from './constants.ts'

/** A message's text: plain text (escaped when a template prints it) or markup marked safe with `markSafe`. */
export type MessageText = string | SafeString

/**
 * One message. Plain data plus Django's derived `levelTag` and `tags`; `toString()` gives the text, so
 * `{{ message }}` prints it (escaped unless it was marked safe).
 */
export class Message {
  /** The level number (`constants.SUCCESS` is 25). */
  readonly level: number
  /** The text. */
  readonly message: MessageText
  /** Extra space-separated tags given when the message was added (`''` when none). */
  readonly extraTags: string

  /**
   * @param level - a level number, see `constants.ts`.
   * @param message - the text.
   * @param extraTags - extra CSS classes, space-separated.
   */
  constructor(level: number, message: MessageText, extraTags = '') {
    this.level = level
    this.message = message
    this.extraTags = extraTags
  }

  /** The level's tag (`'success'`), or `''` for a level without one. */
  get levelTag(): string {
    return DEFAULT_TAGS[this.level] ?? ''
  }

  /** The extra tags, then the level tag, space-separated (as Django's `Message.tags`): `'sticky success'`. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter((t) => t !== '').join(' ')
  }

  /** The text, so templates can print `{{ message }}`. */
  toString(): string {
    return String(this.message)
  }
}
