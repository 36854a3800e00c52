import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure, defineApp } from '../../../framework/src/core/index.ts'
import { Request } from '../../../framework/src/http/index.ts'
import {
  TemplateEngine, TemplateDoesNotExist, getEngine, resetEngine, renderToString, registerContextProcessor, clearContextProcessors, markSafe,
} from '../../../framework/src/templates/index.ts'

let root: string

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'tango-templates-'))
  write(join(root, 'project/templates/news/detail.html'), 'project detail {{ title }}')
  write(join(root, 'project/templates/base.html'), '<title>{% block title %}Site{% endblock %}</title>')
  write(join(root, 'newsapp/templates/news/detail.html'), 'app detail')
  write(join(root, 'newsapp/templates/news/list.html'), '{% extends "base.html" %}{% block title %}News{% endblock %}')
  write(join(root, 'blogapp/templates/news/list.html'), 'blog app list')
  write(join(root, 'blogapp/templates/blog/index.html'), 'blog index')
  write(join(root, 'secret.txt'), 'secret')
})

after(() => {
  rmSync(root, { recursive: true, force: true })
  resetEngine()
  configure({})
})

function configureProject(options: { appDirs?: boolean; debug?: boolean } = {}): void {
  const news = defineApp({ label: 'news', dir: join(root, 'newsapp') })
  const blog = defineApp({ label: 'blog', dir: join(root, 'blogapp') })
  configure({
    BASE_DIR: join(root, 'project'),
    DEBUG: options.debug ?? false,
    INSTALLED_APPS: [news, blog],
    TEMPLATES: { DIRS: ['templates'], APP_DIRS: options.appDirs ?? true },
  })
}

describe('loaders', () => {
  test('a project template overrides the app template of the same name', async () => {
    configureProject()
    assert.equal(await renderToString('news/detail.html', { title: 'Hi' }), 'project detail Hi')
  })

  test('app folders are searched in INSTALLED_APPS order, first match wins', async () => {
    configureProject()
    assert.equal(await renderToString('news/list.html'), '<title>News</title>')
    assert.equal(await renderToString('blog/index.html'), 'blog index')
  })

  test('the engine lists project DIRS (resolved against BASE_DIR) before app folders', () => {
    configureProject()
    assert.deepEqual(getEngine().dirs, [join(root, 'project/templates'), join(root, 'newsapp/templates'), join(root, 'blogapp/templates')])
  })

  test('APP_DIRS false searches only DIRS and TemplateDoesNotExist lists the paths tried', async () => {
    configureProject({ appDirs: false })
    const error = await renderToString('blog/index.html').then(() => null, (e: unknown) => e)
    assert.ok(error instanceof TemplateDoesNotExist)
    assert.equal(error.code, 'E_TEMPLATE_NOT_FOUND')
    assert.equal(error.templateName, 'blog/index.html')
    assert.deepEqual(error.tried, [join(root, 'project/templates/blog/index.html')])
    assert.match(error.message, /blog\/index\.html/)
  })

  test('a name cannot climb out of its template folder', async () => {
    const engine = new TemplateEngine({ dirs: [join(root, 'project/templates')] })
    await assert.rejects(engine.render('../../secret.txt'), TemplateDoesNotExist)
  })

  test('a list of names renders the first that exists (select_template)', async () => {
    configureProject()
    assert.equal(await renderToString(['missing.html', 'blog/index.html', 'news/list.html']), 'blog index')
    await assert.rejects(renderToString(['a.html', 'b.html']), (e: unknown) => e instanceof TemplateDoesNotExist && e.tried.length === 6)
  })

  test('getEngine is cached, rebuilt after configure() and after resetEngine()', () => {
    configureProject()
    const first = getEngine()
    assert.equal(getEngine(), first)
    resetEngine()
    const second = getEngine()
    assert.notEqual(second, first)
    configureProject()
    assert.notEqual(getEngine(), second)
  })
})

describe('caching', () => {
  test('outside DEBUG a compiled template is cached; in DEBUG edits show at once', async () => {
    const dir = join(root, 'cache')
    write(join(dir, 'page.html'), 'one')
    const production = new TemplateEngine({ dirs: [dir] })
    const debug = new TemplateEngine({ dirs: [dir], debug: true })
    assert.equal(await production.render('page.html'), 'one')
    assert.equal(await debug.render('page.html'), 'one')
    writeFileSync(join(dir, 'page.html'), 'two')
    assert.equal(await production.render('page.html'), 'one')
    assert.equal(await debug.render('page.html'), 'two')
  })
})

describe('autoescape', () => {
  const engine = new TemplateEngine({ dirs: [] })

  test('variables are HTML-escaped', async () => {
    assert.equal(await engine.renderString('{{ v }}', { v: `<a href="x">'&'</a>` }), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  test('markSafe values and the safe filter are not escaped', async () => {
    assert.equal(await engine.renderString('{{ a }}{{ b | safe }}', { a: markSafe('<b>x</b>'), b: '<i>' }), '<b>x</b><i>')
  })

  test('undefined variables render as empty text', async () => {
    assert.equal(await engine.renderString('[{{ missing }}][{{ obj.missing }}]', { obj: {} }), '[][]')
  })
})

describe('context', () => {
  test('with a request the template sees request and context processor values; the view context wins', async () => {
    const engine = new TemplateEngine({ dirs: [], contextProcessors: [() => ({ site: 'Tango', who: 'processor' })] })
    const request = new Request({ method: 'GET', url: '/here/?q=1', headers: {} })
    const html = await engine.renderString('{{ request.path }} {{ site }} {{ who }}', { who: 'view' }, request)
    assert.equal(html, '/here/ Tango view')
  })

  test('registered processors run for every engine, after its own, and only with a request', async () => {
    registerContextProcessor(async (request) => ({ method: request.method }))
    try {
      const engine = new TemplateEngine({ dirs: [] })
      const request = new Request({ method: 'POST', url: '/', headers: {} })
      assert.equal(await engine.renderString('{{ method }}', {}, request), 'POST')
      assert.equal(await engine.renderString('[{{ method }}]'), '[]')
    } finally {
      clearContextProcessors()
    }
  })
})
