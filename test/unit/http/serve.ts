// Starts a real node:http server on 127.0.0.1:0 for a test and stops it afterwards.
import type { AddressInfo } from 'node:net'
import { createHttpServer } from '../../../framework/src/http/node-adapter.ts'
import type { HttpServerOptions } from '../../../framework/src/http/node-adapter.ts'
import type { RequestHandler } from '../../../framework/src/http/types.ts'

export async function withServer(handler: RequestHandler, run: (base: string, port: number) => Promise<void>, options: HttpServerOptions = {}): Promise<void> {
  const server = createHttpServer(handler, options)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  try {
    await run(`http://127.0.0.1:${port}`, port)
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
