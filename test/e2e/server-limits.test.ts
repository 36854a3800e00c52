// `tango serve` limits: a 10 MB body gets 413 without the worker buffering it; a project that
// cannot boot stops the server (no fork loop); a bad option exits 2.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { alive, bootedPids, fetchText, postBytes, readyPids, rssKb, start, startListening, until } from './fixtures/server-project/harness.ts'

test('a 10 MB body gets 413 and the worker does not grow', async () => {
  const server = await startListening('serve', ['--bind', '127.0.0.1:0', '--workers', '1'])
  try {
    await until('the worker is ready', () => readyPids(server.output()).length === 1)
    const [pid] = readyPids(server.output()) as [number]
    const big = 10 * 1024 * 1024
    // Warm up: code paths, socket buffers, the allocator's first arenas.
    assert.equal((await fetchText(`${server.url}/upload/`, { method: 'POST', body: Buffer.from('small') })).body, 'received 5')
    assert.equal(await postBytes(server.url, '/upload/', big), 413)
    const before = await rssKb(pid)
    for (let i = 0; i < 3; i++) {
      assert.equal(await postBytes(server.url, '/upload/', big), 413)
    }
    const grown = (await rssKb(pid)) - before
    assert.ok(grown < 6 * 1024, `worker RSS grew by ${grown} kB after three 10 MB bodies`)
    assert.equal((await fetchText(`${server.url}/`)).status, 200)
  } finally {
    server.kill()
  }
})

test('a project that cannot boot stops serve with the error and a non-zero exit, after a bounded number of tries', async () => {
  const server = start('serve', ['--bind', '127.0.0.1:0', '--workers', '2'], { settings: 'broken-settings.ts' })
  try {
    const code = await server.exited(30_000)
    assert.equal(code, 3)
    const output = server.output()
    assert.match(output, /this project cannot boot/)
    assert.match(output, /failed to boot 3 times in a row/)
    assert.doesNotMatch(output, /Listening at/)
    const pids = bootedPids(output)
    assert.ok(pids.length <= 4, `forked ${pids.length} workers`)
    for (const pid of pids) assert.equal(alive(pid), false)
  } finally {
    server.kill()
  }
})

test('a bad option prints the usage and exits 2', async () => {
  const unknown = start('serve', ['--wrokers', '2'])
  assert.equal(await unknown.exited(), 2)
  assert.match(unknown.output(), /Unknown option '--wrokers'[\s\S]*usage: tango serve/)
  const badNumber = start('serve', ['--workers', 'zero'])
  assert.equal(await badNumber.exited(), 2)
  assert.match(badNumber.output(), /--workers must be an integer >= 1, got 'zero'/)
})

test('the project answers 200 for small uploads (the fixture reads the body)', async () => {
  // Guards the 413 test: it must be the size, not the view, that fails.
  const server = await startListening('serve', ['--bind', '127.0.0.1:0', '--workers', '1'])
  try {
    const answer = await fetchText(`${server.url}/upload/`, { method: 'POST', body: Buffer.alloc(1024 * 1024) })
    assert.equal(answer.status, 200)
    assert.equal(answer.body, `received ${1024 * 1024}`)
  } finally {
    server.kill()
  }
})
