/**
 * Builds the RFC 5322 bytes of a message with nodemailer's `MailComposer` (MIME multipart, encoded
 * words for non-ASCII headers, quoted-printable or base64 bodies, `Date` and `Message-ID`), loaded
 * on first use so projects that never send mail never load nodemailer.
 *
 * @module
 * @internal
 */
import type { MailComposerOptions } from 'nodemailer'

/** What a message is made of, as plain data. @internal */
export interface ComposeInput {
  readonly from: string
  readonly to: readonly string[]
  readonly cc: readonly string[]
  readonly replyTo: readonly string[]
  /** The envelope recipients (to, cc and bcc); bcc never appears in the headers. */
  readonly recipients: readonly string[]
  /** The envelope sender (the `fromEmail`, even when a `From` header overrides what is shown). */
  readonly envelopeFrom: string
  readonly subject: string
  readonly body: string
  /** `plain` or `html`: the body's MIME subtype (Django's `content_subtype`). */
  readonly contentSubtype: string
  readonly alternatives: readonly { readonly content: string | Uint8Array; readonly mimetype: string }[]
  readonly attachments: readonly { readonly filename: string | null; readonly content: string | Uint8Array; readonly mimetype: string | null }[]
  readonly headers: Readonly<Record<string, string>>
}

type MailComposerClass = new (options: MailComposerOptions) => { compile(): { build(): Promise<Buffer> } }

let composerClass: Promise<MailComposerClass> | null = null

/** nodemailer's MailComposer, imported once. */
function loadComposer(): Promise<MailComposerClass> {
  composerClass ??= import('nodemailer/lib/mail-composer').then((module) => module.default)
  return composerClass
}

const bytes = (content: string | Uint8Array): string | Buffer => (typeof content === 'string' ? content : Buffer.from(content))

/**
 * The message's bytes: headers, a blank line, the MIME body (RFC 5322, RFC 2045–2049), CRLF line ends.
 * @internal
 */
export async function composeMessage(input: ComposeInput): Promise<Buffer> {
  const MailComposer = await loadComposer()
  const html = input.contentSubtype === 'html'
  // The first text/html alternative is the message's HTML part; nodemailer nests it with the text
  // in multipart/alternative, the shape Django's EmailMultiAlternatives produces.
  const htmlAlternative = html ? undefined : input.alternatives.find((a) => a.mimetype === 'text/html')
  const options: MailComposerOptions = {
    from: input.from,
    subject: input.subject,
    headers: { ...input.headers },
    envelope: { from: input.envelopeFrom, to: [...input.recipients] },
    ...(input.to.length > 0 ? { to: [...input.to] } : {}),
    ...(input.cc.length > 0 ? { cc: [...input.cc] } : {}),
    ...(input.replyTo.length > 0 ? { replyTo: [...input.replyTo] } : {}),
    ...(html ? { html: input.body } : { text: input.body }),
    ...(htmlAlternative ? { html: bytes(htmlAlternative.content) } : {}),
    alternatives: input.alternatives.filter((a) => a !== htmlAlternative).map((a) => ({ content: bytes(a.content), contentType: a.mimetype })),
    attachments: input.attachments.map((a) => ({
      content: bytes(a.content),
      ...(a.filename !== null ? { filename: a.filename } : {}),
      ...(a.mimetype !== null ? { contentType: a.mimetype } : {}),
    })),
  }
  return new MailComposer(options).compile().build()
}
