/**
 * {@link sendMail} and {@link sendMassMail}, the shortcuts most code uses (as Django's `send_mail`
 * and `send_mass_mail`).
 *
 * @module
 */
import type { EmailBackend } from './backends/base.ts'
import { getConnection } from './connection.ts'
import { EmailMessage, EmailMultiAlternatives } from './message.ts'

/** Options of {@link sendMail}. */
export interface SendMailOptions {
  /** An HTML rendering sent beside the text, as a `text/html` alternative. */
  readonly htmlMessage?: string
  /** Swallow sending errors and resolve 0 (header errors still throw). Default `false`. */
  readonly failSilently?: boolean
  /** SMTP login for this send, instead of `EMAIL_HOST_USER`. */
  readonly authUser?: string
  /** SMTP password for this send, instead of `EMAIL_HOST_PASSWORD`. */
  readonly authPassword?: string
  /** The backend to use; default a new one from `EMAIL_BACKEND`. */
  readonly connection?: EmailBackend
}

/**
 * Sends one message to every address in `recipientList`, who all see each other in `To`.
 *
 * @param subject - one line; CR or LF throws `BadHeaderError`.
 * @param message - the text body.
 * @param fromEmail - the sender; `null` for `DEFAULT_FROM_EMAIL`.
 * @param recipientList - addresses, e.g. `['ada@example.com', 'Grace <grace@example.com>']`.
 * @param options - `htmlMessage`, `failSilently`, `authUser`, `authPassword`, `connection`.
 * @returns the number of messages sent (1, or 0).
 * @throws `BadHeaderError` for a header with CR/LF; the backend's errors unless `failSilently`.
 * @example
 * ```ts
 * await sendMail('Welcome', 'Hello Ada', null, ['ada@example.com'], { htmlMessage: '<p>Hello Ada</p>' })
 * ```
 */
export async function sendMail(
  subject: string,
  message: string,
  fromEmail: string | null,
  recipientList: readonly string[],
  options: SendMailOptions = {},
): Promise<number> {
  const failSilently = options.failSilently ?? false
  const connection = options.connection ?? getConnection(null, {
    failSilently,
    ...(options.authUser !== undefined ? { username: options.authUser } : {}),
    ...(options.authPassword !== undefined ? { password: options.authPassword } : {}),
  })
  const email = new EmailMultiAlternatives({ subject, body: message, fromEmail, to: recipientList, connection })
  if (options.htmlMessage !== undefined) email.attachAlternative(options.htmlMessage, 'text/html')
  return email.send(failSilently)
}

/** One message for {@link sendMassMail}: `[subject, message, fromEmail, recipientList]`. */
export type MassMailDatum = readonly [subject: string, message: string, fromEmail: string | null, recipientList: readonly string[]]

/**
 * Sends several messages over one connection (as Django's `send_mass_mail`).
 * @returns how many were sent.
 */
export async function sendMassMail(datatuple: readonly MassMailDatum[], options: Omit<SendMailOptions, 'htmlMessage'> = {}): Promise<number> {
  const connection = options.connection ?? getConnection(null, {
    failSilently: options.failSilently ?? false,
    ...(options.authUser !== undefined ? { username: options.authUser } : {}),
    ...(options.authPassword !== undefined ? { password: options.authPassword } : {}),
  })
  const messages = datatuple.map(([subject, body, fromEmail, to]) => new EmailMessage({ subject, body, fromEmail, to, connection }))
  return connection.sendMessages(messages)
}
