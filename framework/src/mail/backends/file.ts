/**
 * The `file` email backend: writes each message to its own `.eml` file in `EMAIL_FILE_PATH`, the
 * RFC 5322 bytes a mail server would receive (Django writes one log file per connection; one file
 * per message is easier to open in a mail client and to read in tests).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ImproperlyConfigured } from '../../core/errors.ts'
import { settings } from '../../core/settings.ts'
import type { EmailMessage } from '../message.ts'
import type { ConnectionOptions } from './base.ts'
import { BaseEmailBackend } from './base.ts'

/** `20261121-231500-<8 hex>.eml`: sorts by time, never collides. */
function fileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${stamp}-${randomBytes(4).toString('hex')}.eml`
}

/** Writes one file per message into a folder (created when missing). */
export class FileEmailBackend extends BaseEmailBackend {
  /** The folder messages go to. */
  readonly filePath: string

  /**
   * @param options - `filePath` (default `EMAIL_FILE_PATH`) and `failSilently`.
   * @throws {@link ImproperlyConfigured} when no folder is given.
   */
  constructor(options: ConnectionOptions = {}) {
    super(options)
    const filePath = options.filePath ?? settings.EMAIL_FILE_PATH
    if (filePath === null || filePath === '') {
      throw new ImproperlyConfigured('EMAIL_FILE_PATH must name a folder for the file email backend.')
    }
    this.filePath = filePath
  }

  /**
   * Creates the folder.
   * @throws {@link ImproperlyConfigured} when the path exists and is not a folder, or cannot be created.
   */
  override async open(): Promise<boolean> {
    try {
      await mkdir(this.filePath, { recursive: true })
    } catch (error) {
      throw new ImproperlyConfigured(`EMAIL_FILE_PATH '${this.filePath}' is not a folder that can be created or written to.`, { cause: error })
    }
    return false
  }

  /** @inheritDoc */
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    await this.open()
    let sent = 0
    for (const message of messages) {
      if (message.recipients().length === 0) continue
      const bytes = await message.message()
      try {
        await writeFile(join(this.filePath, fileName(new Date())), bytes, { flag: 'wx' })
        sent += 1
      } catch (error) {
        if (!this.failSilently) throw error
      }
    }
    return sent
  }
}
