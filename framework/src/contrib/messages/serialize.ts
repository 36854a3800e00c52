/**
 * Messages as JSON, in Django's `MessageEncoder` shape: each message is
 * `["__json_message", isSafe (0|1), level, text, extraTags?]`, so markup marked safe stays safe across
 * requests and nothing but plain data is ever stored.
 *
 * @module
 * @internal
 */
import { isSafe, markSafe } from 'tango/templates'
import { Message } from './message.ts'

const MESSAGE_KEY = '__json_message'

/** A message as stored (Django's list form). */
export type StoredMessage = [typeof MESSAGE_KEY, 0 | 1, number, string] | [typeof MESSAGE_KEY, 0 | 1, number, string, string]

/** Plain data for one message. @internal */
export function toStored(message: Message): StoredMessage {
  const safe = isSafe(message.message) ? 1 : 0
  const text = String(message.message)
  return message.extraTags === '' ? [MESSAGE_KEY, safe, message.level, text] : [MESSAGE_KEY, safe, message.level, text, message.extraTags]
}

/** The message a stored entry describes, or `null` when the entry is not one (tampered or foreign data). @internal */
export function fromStored(value: unknown): Message | null {
  if (!Array.isArray(value) || value[0] !== MESSAGE_KEY) return null
  const [, safe, level, text, extraTags] = value as unknown[]
  if (typeof level !== 'number' || typeof text !== 'string') return null
  return new Message(level, safe === 1 ? markSafe(text) : text, typeof extraTags === 'string' ? extraTags : '')
}

/** Decodes a list of stored messages, dropping anything that is not one. @internal */
export function decodeList(value: unknown): Message[] | null {
  if (!Array.isArray(value)) return null
  const out: Message[] = []
  for (const item of value as unknown[]) {
    const message = fromStored(item)
    if (message !== null) out.push(message)
  }
  return out
}
