/**
 * The `dummy` email backend (as Django's): accepts messages and does nothing with them.
 *
 * @module
 */
import type { EmailMessage } from '../message.ts'
import { BaseEmailBackend } from './base.ts'

/** Drops every message; reports them all as sent. */
export class DummyEmailBackend extends BaseEmailBackend {
  /** @inheritDoc */
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    return messages.length
  }
}
