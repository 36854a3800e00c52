import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure, ImproperlyConfigured } from 'tango/core'
import {
  BadHeaderError, CONSOLE_SEPARATOR, ConsoleEmailBackend, EmailMessage, EmailMultiAlternatives, FileEmailBackend,
  LocmemEmailBackend, SmtpEmailBackend, clearOutbox, defaultBackendName, getConnection, outbox, sendMail, sendMassMail,
} from 'tango/mail'
import { BUILTIN_COMMANDS } from 'tango/management'
import { startSmtpServer } from './smtp-server.ts'

const tmp = await mkdtemp(join(tmpdir(), 'tango-mail-'))
after(() => rm(tmp, { recursive: true, force: true }))

/** A message's text with folded header lines unfolded (RFC 5322 §2.2.3), to search it line by line. */
function text(bytes: Buffer | string): string {
  return String(bytes).replace(/\r\n[ \t]/g, ' ')
}

describe('mail', () => {
  beforeEach(() => {
    configure({ EMAIL_BACKEND: 'locmem', DEFAULT_FROM_EMAIL: 'site@example.com' })
    clearOutbox()
  })

  test('sendMail through locmem puts the message in the outbox', async () => {
    const sent = await sendMail('Welcome', 'Hello Ada', null, ['ada@example.com', 'Grace <grace@example.com>'], { htmlMessage: '<p>Hello <b>Ada</b></p>' })
    assert.equal(sent, 1)
    assert.equal(outbox.length, 1)
    const message = outbox[0] as EmailMultiAlternatives
    assert.equal(message.subject, 'Welcome')
    assert.equal(message.body, 'Hello Ada')
    assert.equal(message.fromEmail, 'site@example.com')
    assert.deepEqual(message.to, ['ada@example.com', 'Grace <grace@example.com>'])
    assert.deepEqual(message.alternatives, [{ content: '<p>Hello <b>Ada</b></p>', mimetype: 'text/html' }])
    const raw = text(await message.message())
    assert.match(raw, /^Subject: Welcome$/m)
    assert.match(raw, /^From: site@example\.com$/m)
    assert.match(raw, /^To: ada@example\.com, Grace <grace@example\.com>$/m)
    assert.match(raw, /^Date: /m)
    assert.match(raw, /^Message-ID: <.+>$/m)
    assert.match(raw, /Content-Type: multipart\/alternative/)
    assert.match(raw, /Content-Type: text\/plain; charset=utf-8[\s\S]*Hello Ada/)
    assert.match(raw, /Content-Type: text\/html; charset=utf-8[\s\S]*<p>Hello <b>Ada<\/b><\/p>/)
  })

  test('EmailMessage carries cc, bcc, reply-to, extra headers and attachments; bcc stays out of the headers', async () => {
    const email = new EmailMessage({
      subject: 'Report é', body: 'See attached.', fromEmail: 'reports@example.com', to: ['a@example.com'],
      cc: ['c@example.com'], bcc: ['hidden@example.com'], replyTo: ['help@example.com'], headers: { 'X-Report-Id': '42' },
    })
    email.attach('report.csv', 'id,total\n1,10\n', 'text/csv')
    email.attach('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png')
    const file = join(tmp, 'notes.txt')
    await writeFile(file, 'from disk')
    await email.attachFile(file)
    assert.deepEqual(email.recipients(), ['a@example.com', 'c@example.com', 'hidden@example.com'])
    assert.equal(await email.send(), 1)
    assert.equal(outbox[0], email)
    assert.deepEqual(email.attachments.map((a) => [a.filename, a.mimetype]), [['report.csv', 'text/csv'], ['logo.png', 'image/png'], ['notes.txt', null]])
    const raw = text(await email.message())
    assert.match(raw, /^Subject: =\?UTF-8\?[BQ]\?.+\?=$/m, 'non-ASCII subject is an encoded word')
    assert.match(raw, /^Cc: c@example\.com$/m)
    assert.match(raw, /^Reply-To: help@example\.com$/m)
    assert.match(raw, /^X-Report-Id: 42$/im)
    assert.doesNotMatch(raw, /hidden@example\.com/)
    assert.match(raw, /Content-Type: text\/csv; name=report\.csv[\s\S]*Content-Disposition: attachment; filename=report\.csv\s+aWQsdG90YWwKMSwxMAo=/)
    assert.match(raw, /Content-Type: image\/png; name=logo\.png/)
    assert.match(raw, /Content-Type: text\/plain; name=notes\.txt[\s\S]*ZnJvbSBkaXNr/)
  })

  test('a From header replaces what the message shows, not the envelope sender', async () => {
    const email = new EmailMessage({ subject: 's', body: 'b', fromEmail: 'bounce@example.com', to: ['a@example.com'], headers: { From: 'News <news@example.com>' } })
    const raw = text(await email.message())
    assert.match(raw, /^From: News <news@example\.com>$/m)
    assert.equal(raw.match(/^From:/gm)?.length, 1)
  })

  test('messages without recipients are not sent', async () => {
    assert.equal(await sendMail('s', 'b', null, []), 0)
    assert.equal(outbox.length, 0)
  })

  test('header injection is rejected: subject, addresses and extra headers with CR or LF', async () => {
    await assert.rejects(sendMail('Hi\nBcc: victim@example.com', 'b', null, ['a@example.com']), BadHeaderError)
    await assert.rejects(sendMail('Hi', 'b', 'x@example.com\r\nBcc: v@example.com', ['a@example.com']), BadHeaderError)
    await assert.rejects(sendMail('Hi', 'b', null, ['a@example.com\nBcc: v@example.com']), BadHeaderError)
    await assert.rejects(new EmailMessage({ to: ['a@example.com'], headers: { 'X-Evil': 'a\r\nBcc: v@example.com' } }).send(), (error: unknown) => {
      assert.ok(error instanceof BadHeaderError)
      assert.equal(error.code, 'E_BAD_HEADER')
      return true
    })
    await assert.rejects(new EmailMessage({ to: ['a@example.com'], headers: { 'Bad Name': 'x' } }).send(), BadHeaderError)
    // failSilently does not hide a header error: it is a programming error, not a delivery failure.
    await assert.rejects(sendMail('Hi\r\n', 'b', null, ['a@example.com'], { failSilently: true }), BadHeaderError)
    assert.equal(outbox.length, 0)
  })

  test('console backend writes the RFC 5322 message and a separator', async () => {
    const written: string[] = []
    const connection = getConnection('console', { stream: { write: (chunk: string) => written.push(chunk) } })
    assert.ok(connection instanceof ConsoleEmailBackend)
    assert.equal(await sendMail('Console test', 'Body line', 'me@example.com', ['you@example.com'], { connection }), 1)
    const output = written.join('')
    assert.match(output, /^Subject: Console test$/m)
    assert.match(output, /^To: you@example\.com$/m)
    assert.match(output, /\n\nBody line/)
    assert.ok(output.endsWith(`\n${CONSOLE_SEPARATOR}\n`))
    assert.equal(CONSOLE_SEPARATOR.length, 79)
  })

  test('EMAIL_BACKEND null means console under DEBUG and smtp otherwise', () => {
    configure({ EMAIL_BACKEND: null, DEBUG: true })
    assert.equal(defaultBackendName(), 'console')
    assert.ok(getConnection() instanceof ConsoleEmailBackend)
    configure({ EMAIL_BACKEND: null, DEBUG: false })
    assert.equal(defaultBackendName(), 'smtp')
    assert.ok(getConnection() instanceof SmtpEmailBackend)
    configure({ EMAIL_BACKEND: 'locmem' })
    assert.ok(getConnection() instanceof LocmemEmailBackend)
    assert.throws(() => getConnection('carrier-pigeon' as 'dummy'), ImproperlyConfigured)
    assert.throws(() => getConnection('smtp', { useTls: true, useSsl: true }), ImproperlyConfigured)
  })

  test('file backend writes one file per message into EMAIL_FILE_PATH, creating it', async () => {
    const folder = join(tmp, 'outbox', 'nested')
    configure({ EMAIL_BACKEND: 'file', EMAIL_FILE_PATH: folder })
    const sent = await sendMassMail([
      ['First', 'one', null, ['a@example.com']],
      ['Second', 'two', null, ['b@example.com']],
      ['Nobody', 'skipped', null, []],
    ])
    assert.equal(sent, 2)
    const files = (await readdir(folder)).sort()
    assert.equal(files.length, 2)
    assert.ok(files.every((f) => /^\d{8}-\d{6}-[0-9a-f]{8}\.eml$/.test(f)), files.join())
    const contents = await Promise.all(files.map(async (f) => text(await readFile(join(folder, f)))))
    assert.deepEqual(contents.map((c) => /^Subject: (.*)$/m.exec(c)?.[1]).sort(), ['First', 'Second'])
    assert.ok(contents.every((c) => c.includes('\r\n\r\n')), 'files hold the wire format, CRLF line ends')
    configure({ EMAIL_BACKEND: 'file', EMAIL_FILE_PATH: null })
    assert.throws(() => new FileEmailBackend(), ImproperlyConfigured)
    const notAFolder = join(tmp, 'plain-file')
    await writeFile(notAFolder, 'x')
    await assert.rejects(new FileEmailBackend({ filePath: notAFolder }).sendMessages([new EmailMessage({ to: ['a@example.com'] })]), ImproperlyConfigured)
  })

  test('dummy backend accepts and drops', async () => {
    assert.equal(await sendMail('s', 'b', null, ['a@example.com'], { connection: getConnection('dummy') }), 1)
    assert.equal(outbox.length, 0)
  })

  test('smtp backend delivers to a real SMTP listener, with login, envelope and bcc', { timeout: 20_000 }, async () => {
    const server = await startSmtpServer()
    try {
      configure({ EMAIL_BACKEND: 'smtp', EMAIL_HOST: '127.0.0.1', EMAIL_PORT: server.port, EMAIL_HOST_USER: 'mailer', EMAIL_HOST_PASSWORD: 's3cret', EMAIL_TIMEOUT: 5 })
      const email = new EmailMultiAlternatives({ subject: 'Over SMTP', body: 'Line one\n.leading dot', fromEmail: 'Site <site@example.com>', to: ['a@example.com'], bcc: ['b@example.com'] })
      email.attachAlternative('<p>html</p>', 'text/html')
      assert.equal(await email.send(), 1)
      const connection = getConnection()
      await connection.open()
      try {
        assert.equal(await sendMassMail([['One', '1', null, ['x@example.com']], ['Two', '2', null, ['y@example.com']]], { connection }), 2)
      } finally {
        await connection.close()
      }
      assert.equal(server.received.length, 3)
      const [first, second, third] = server.received
      assert.equal(first?.from, 'site@example.com')
      assert.deepEqual(first?.to, ['a@example.com', 'b@example.com'])
      assert.equal(first?.login, 'mailer:s3cret')
      const data = text(first?.data ?? '')
      assert.match(data, /^Subject: Over SMTP$/m)
      assert.match(data, /^From: Site <site@example\.com>$/m)
      assert.doesNotMatch(data, /[\s<,]b@example\.com/)
      assert.doesNotMatch(data, /^Bcc:/im)
      assert.match(data, /\.leading dot/)
      assert.match(data, /<p>html<\/p>/)
      assert.deepEqual([second?.to, third?.to], [['x@example.com'], ['y@example.com']])
    } finally {
      await server.close()
    }
  })

  test('smtp failures throw, or count 0 with failSilently', { timeout: 20_000 }, async () => {
    const server = await startSmtpServer()
    const port = server.port
    await server.close()
    configure({ EMAIL_BACKEND: 'smtp', EMAIL_HOST: '127.0.0.1', EMAIL_PORT: port, EMAIL_TIMEOUT: 5 })
    await assert.rejects(sendMail('s', 'b', null, ['a@example.com']))
    assert.equal(await sendMail('s', 'b', null, ['a@example.com'], { failSilently: true }), 0)
  })

  test('sendtestemail sends one message through EMAIL_BACKEND', async () => {
    const command = BUILTIN_COMMANDS.find((c) => c.name === 'sendtestemail')
    assert.ok(command)
    assert.equal(await command.run(['ops@example.com', 'dev@example.com']), 0)
    assert.equal(outbox.length, 1)
    assert.match(outbox[0]?.subject ?? '', /^Test email from .+ on \d{4}-/)
    assert.deepEqual(outbox[0]?.to, ['ops@example.com', 'dev@example.com'])
    assert.equal(outbox[0]?.fromEmail, 'site@example.com')
    await assert.rejects(Promise.resolve(command.run([])), /You must specify some email recipients/)
  })
})
