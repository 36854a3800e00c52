/**
 * `tango/mail`: sending email (as Django's `django.core.mail`): {@link sendMail}, {@link EmailMessage},
 * {@link EmailMultiAlternatives} and pluggable backends chosen by `EMAIL_BACKEND`: `console` (the
 * default under DEBUG), `file`, `locmem` (an {@link outbox} for tests), `smtp` (nodemailer, the
 * default otherwise) and `dummy`.
 *
 * @example
 * ```ts
 * import { sendMail } from 'tango/mail'
 * await sendMail('Your order', 'It ships today.', null, [customer.email])
 * ```
 *
 * @module
 */
export { sendMail, sendMassMail } from './send-mail.ts'
export type { SendMailOptions, MassMailDatum } from './send-mail.ts'
export { EmailMessage, EmailMultiAlternatives } from './message.ts'
export type { Attachment, Alternative, EmailMessageInit, EmailMultiAlternativesInit } from './message.ts'
export { getConnection, defaultBackendName } from './connection.ts'
export type { EmailBackendName, EmailBackendFactory } from './connection.ts'
export { BadHeaderError } from './errors.ts'
export { BaseEmailBackend } from './backends/base.ts'
export type { EmailBackend, ConnectionOptions, TextSink } from './backends/base.ts'
export { ConsoleEmailBackend, CONSOLE_SEPARATOR } from './backends/console.ts'
export { FileEmailBackend } from './backends/file.ts'
export { LocmemEmailBackend, outbox, clearOutbox } from './backends/locmem.ts'
export { SmtpEmailBackend } from './backends/smtp.ts'
export { DummyEmailBackend } from './backends/dummy.ts'
