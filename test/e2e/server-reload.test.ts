// `tango serve` replacing workers without failing a request: SIGHUP under a continuous keep-alive
// request loop, and --max-requests recycling.
import assert from 'node:assert/strict'
import { Agent } from 'node:http'
import { test } from 'node:test'
import { fetchText, readyPids, startListening, until } from './fixtures/server-project/harness.ts'

test('SIGHUP rolls every worker one by one with zero failed requests', async () => {
  const server = await startListening('serve', ['--bind', '127.0.0.1:0', '--workers', '2', '--graceful-timeout', '5'])
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  try {
    await until('both workers are ready', () => readyPids(server.output()).length === 2)
    const original = new Set(readyPids(server.output()))
    let ok = 0
    const failures: string[] = []
    const pids = new Set<string>()
    let rolling = true
    const loop = async (): Promise<void> => {
      while (rolling) {
        try {
          const answer = await fetchText(`${server.url}/pid/`, { agent })
          if (answer.status === 200) {
            ok++
            pids.add(answer.body)
          } else failures.push(`status ${answer.status}`)
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
    }
    const loops = [loop(), loop(), loop(), loop()]
    await new Promise((resolve) => setTimeout(resolve, 300))
    const from = server.output().length
    server.child.kill('SIGHUP')
    // Two successors ready and both predecessors gone, then a little more traffic on the new pair.
    await until('both old workers exited', () => (server.output().slice(from).match(/Worker exiting/g) ?? []).length === 2, 20_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    rolling = false
    await Promise.all(loops)
    assert.deepEqual(failures, [])
    assert.ok(ok > 100, `only ${ok} requests during the reload`)
    const now = readyPids(server.output()).slice(-2)
    assert.ok(now.every((pid) => !original.has(pid)), 'the workers were replaced')
    assert.ok(now.some((pid) => pids.has(String(pid))), 'the new workers answered')
  } finally {
    agent.destroy()
    server.kill()
  }
})

test('--max-requests replaces a worker after its requests, without a failed request', async () => {
  const server = await startListening('serve', ['--bind', '127.0.0.1:0', '--workers', '1', '--max-requests', '3'])
  try {
    const seen = new Set<string>()
    for (let i = 0; i < 8; i++) {
      const answer = await fetchText(`${server.url}/pid/`)
      assert.equal(answer.status, 200)
      seen.add(answer.body)
      // Let the successor boot before the next batch.
      if (i === 3) await until('a successor is ready', () => readyPids(server.output()).length >= 2, 10_000)
    }
    assert.ok(seen.size >= 2, `answered by ${[...seen].join(', ')}`)
    assert.match(server.output(), /max requests reached/)
  } finally {
    server.kill()
  }
})
