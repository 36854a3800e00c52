/**
 * {@link getConnection}: a backend by name or factory (as Django's `get_connection`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import { settings } from '../core/settings.ts'
import type { ConnectionOptions, EmailBackend } from './backends/base.ts'
import { ConsoleEmailBackend } from './backends/console.ts'
import { DummyEmailBackend } from './backends/dummy.ts'
import { FileEmailBackend } from './backends/file.ts'
import { LocmemEmailBackend } from './backends/locmem.ts'
import { SmtpEmailBackend } from './backends/smtp.ts'

/** The built-in backends' names, as `EMAIL_BACKEND` takes them. */
export type EmailBackendName = 'console' | 'file' | 'locmem' | 'smtp' | 'dummy'

/** A custom backend: a class (or function) that makes one from the options. */
export type EmailBackendFactory = new (options: ConnectionOptions) => EmailBackend

const BACKENDS: Readonly<Record<EmailBackendName, EmailBackendFactory>> = Object.freeze({
  console: ConsoleEmailBackend,
  file: FileEmailBackend,
  locmem: LocmemEmailBackend,
  smtp: SmtpEmailBackend,
  dummy: DummyEmailBackend,
})

/** The backend `EMAIL_BACKEND` names; when it is `null`, `console` under `DEBUG`, else `smtp`. */
export function defaultBackendName(): EmailBackendName {
  return settings.EMAIL_BACKEND ?? (settings.DEBUG ? 'console' : 'smtp')
}

/**
 * A new email backend (as Django's `get_connection`).
 *
 * @param backend - a built-in's name, a backend class, or `null`/omitted for `EMAIL_BACKEND`.
 * @param options - `failSilently` and the backend's own options (SMTP host, file path, console stream...).
 * @returns an unopened backend; `sendMessages` opens and closes it, or call `open()`/`close()` around a batch.
 * @throws {@link ImproperlyConfigured} for an unknown name or a backend's bad settings.
 * @example
 * ```ts
 * const connection = getConnection()
 * await connection.open()
 * try { await connection.sendMessages(messages) } finally { await connection.close() }
 * ```
 */
export function getConnection(backend?: EmailBackendName | EmailBackendFactory | null, options: ConnectionOptions = {}): EmailBackend {
  const chosen = backend ?? defaultBackendName()
  if (typeof chosen !== 'string') return new chosen(options)
  const Backend = Object.hasOwn(BACKENDS, chosen) ? BACKENDS[chosen] : undefined
  if (Backend === undefined) {
    throw new ImproperlyConfigured(`Unknown email backend '${String(chosen)}'; choose one of ${Object.keys(BACKENDS).join(', ')}.`)
  }
  return new Backend(options)
}
