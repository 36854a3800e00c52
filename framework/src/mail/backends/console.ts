/**
 * The `console` email backend (as Django's): writes each message, as the RFC 5322 text a mail server
 * would receive, to stdout, followed by a line of 79 dashes. The default when `DEBUG` is on.
 *
 * @module
 */
import type { EmailMessage } from '../message.ts'
import type { ConnectionOptions, TextSink } from './base.ts'
import { BaseEmailBackend } from './base.ts'

/** The separator written after each message. */
export const CONSOLE_SEPARATOR = '-'.repeat(79)

/** Writes messages to a stream (default `process.stdout`). */
export class ConsoleEmailBackend extends BaseEmailBackend {
  readonly #stream: TextSink

  /** @param options - `stream` (default `process.stdout`) and `failSilently`. */
  constructor(options: ConnectionOptions = {}) {
    super(options)
    this.#stream = options.stream ?? process.stdout
  }

  /** @inheritDoc */
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    let sent = 0
    for (const message of messages) {
      if (message.recipients().length === 0) continue
      const bytes = await message.message()
      try {
        this.#stream.write(`${bytes.toString('utf8').replace(/\r\n/g, '\n')}\n${CONSOLE_SEPARATOR}\n`)
        sent += 1
      } catch (error) {
        if (!this.failSilently) throw error
      }
    }
    return sent
  }
}
