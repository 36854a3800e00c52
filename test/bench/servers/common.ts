/**
 * Shared by the benchmark's server scripts: the two payloads, and a tiny prefork wrapper so every
 * contender runs as one process or as N cluster workers in the same way.
 */
import cluster from 'node:cluster'
import type { Server } from 'node:http'

/** The plaintext body, as in the TechEmpower plaintext test. */
export const PLAINTEXT = 'Hello, World!'

/** The JSON body, as in the TechEmpower JSON test. */
export function jsonPayload(): { message: string } {
  return { message: 'Hello, World!' }
}

/**
 * Starts `makeServer()` on PORT (0 = the OS picks) and prints `Listening at http://127.0.0.1:PORT/`.
 * With WORKERS > 1 the primary forks that many cluster workers that share the port.
 */
export async function start(makeServer: () => Promise<Server> | Server): Promise<void> {
  const workers = Number(process.env.WORKERS ?? '1')
  const port = Number(process.env.PORT ?? '0')
  if (workers > 1 && cluster.isPrimary) {
    // Port 0 would give each worker its own port: ask the OS for a free one first, then let the
    // cluster's round-robin primary bind it for all workers.
    const probe = (await import('node:net')).createServer()
    const realPort = await new Promise<number>((resolve) => probe.listen(port, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)))
    await new Promise((resolve) => probe.close(resolve))
    let ready = 0
    for (let i = 0; i < workers; i++) {
      const worker = cluster.fork({ PORT: String(realPort), WORKERS: '1', BENCH_WORKER: '1' })
      worker.on('message', (m) => {
        if (m === 'ready' && ++ready === workers) {
          console.error(`Listening at http://127.0.0.1:${realPort}/`)
          console.error(`Worker pids: ${Object.values(cluster.workers ?? {}).map((w) => w?.process.pid).join(',')}`)
        }
      })
    }
    process.on('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
      process.exit(0)
    })
    return
  }
  const server = await makeServer()
  server.keepAliveTimeout = 5000
  server.listen(port, '127.0.0.1', () => {
    if (process.send) process.send('ready')
    if (!process.env.BENCH_WORKER) console.error(`Listening at http://127.0.0.1:${(server.address() as { port: number }).port}/`)
  })
  process.on('SIGTERM', () => process.exit(0))
}
