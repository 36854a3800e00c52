/**
 * {@link EmailMessage} and {@link EmailMultiAlternatives}, as Django's `django.core.mail.message`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { settings } from '../core/settings.ts'
import type { EmailBackend } from './backends/base.ts'
import type { ComposeInput } from './compose.ts'
import { composeMessage } from './compose.ts'
import { getConnection } from './connection.ts'
import { checkHeader, checkHeaderValue } from './headers.ts'

/** A file attached to a message. `mimetype` `null` lets the type be guessed from the file name. */
export interface Attachment {
  readonly filename: string | null
  readonly content: string | Uint8Array
  readonly mimetype: string | null
}

/** Another rendering of the body, e.g. `{ content: '<p>Hi</p>', mimetype: 'text/html' }`. */
export interface Alternative {
  readonly content: string | Uint8Array
  readonly mimetype: string
}

/** What {@link EmailMessage} takes; every field is optional, as in Django. */
export interface EmailMessageInit {
  readonly subject?: string
  /** The text body. */
  readonly body?: string
  /** The sender; default `DEFAULT_FROM_EMAIL`. `'Ada <ada@example.com>'` forms are accepted. */
  readonly fromEmail?: string | null
  readonly to?: readonly string[]
  readonly cc?: readonly string[]
  /** Receive the message but never appear in its headers. */
  readonly bcc?: readonly string[]
  readonly replyTo?: readonly string[]
  /** Extra headers. `From`, `To`, `Cc` and `Reply-To` here replace what the headers show (not who receives it). */
  readonly headers?: Readonly<Record<string, string>>
  readonly attachments?: readonly Attachment[]
  /** The backend {@link EmailMessage.send} uses; default a new one from `EMAIL_BACKEND`. */
  readonly connection?: EmailBackend | null
}

// Extra headers that replace a field rather than add a line (Django's EmailMessage.message()).
const FIELD_OVERRIDES = new Set(['from', 'to', 'cc', 'reply-to'])

/**
 * An email (as Django's `EmailMessage`): plain data until it is sent; {@link EmailMessage.message}
 * builds the RFC 5322 bytes.
 *
 * @example
 * ```ts
 * const email = new EmailMessage({ subject: 'Report', body: 'Attached.', to: ['ada@example.com'] })
 * email.attach('report.csv', csv, 'text/csv')
 * await email.send()
 * ```
 */
export class EmailMessage {
  subject: string
  body: string
  fromEmail: string
  to: string[]
  cc: string[]
  bcc: string[]
  replyTo: string[]
  /** Extra headers (Django's `extra_headers`). */
  extraHeaders: Record<string, string>
  attachments: Attachment[]
  connection: EmailBackend | null
  /** The body's MIME subtype: `plain`, or `html` to send an HTML-only body (Django's `content_subtype`). */
  contentSubtype = 'plain'

  /** @param init - subject, body, addresses, headers, attachments and connection. */
  constructor(init: EmailMessageInit = {}) {
    this.subject = init.subject ?? ''
    this.body = init.body ?? ''
    this.fromEmail = init.fromEmail ?? settings.DEFAULT_FROM_EMAIL
    this.to = [...(init.to ?? [])]
    this.cc = [...(init.cc ?? [])]
    this.bcc = [...(init.bcc ?? [])]
    this.replyTo = [...(init.replyTo ?? [])]
    this.extraHeaders = { ...(init.headers ?? {}) }
    this.attachments = [...(init.attachments ?? [])]
    this.connection = init.connection ?? null
  }

  /** Everyone who receives the message: `to`, `cc` and `bcc`, empty entries left out. */
  recipients(): string[] {
    return [...this.to, ...this.cc, ...this.bcc].filter((address) => address !== '')
  }

