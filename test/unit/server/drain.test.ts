import assert from 'node:assert/strict'
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { ConnectionTracker } from '../../../framework/src/server/drain.ts'

function get(port: number, path: string, agent: Agent): Promise<{ body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ body, connection: res.headers.connection }))
    }).on('error', reject).end()
  })
}

test('drain lets an in-flight request finish with Connection: close, then resolves', async () => {
  const server = createServer((req, res) => {
    const delay = req.url === '/slow' ? 300 : 0
    setTimeout(() => res.end(`done ${req.url}`), delay)
  })
  const tracker = new ConnectionTracker(server)
  let counted = 0
  tracker.onRequest = (n) => (counted = n)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true })
  try {
    assert.equal((await get(port, '/fast', agent)).body, 'done /fast')
    const slow = get(port, '/slow', agent)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const drained = tracker.drain(5000)
    assert.equal(server.listening, false)
    const answer = await slow
    assert.equal(answer.body, 'done /slow')
    assert.equal(answer.connection, 'close')
    await drained
    assert.equal(tracker.connections, 0)
    assert.equal(counted, 2)
  } finally {
    agent.destroy()
    server.close()
  }
})

test('drain destroys connections still open at the deadline', async () => {
  const server = createServer(() => {
    // never answers
  })
  const tracker = new ConnectionTracker(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true })
  const hanging = get(port, '/', agent).catch((error: Error) => error)
  await new Promise((resolve) => setTimeout(resolve, 50))
  await tracker.drain(200)
  assert.equal(tracker.connections, 0)
  assert.ok((await hanging) instanceof Error)
  agent.destroy()
})
