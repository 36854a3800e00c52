/**
 * The `smtp` email backend (as Django's): sends through an SMTP server with nodemailer, loaded on
 * first send. Settings `EMAIL_HOST EMAIL_PORT EMAIL_HOST_USER EMAIL_HOST_PASSWORD EMAIL_USE_TLS
 * EMAIL_USE_SSL EMAIL_TIMEOUT`. The default when `DEBUG` is off.
 *
 * @module
 */
import type { SMTPPoolOptions, Transporter } from 'nodemailer'
import { ImproperlyConfigured } from '../../core/errors.ts'
import { settings } from '../../core/settings.ts'
import type { EmailMessage } from '../message.ts'
import type { ConnectionOptions } from './base.ts'
import { BaseEmailBackend } from './base.ts'

/** Sends over SMTP; one connection per `open()`/`close()` pair, or per `sendMessages` call. */
export class SmtpEmailBackend extends BaseEmailBackend {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly password: string
  readonly useTls: boolean
  readonly useSsl: boolean
  /** Seconds; `null` keeps nodemailer's own timeouts. */
  readonly timeout: number | null
  #transport: Transporter | null = null

  /**
   * @param options - server, login, TLS and timeout; each defaults to its `EMAIL_*` setting.
   * @throws {@link ImproperlyConfigured} when both `useTls` and `useSsl` are on (as Django).
   */
  constructor(options: ConnectionOptions = {}) {
    super(options)
    this.host = options.host ?? settings.EMAIL_HOST
    this.port = options.port ?? settings.EMAIL_PORT
    this.username = options.username ?? settings.EMAIL_HOST_USER
    this.password = options.password ?? settings.EMAIL_HOST_PASSWORD
    this.useTls = options.useTls ?? settings.EMAIL_USE_TLS
    this.useSsl = options.useSsl ?? settings.EMAIL_USE_SSL
    this.timeout = options.timeout === undefined ? settings.EMAIL_TIMEOUT : options.timeout
    if (this.useTls && this.useSsl) {
      throw new ImproperlyConfigured('EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to true.')
    }
  }

  /** Creates the transport (a pool of one connection, so the messages of one batch share it). */
  override async open(): Promise<boolean> {
    if (this.#transport !== null) return false
    const nodemailer = (await import('nodemailer')).default
    const timeoutMs = this.timeout === null ? undefined : this.timeout * 1000
    const options: SMTPPoolOptions = {
      pool: true,
      maxConnections: 1,
      host: this.host,
      port: this.port,
      secure: this.useSsl,
      // Django sends in the clear unless told to use TLS; nodemailer would try STARTTLS whenever offered.
      ...(this.useTls ? { requireTLS: true } : this.useSsl ? {} : { ignoreTLS: true }),
      ...(this.username !== '' ? { auth: { user: this.username, pass: this.password } } : {}),
      ...(timeoutMs !== undefined ? { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } : {}),
    }
    this.#transport = nodemailer.createTransport(options)
    return true
  }

  /** Closes the connection. */
  override async close(): Promise<void> {
    const transport = this.#transport
    this.#transport = null
    transport?.close()
  }

  /** @inheritDoc */
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    if (messages.length === 0) return 0
    const opened = await this.open()
    let sent = 0
    try {
      for (const message of messages) {
        const recipients = message.recipients()
        if (recipients.length === 0) continue
        const raw = await message.message()
        try {
          await (this.#transport as Transporter).sendMail({ envelope: { from: message.fromEmail, to: recipients }, raw })
          sent += 1
        } catch (error) {
          if (!this.failSilently) throw error
        }
      }
    } finally {
      if (opened) await this.close()
    }
    return sent
  }
}
