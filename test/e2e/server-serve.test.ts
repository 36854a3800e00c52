// `tango serve` as a child process: pages and static files from the workers, a SIGKILLed worker
// replaced, a hung worker killed after --timeout, SIGTTIN/SIGTTOU, and SIGTERM draining.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { alive, bootedPids, fetchText, readyPids, startListening, until } from './fixtures/server-project/harness.ts'
import type { Running } from './fixtures/server-project/harness.ts'

describe('serve: the prefork server', () => {
  let server: Running

  before(async () => {
    server = await startListening('serve', ['--bind', '127.0.0.1:0', '--workers', '2', '--timeout', '2', '--graceful-timeout', '5'])
    await until('both workers are ready', () => readyPids(server.output()).length === 2)
  })
  after(() => server.kill())

  test('prints the real port and serves pages', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/)
    const answer = await fetchText(`${server.url}/`)
    assert.equal(answer.status, 200)
    assert.equal(answer.body, 'Hello from the fixture')
  })

  test("serves each app's static files with caching headers, and 404 for traversal", async () => {
    const css = await fetchText(`${server.url}/static/shop/site.css`)
    assert.equal(css.status, 200)
    assert.equal(css.body.trim(), 'body { color: teal }')
    assert.equal(css.headers['cache-control'], 'public, max-age=3600')
    assert.match(String(css.headers['content-type']), /^text\/css/)
    assert.equal((await fetchText(`${server.url}/static/shop/missing.css`)).status, 404)
    assert.equal((await fetchText(`${server.url}/static/%2e%2e/settings.ts`)).status, 404)
  })

  test('replaces a worker killed with SIGKILL and keeps serving', async () => {
    // A live ready worker, not simply the first booted: on a loaded machine the 2 s --timeout may
    // already have replaced one during boot.
    const ready = readyPids(server.output())
    const victim = ready.find(alive)
    assert.ok(victim !== undefined && alive(victim))
    process.kill(victim, 'SIGKILL')
    await server.waitFor(new RegExp(`Worker \\(pid:${victim}\\) was sent SIGKILL`))
    await until('a replacement worker is ready', () => readyPids(server.output()).length >= ready.length + 1)
    assert.equal(alive(victim), false)
    for (let i = 0; i < 5; i++) assert.equal((await fetchText(`${server.url}/`)).status, 200)
  })

  test('kills a worker whose event loop is blocked past --timeout and replaces it', async () => {
    const before = readyPids(server.output()).length
    const started = Date.now()
    // The request itself never gets an answer: its worker dies.
    const hung = fetchText(`${server.url}/block/`, { timeoutMs: 8000 }).catch((error: Error) => error)
    const match = await server.waitFor(/WORKER TIMEOUT \(pid:(\d+)\)/, 8000)
    const elapsed = Date.now() - started
    assert.ok(elapsed < 6000, `killed after ${elapsed} ms with --timeout 2`)
    assert.ok(await hung instanceof Error)
    await until('the hung worker is gone', () => !alive(Number(match[1])), 3000)
    await until('a replacement is ready', () => readyPids(server.output()).length === before + 1)
    assert.equal((await fetchText(`${server.url}/`)).status, 200)
  })

  test('SIGTTIN adds a worker and SIGTTOU removes one', async () => {
    const booted = readyPids(server.output()).length
    const from = server.output().length
    server.child.kill('SIGTTIN')
    await server.waitFor(/workers: 3/, 5000, from)
    await until('a worker was added', () => readyPids(server.output()).length === booted + 1)
    const from2 = server.output().length
    server.child.kill('SIGTTOU')
    await server.waitFor(/workers: 2/, 5000, from2)
    await server.waitFor(/Worker exiting \(pid: \d+\)/, 5000, from2)
    assert.equal((await fetchText(`${server.url}/`)).status, 200)
  })

  test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const slow = fetchText(`${server.url}/slow/?ms=1500`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    server.child.kill('SIGTERM')
    const answer = await slow
    assert.equal(answer.status, 200)
    assert.equal(answer.body, 'slow done')
    assert.equal(await server.exited(10_000), 0)
    for (const pid of bootedPids(server.output())) assert.equal(alive(pid), false, `worker ${pid} outlived the arbiter`)
  })
})
