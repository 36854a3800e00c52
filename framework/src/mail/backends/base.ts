/**
 * The email backend interface (as Django's `BaseEmailBackend`) and the options every backend takes.
 *
 * @module
 */
import type { EmailMessage } from '../message.ts'

/** Something text can be written to: `process.stdout`, a file stream, a test's collector. */
export interface TextSink {
  write(text: string): unknown
}

/**
 * Options of `getConnection`. Each backend reads the ones it knows; the SMTP and file ones default to
 * the `EMAIL_*` settings (as Django's backend keyword arguments).
 */
export interface ConnectionOptions {
  /** Swallow sending errors; `sendMessages` then counts only what was sent. Default `false`. */
  readonly failSilently?: boolean
  /** SMTP: server host (`EMAIL_HOST`). */
  readonly host?: string
  /** SMTP: server port (`EMAIL_PORT`). */
  readonly port?: number
  /** SMTP: login user (`EMAIL_HOST_USER`); no login when empty. */
  readonly username?: string
  /** SMTP: login password (`EMAIL_HOST_PASSWORD`). */
  readonly password?: string
  /** SMTP: upgrade with STARTTLS, required (`EMAIL_USE_TLS`). */
  readonly useTls?: boolean
  /** SMTP: implicit TLS from the first byte, usually port 465 (`EMAIL_USE_SSL`). */
  readonly useSsl?: boolean
  /** SMTP: socket timeout in seconds (`EMAIL_TIMEOUT`); `null` keeps nodemailer's defaults. */
  readonly timeout?: number | null
  /** file: the folder messages are written to (`EMAIL_FILE_PATH`). */
  readonly filePath?: string
  /** console: where messages are written (default `process.stdout`). */
  readonly stream?: TextSink
}

/**
 * A connection to a mail service. `sendMessages` opens it when needed and closes what it opened;
 * call `open()` and `close()` around many sends to reuse one connection (as Django).
 */
export interface EmailBackend {
  /** Whether errors while sending are swallowed. */
  readonly failSilently: boolean
  /** Opens the connection; resolves `true` when this call opened it, `false` when it was open or needs none. */
  open(): Promise<boolean>
  /** Closes the connection, if one is open. */
  close(): Promise<void>
  /**
   * Sends the messages; messages without recipients are skipped.
   * @returns how many were sent.
   * @throws {@link BadHeaderError} for a header with CR/LF; other errors unless `failSilently`.
   */
  sendMessages(messages: readonly EmailMessage[]): Promise<number>
}

/** A backend with nothing to open or close; subclasses implement `sendMessages`. */
export abstract class BaseEmailBackend implements EmailBackend {
  readonly failSilently: boolean

  /** @param options - connection options; the base reads `failSilently`. */
  constructor(options: ConnectionOptions = {}) {
    this.failSilently = options.failSilently ?? false
  }

  /** @inheritDoc */
  async open(): Promise<boolean> {
    return false
  }

  /** @inheritDoc */
  async close(): Promise<void> {}

  /** @inheritDoc */
  abstract sendMessages(messages: readonly EmailMessage[]): Promise<number>
}