  /**
   * Attaches a file made in memory (as Django's `attach`).
   * @param filename - the name the recipient sees.
   * @param content - text or bytes.
   * @param mimetype - e.g. `text/csv`; guessed from `filename` when omitted.
   */
  attach(filename: string, content: string | Uint8Array, mimetype: string | null = null): void {
    this.attachments.push({ filename, content, mimetype })
  }

  /** Attaches a file from disk (as Django's `attach_file`); the name is the path's last segment. */
  async attachFile(path: string, mimetype: string | null = null): Promise<void> {
    this.attach(basename(path), await readFile(path), mimetype)
  }

  /**
   * The RFC 5322 bytes of the message (as Django's `message().as_bytes()`), with `Date` and `Message-ID`.
   * @throws {@link BadHeaderError} when the subject, an address or an extra header contains CR or LF.
   */
  message(): Promise<Buffer> {
    return composeMessage(this.composeInput())
  }

  /**
   * Sends the message through its connection (or a new one from `EMAIL_BACKEND`).
   * @param failSilently - swallow sending errors (header errors still throw).
   * @returns the number of messages sent: 1, or 0 when there are no recipients or sending failed silently.
   */
  async send(failSilently = false): Promise<number> {
    if (this.recipients().length === 0) return 0
    const connection = this.connection ?? getConnection(null, { failSilently })
    return connection.sendMessages([this])
  }

  /**
   * Checks every header value and gathers the message as plain data for the composer.
   * @throws {@link BadHeaderError}
   * @internal
   */
  composeInput(): ComposeInput {
    checkHeaderValue('Subject', this.subject)
    checkHeaderValue('From', this.fromEmail)
    for (const [name, list] of [['To', this.to], ['Cc', this.cc], ['Bcc', this.bcc], ['Reply-To', this.replyTo]] as const) {
      for (const address of list) checkHeaderValue(name, address)
    }
    const headers: Record<string, string> = {}
    const overrides = new Map<string, string>()
    for (const [name, value] of Object.entries(this.extraHeaders)) {
      checkHeader(name, value)
      if (FIELD_OVERRIDES.has(name.toLowerCase())) overrides.set(name.toLowerCase(), value)
      else headers[name] = value
    }
    const list = (name: string, fallback: readonly string[]): readonly string[] => {
      const value = overrides.get(name)
      return value === undefined ? fallback : [value]
    }
    return {
      from: overrides.get('from') ?? this.fromEmail,
      to: list('to', this.to),
      cc: list('cc', this.cc),
      replyTo: list('reply-to', this.replyTo),
      recipients: this.recipients(),
      envelopeFrom: this.fromEmail,
      subject: this.subject,
      body: this.body,
      contentSubtype: this.contentSubtype,
      alternatives: [],
      attachments: this.attachments,
      headers,
    }
  }
}

/** What {@link EmailMultiAlternatives} takes: {@link EmailMessageInit} plus alternatives. */
export interface EmailMultiAlternativesInit extends EmailMessageInit {
  readonly alternatives?: readonly Alternative[]
}

/**
 * A message with other renderings of its body, typically HTML beside the text (as Django's
 * `EmailMultiAlternatives`); mail clients show the richest one they support.
 *
 * @example
 * ```ts
 * const email = new EmailMultiAlternatives({ subject: 'Welcome', body: text, to: [user.email] })
 * email.attachAlternative(html, 'text/html')
 * await email.send()
 * ```
 */
export class EmailMultiAlternatives extends EmailMessage {
  alternatives: Alternative[]

  /** @param init - as {@link EmailMessage}, plus `alternatives`. */
  constructor(init: EmailMultiAlternativesInit = {}) {
    super(init)
    this.alternatives = [...(init.alternatives ?? [])]
  }

  /** Adds a rendering of the body, e.g. `attachAlternative(html, 'text/html')`. */
  attachAlternative(content: string | Uint8Array, mimetype: string): void {
    this.alternatives.push({ content, mimetype })
  }

  /** @internal */
  override composeInput(): ComposeInput {
    return { ...super.composeInput(), alternatives: this.alternatives }
  }
}
