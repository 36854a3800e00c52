/**
 * The messages context processor (as Django's `django.contrib.messages.context_processors.messages`).
 *
 * @module
 */
import type { Request } from 'tango/http'
import { DEFAULT_MESSAGE_LEVELS } from './constants.ts'
import type {} from './request.ts'
import type { Message } from './message.ts'

/**
 * Gives templates `messages` and `DEFAULT_MESSAGE_LEVELS`. `messages` is the request's storage,
 * loaded: a list of {@link Message} (`level levelTag tags message extraTags`) that a `{% for %}`
 * walks, and walking it marks the messages shown; `messages.length` counts them without doing so.
 * Without `MessageMiddleware`, `messages` is an empty list.
 *
 * @example
 * ```njk
 * {% if messages.length %}<ul class="messages">
 *   {% for m in messages %}<li class="{{ m.tags }}">{{ m.message }}</li>{% endfor %}
 * </ul>{% endif %}
 * ```
 */
export async function messagesContextProcessor(request: Request): Promise<{ messages: Iterable<Message> & { readonly length: number }; DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_MESSAGE_LEVELS }> {
  const storage = request._messages
  if (storage !== undefined) await storage.load()
  return { messages: storage ?? [], DEFAULT_MESSAGE_LEVELS }
}
