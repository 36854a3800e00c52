/**
 * runserver's child: the process that loads the project and serves it on a loopback port, behind
 * the reloading parent. Replaced on every change. Reports `ready` (with its port) or `boot-error`
 * over IPC; drains and exits on SIGTERM.
 *
 * @module
 * @internal
 */
import type { AddressInfo } from 'node:net'
import { createHttpServer } from '../http/node-adapter.ts'
// Installs translation catalogs, i18n template tags and date names in the serving process.
import '../i18n/index.ts'
import { ConnectionTracker } from './drain.ts'
import { loadProject, resolveSettingsModule } from './load-project.ts'
import { BOOT_ERROR_EXIT_CODE, describeError, sendToParent, sendToParentAndWait } from './messages.ts'
import { staticFilesHandler } from './static-files.ts'

let tracker: ConnectionTracker | null = null

process.on('SIGTERM', () => {
  void (tracker?.drain(5000) ?? Promise.resolve()).then(() => process.exit(0))
})
// Ctrl-C reaches the whole process group; the parent stops us.
process.on('SIGINT', () => {})
// Nobody else knows our port: when the parent is gone, so are we.
process.on('disconnect', () => process.exit(0))

try {
  let handler = await loadProject(resolveSettingsModule())
  if (process.env.TANGO_RUNSERVER_STATIC !== '0') handler = staticFilesHandler(handler, { cacheControl: 'no-cache' })
  const server = createHttpServer(handler)
  tracker = new ConnectionTracker(server)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve())
  })
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port })
} catch (error) {
  await sendToParentAndWait({ type: 'boot-error', error: describeError(error) })
  process.exit(BOOT_ERROR_EXIT_CODE)
}
