import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TangoError } from '../../../framework/src/core/index.ts'
import { TemplateDoesNotExist, TemplateEngine, TemplateError } from '../../../framework/src/templates/index.ts'

let dir: string
let engine: TemplateEngine

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tango-template-errors-'))
  mkdirSync(join(dir, 'news'))
  writeFileSync(join(dir, 'news/syntax.html'), '<h1>Title</h1>\n<p>\n{% if %}\n')
  writeFileSync(join(dir, 'news/outer.html'), 'one\ntwo\n{% include "news/inner.html" %}\n')
  writeFileSync(join(dir, 'news/inner.html'), 'a\nb\n  {{ explode() }}\n')
  writeFileSync(join(dir, 'news/missing-include.html'), '{% include "news/nowhere.html" %}')
  writeFileSync(join(dir, 'news/unclosed.html'), '{% block content %}\nx\n')
  engine = new TemplateEngine({ dirs: [dir] })
})

after(() => rmSync(dir, { recursive: true, force: true }))

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => assert.fail('expected the render to fail'), (e: unknown) => e)
}

const explode = (): never => {
  throw new RangeError('kaboom')
}

describe('TemplateError', () => {
  test('a syntax error names the template, line and column', async () => {
    const error = await failure(engine.render('news/syntax.html'))
    assert.ok(error instanceof TemplateError)
    assert.ok(error instanceof TangoError)
    assert.equal(error.code, 'E_TEMPLATE')
    assert.equal(error.templateName, 'news/syntax.html')
    assert.equal(error.templatePath, join(dir, 'news/syntax.html'))
    assert.equal(error.line, 3)
    assert.equal(error.column, 7)
    assert.equal(error.detail, 'unexpected token: %}')
    assert.match(error.message, /news\/syntax\.html, line 3, column 7: unexpected token/)
  })

  test('an error raised while rendering an included template names that template and line, and keeps the cause', async () => {
    const error = await failure(engine.render('news/outer.html', { explode }))
    assert.ok(error instanceof TemplateError)
    assert.equal(error.templateName, 'news/inner.html')
    assert.equal(error.line, 3)
    assert.ok(error.cause instanceof RangeError)
    assert.match(error.message, /kaboom/)
  })

  test('an unclosed block is a syntax error', async () => {
    const error = await failure(engine.render('news/unclosed.html'))
    assert.ok(error instanceof TemplateError)
    assert.equal(error.templateName, 'news/unclosed.html')
  })

  test('an unknown filter is reported with the template name', async () => {
    const error = await failure(engine.renderString('x\n{{ v | nosuchfilter }}', { v: 1 }))
    assert.ok(error instanceof TemplateError)
    assert.equal(error.templateName, null)
    assert.match(error.detail, /filter not found: nosuchfilter/)
  })
})

describe('TemplateDoesNotExist', () => {
  test('a missing template lists the paths tried', async () => {
    const other = join(dir, 'other')
    const two = new TemplateEngine({ dirs: [dir, other] })
    const error = await failure(two.render('news/none.html'))
    assert.ok(error instanceof TemplateDoesNotExist)
    assert.deepEqual(error.tried, [join(dir, 'news/none.html'), join(other, 'news/none.html')])
    assert.match(error.message, /Template 'news\/none\.html' does not exist/)
  })

  test('a missing included template is TemplateDoesNotExist too', async () => {
    const error = await failure(engine.render('news/missing-include.html'))
    assert.ok(error instanceof TemplateDoesNotExist)
    assert.equal(error.templateName, 'news/nowhere.html')
  })
})
