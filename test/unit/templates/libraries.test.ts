import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure } from '../../../framework/src/core/index.ts'
import { clearTemplateLibraries, registerTemplateLibrary, renderToString, resetEngine, TemplateEngine } from '../../../framework/src/templates/index.ts'

describe('template libraries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tango-libraries-'))
  writeFileSync(join(dir, 'page.html'), '{% shout "hi" %} {{ "x" | twice }} {{ answer }}')
  after(() => {
    clearTemplateLibraries()
    resetEngine()
    rmSync(dir, { recursive: true, force: true })
  })

  // A tag in nunjucks' extension shape: parse `{% shout expr %}`, then call run() with the value.
  const shout = {
    tags: ['shout'],
    parse(parser: { nextToken(): { value: string }; parseSignature(a: null, b: boolean): unknown; advanceAfterBlockEnd(v: string): void }, nodes: { CallExtension: new (ext: unknown, method: string, args: unknown) => unknown }) {
      const token = parser.nextToken()
      const args = parser.parseSignature(null, true)
      parser.advanceAfterBlockEnd(token.value)
      return new nodes.CallExtension(this, 'run', args)
    },
    run(_context: unknown, value: string) {
      return `${value.toUpperCase()}!`
    },
  }

  test('tags, filters and globals of a registered library reach new engines and the rebuilt project engine', async () => {
    configure({ TEMPLATES: { DIRS: [dir], APP_DIRS: false } })
    await assert.rejects(renderToString('page.html'), /shout/, 'unknown before registration')
    registerTemplateLibrary('test', { extensions: { ShoutTag: shout as never }, filters: { twice: (v: unknown) => `${String(v)}${String(v)}` }, globals: { answer: 42 } })
    assert.equal(await renderToString('page.html'), 'HI! xx 42', 'the cached engine is rebuilt after a registration')
    assert.equal(await new TemplateEngine({ dirs: [dir] }).render('page.html'), 'HI! xx 42')
  })
})

describe('async filters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tango-await-'))
  writeFileSync(join(dir, 'lazy.html'), '{% if show %}{% set rows = load | await %}{{ rows | join(",") }}{% endif %}|{{ later | await }}|{% set n = 3 | slowDouble %}{{ n }}')
  after(() => {
    clearTemplateLibraries()
    rmSync(dir, { recursive: true, force: true })
  })

  test('`await` runs a function only where the template reaches it; library async filters are awaited', async () => {
    registerTemplateLibrary('async-test', { asyncFilters: { slowDouble: async (v: unknown) => Number(v) * 2 } })
    const engine = new TemplateEngine({ dirs: [dir] })
    let calls = 0
    const load = async () => {
      calls += 1
      return ['a', 'b']
    }
    assert.equal(await engine.render('lazy.html', { show: true, load, later: Promise.resolve('done') }), 'a,b|done|6')
    assert.equal(calls, 1)
    assert.equal(await engine.render('lazy.html', { show: false, load, later: 'plain' }), '|plain|6')
    assert.equal(calls, 1, 'not called when the template does not get there')
  })

  test('an async filter that fails fails the render with its error', async () => {
    const engine = new TemplateEngine({ dirs: [dir] })
    await assert.rejects(engine.render('lazy.html', { show: true, load: () => Promise.reject(new Error('db down')), later: 1 }), /db down/)
  })
})
