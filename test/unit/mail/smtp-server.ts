/**
 * A minimal SMTP server for tests (RFC 5321: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on
 * 127.0.0.1 with an OS-chosen port. It records each message's envelope and data.
 */
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'

export interface ReceivedMail {
  readonly from: string
  readonly to: readonly string[]
  readonly data: string
  /** `user:password` when the client logged in, else `null`. */
  readonly login: string | null
}

export interface SmtpTestServer {
  readonly port: number
  readonly received: ReceivedMail[]
  /** Closes the listener and every open connection. */
  close(): Promise<void>
}

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.setEncoding('latin1')
    let buffer = ''
    let inData = false
    let login: string | null = null
    let from = ''
    let to: string[] = []
    const reply = (line: string): void => {
      socket.write(`${line}\r\n`)
    }
    reply('220 127.0.0.1 ESMTP test')
    socket.on('data', (chunk: string) => {
      buffer += chunk
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end < 0) return
          const data = buffer.slice(0, end).replace(/^\.\./gm, '.')
          buffer = buffer.slice(end + 5)
          inData = false
          received.push({ from, to, data, login })
          from = ''
          to = []
          reply('250 2.0.0 queued')
          continue
        }
        const eol = buffer.indexOf('\r\n')
        if (eol < 0) return
        const line = buffer.slice(0, eol)
        buffer = buffer.slice(eol + 2)
        const verb = line.split(' ')[0]?.toUpperCase() ?? ''
        if (verb === 'EHLO' || verb === 'HELO') {
          reply('250-127.0.0.1')
          reply('250-AUTH PLAIN')
          reply('250 8BITMIME')
        } else if (verb === 'AUTH') {
          const [, mechanism, payload] = line.split(' ')
          if (mechanism?.toUpperCase() !== 'PLAIN' || payload === undefined) {
            reply('504 5.5.4 unrecognised authentication type')
            continue
          }
          const [, user, password] = Buffer.from(payload, 'base64').toString('utf8').split('\0')
          login = `${user}:${password}`
          reply('235 2.7.0 authentication successful')
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? ''
          reply('250 2.1.0 ok')
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '')
          reply('250 2.1.5 ok')
        } else if (verb === 'DATA') {
          inData = true
          reply('354 end data with <CR><LF>.<CR><LF>')
        } else if (verb === 'RSET') {
          from = ''
          to = []
          reply('250 2.0.0 ok')
        } else if (verb === 'NOOP') {
          reply('250 2.0.0 ok')
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye')
          socket.end()
          return
        } else {
          reply('502 5.5.2 command not implemented')
        }
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
