/**
 * The address a server binds: `HOST:PORT` or `unix:/path` (gunicorn's `--bind` syntax), and the
 * `Listening at` line both servers print once they accept connections.
 *
 * @module
 */
import { isIP } from 'node:net'
import { TangoError } from '../core/errors.ts'

/** A TCP address (`host` without brackets) or a unix domain socket path. */
export type BindAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string }

/** Thrown for a `--bind` value that is neither `HOST:PORT`, `PORT`, `HOST` nor `unix:/path`. */
export class BadBindAddress extends TangoError {
  constructor(message: string) {
    super('E_BAD_BIND', message)
  }
}

/**
 * Parses a bind address as gunicorn does: `127.0.0.1:8000`, `[::1]:8000`, `0.0.0.0`, `8000`,
 * `unix:/run/app.sock`. A missing host is `127.0.0.1`; a missing port is `defaultPort`.
 *
 * @param text - the option's value.
 * @param defaultPort - used when only a host is given (default 8000).
 * @returns the parsed address.
 * @throws {@link BadBindAddress} for an empty path, a bad port (not 0-65535) or a malformed host.
 */
export function parseBind(text: string, defaultPort = 8000): BindAddress {
  const value = text.trim()
  if (value.startsWith('unix:')) {
    const path = value.slice(5)
    if (path === '') throw new BadBindAddress(`Bind address '${text}' names no socket path; write unix:/path/to/app.sock.`)
    return { kind: 'unix', path }
  }
  let host = '127.0.0.1'
  let portText: string | null = null
  if (/^\d+$/.test(value)) {
    portText = value
  } else if (value.startsWith('[')) {
    const end = value.indexOf(']')
    if (end < 0) throw new BadBindAddress(`Bind address '${text}' has an unclosed '['.`)
    host = value.slice(1, end)
    const rest = value.slice(end + 1)
    if (rest !== '') {
      if (!rest.startsWith(':')) throw new BadBindAddress(`Bind address '${text}' is not [HOST]:PORT.`)
      portText = rest.slice(1)
    }
    if (isIP(host) !== 6) throw new BadBindAddress(`Bind address '${text}': '${host}' is not an IPv6 address.`)
  } else {
    const colon = value.lastIndexOf(':')
    if (colon >= 0 && value.indexOf(':') !== colon) {
      throw new BadBindAddress(`Bind address '${text}': write IPv6 hosts in brackets, e.g. [::1]:8000.`)
    }
    if (colon >= 0) {
      host = value.slice(0, colon) || '127.0.0.1'
      portText = value.slice(colon + 1)
    } else if (value !== '') {
      host = value
    }
  }
  const port = portText === null ? defaultPort : Number(portText)
  if (portText !== null && !/^\d+$/.test(portText)) throw new BadBindAddress(`Bind address '${text}': '${portText}' is not a port number.`)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadBindAddress(`Bind address '${text}': port ${port} is not in 0-65535.`)
  return { kind: 'tcp', host, port }
}

/**
 * The URL printed in the `Listening at` line: `http://127.0.0.1:8000/`, `http://[::1]:8000/`
 * or `unix:/run/app.sock`.
 *
 * @param bind - the address; for TCP, `port` must be the real one (not 0).
 */
export function formatBind(bind: BindAddress): string {
  if (bind.kind === 'unix') return `unix:${bind.path}`
  const host = isIP(bind.host) === 6 ? `[${bind.host}]` : bind.host
  return `http://${host}:${bind.port}/`
}

/** The exact line both servers print once ready; tests and process managers read the real port from it. */
export function listeningLine(bind: BindAddress): string {
  return `Listening at ${formatBind(bind)}`
}
