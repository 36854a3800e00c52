// `tango runserver` as a child process on a copy of the fixture project: reload on an edit, the
// error page while the code does not compile, recovery once fixed, static files with no-cache.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyFixture, fetchText, startListening, until } from './fixtures/server-project/harness.ts'
import type { Running } from './fixtures/server-project/harness.ts'

describe('runserver: the development server', () => {
  let project: { dir: string; remove(): void }
  let server: Running
  let views: string

  before(async () => {
    project = copyFixture()
    views = join(project.dir, 'views.ts')
    server = await startListening('runserver', ['127.0.0.1:0'], { dir: project.dir })
  })
  after(() => {
    server.kill()
    project.remove()
  })

  test('prints the watcher line, then serves pages and static files without caching', async () => {
    assert.match(server.output(), /Watching for file changes\n[\s\S]*Listening at http:\/\/127\.0\.0\.1:\d+\//)
    assert.equal((await fetchText(`${server.url}/`)).body, 'Hello from the fixture')
    const css = await fetchText(`${server.url}/static/shop/site.css`)
    assert.equal(css.status, 200)
    assert.equal(css.headers['cache-control'], 'no-cache')
  })

  test('reloads within a few seconds when a view changes', async () => {
    writeFileSync(views, readFileSync(views, 'utf8').replace('Hello from the fixture', 'Hello after the edit'))
    await until('the edit is served', async () => (await fetchText(`${server.url}/`)).body === 'Hello after the edit', 5000)
  })

  test('serves an error page while the code does not compile, and recovers when fixed', async () => {
    const good = readFileSync(views, 'utf8')
    writeFileSync(views, `${good}\nexport const broken = (\n`)
    await until('the error page is served', async () => (await fetchText(`${server.url}/`)).status === 500, 5000)
    const page = await fetchText(`${server.url}/`)
    assert.match(page.body, /The project failed to load/)
    assert.match(page.body, /views\.ts/)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    writeFileSync(views, good)
    await until('the site is back', async () => (await fetchText(`${server.url}/`)).body === 'Hello after the edit', 5000)
  })

  test('stops on SIGTERM with exit code 0 and takes its child along', async () => {
    server.child.kill('SIGTERM')
    assert.equal(await server.exited(5000), 0)
  })
})

test('runserver --noreload serves the project in one process', async () => {
  const server = await startListening('runserver', ['--noreload', '127.0.0.1:0'])
  try {
    assert.doesNotMatch(server.output(), /Watching for file changes/)
    assert.equal((await fetchText(`${server.url}/pid/`)).body, String(server.child.pid))
    server.child.kill('SIGTERM')
    assert.equal(await server.exited(5000), 0)
  } finally {
    server.kill()
  }
})
