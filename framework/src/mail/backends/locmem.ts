/**
 * The `locmem` email backend (as Django's): keeps sent messages in {@link outbox}, for tests.
 *
 * @module
 */
import type { EmailMessage } from '../message.ts'
import { BaseEmailBackend } from './base.ts'

/**
 * Every message the locmem backend sent in this process, oldest first (Django's `mail.outbox`).
 * Tests read it and empty it with `outbox.length = 0` (or {@link clearOutbox}).
 */
export const outbox: EmailMessage[] = []

/** Empties {@link outbox}. */
export function clearOutbox(): void {
  outbox.length = 0
}

/** Appends messages to {@link outbox}, after building each so header errors surface as they would in production. */
export class LocmemEmailBackend extends BaseEmailBackend {
  /** @inheritDoc */
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    let sent = 0
    for (const message of messages) {
      if (message.recipients().length === 0) continue
      await message.message()
      outbox.push(message)
      sent += 1
    }
    return sent
  }
}
