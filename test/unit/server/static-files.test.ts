import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { defineApp } from '../../../framework/src/core/apps.ts'
import { configure, defineSettings } from '../../../framework/src/core/settings.ts'
import { Request } from '../../../framework/src/http/request.ts'
import { HttpResponse } from '../../../framework/src/http/response.ts'
import type { Response } from '../../../framework/src/http/response.ts'
import { findStaticFile, staticFileRoots, staticFilesHandler } from '../../../framework/src/server/static-files.ts'

async function bodyOf(response: Response): Promise<string> {
  if (!response.streaming) return String(response.content)
  let text = ''
  for await (const chunk of response.streamingContent) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
  return text
}

describe('static files handler', () => {
  let root: string
  const app = (): string => join(root, 'blog')
  const inner = async (): Promise<Response> => new HttpResponse('from the app')

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tango-static-'))
    mkdirSync(join(root, 'blog', 'static', 'blog'), { recursive: true })
    mkdirSync(join(root, 'extra', 'blog'), { recursive: true })
    writeFileSync(join(root, 'blog', 'static', 'blog', 'site.css'), 'app css')
    writeFileSync(join(root, 'blog', 'static', 'blog', 'only-app.js'), 'app js')
    writeFileSync(join(root, 'extra', 'blog', 'site.css'), 'project css')
    writeFileSync(join(root, 'secret.txt'), 'secret')
    configure(defineSettings({ INSTALLED_APPS: [defineApp({ label: 'blog', dir: app() })], STATICFILES_DIRS: [join(root, 'extra')] }, {}))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  test('searches STATICFILES_DIRS before the apps, first match wins', async () => {
    assert.deepEqual(staticFileRoots(), [join(root, 'extra'), join(root, 'blog', 'static')])
    assert.equal(await findStaticFile('blog/site.css', staticFileRoots()), join(root, 'extra', 'blog', 'site.css'))
    assert.equal(await findStaticFile('blog/only-app.js', staticFileRoots()), join(root, 'blog', 'static', 'blog', 'only-app.js'))
  })

  test('never leaves the static folders', async () => {
    for (const path of ['../secret.txt', 'blog/../../secret.txt', '..\\secret.txt', 'blog/site.css\0', '', 'blog'])
      assert.equal(await findStaticFile(path, staticFileRoots()), null, path)
  })

  test('answers under STATIC_URL with the Cache-Control asked for, and passes other paths on', async () => {
    const handler = staticFilesHandler(inner, { cacheControl: 'no-cache' })
    const css = await handler(new Request({ method: 'GET', url: '/static/blog/site.css', headers: {} }))
    assert.equal(css.status, 200)
    assert.equal(css.headers.get('cache-control'), 'no-cache')
    assert.equal(await bodyOf(css), 'project css')
    assert.equal((await handler(new Request({ method: 'GET', url: '/static/%2e%2e/%2e%2e/secret.txt', headers: {} }))).status, 404)
    assert.equal((await handler(new Request({ method: 'GET', url: '/static/blog/nope.css', headers: {} }))).status, 404)
    assert.equal((await handler(new Request({ method: 'POST', url: '/static/blog/site.css', headers: {} }))).status, 405)
    assert.equal(await bodyOf(await handler(new Request({ method: 'GET', url: '/blog/', headers: {} }))), 'from the app')
  })

  test('answers 304 to a matching If-None-Match', async () => {
    const handler = staticFilesHandler(inner, { cacheControl: 'public, max-age=3600' })
    const first = await handler(new Request({ method: 'GET', url: '/static/blog/site.css', headers: {} }))
    const etag = first.headers.get('etag') as string
    const again = await handler(new Request({ method: 'GET', url: '/static/blog/site.css', headers: { 'if-none-match': etag } }))
    assert.equal(again.status, 304)
  })
})
