// The {% cache %} fragment tag through a real TemplateEngine: rendered once, then served from the
// cache per vary-on value, Django's key, bare or quoted names, using=, and concurrent renders.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, beforeEach, describe, test } from 'node:test'
import { configure } from 'tango/core'
import { caches, makeTemplateFragmentKey, registerCacheTemplateTags } from 'tango/cache'
import { TemplateEngine } from 'tango/templates'

describe('{% cache %} template tag', () => {
  let calls = 0
  const context = () => ({ tick: () => ++calls })
  let engine: TemplateEngine
  before(() => {
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'fragments-default' }, other: { BACKEND: 'locmem', LOCATION: 'fragments-other' } } })
    registerCacheTemplateTags()
    engine = new TemplateEngine({ dirs: [] })
  })
  beforeEach(async () => {
    calls = 0
    await caches.get('default').clear()
    await caches.get('other').clear()
  })

  test('the body renders once and is then served from the cache, per vary-on value', async () => {
    const source = '[{% cache 300 "sidebar" user.id %}<b>{{ tick() }} {{ user.name }}</b>{% endcache %}]'
    assert.equal(await engine.renderString(source, { ...context(), user: { id: 1, name: 'Ada & co' } }), '[<b>1 Ada &amp; co</b>]')
    assert.equal(await engine.renderString(source, { ...context(), user: { id: 1, name: 'changed' } }), '[<b>1 Ada &amp; co</b>]', 'cached, not escaped twice')
    assert.equal(await engine.renderString(source, { ...context(), user: { id: 2, name: 'Bob' } }), '[<b>2 Bob</b>]')
    assert.equal(calls, 2)
  })

  test("the key is Django's make_template_fragment_key; deleting it re-renders", async () => {
    assert.equal(makeTemplateFragmentKey('sidebar', [1, 'a']), `template.cache.sidebar.${createHash('md5').update('1:a:').digest('hex')}`)
    assert.equal(makeTemplateFragmentKey('footer'), 'template.cache.footer.d41d8cd98f00b204e9800998ecf8427e')
    const source = '{% cache 60 footer %}{{ tick() }}{% endcache %}'
    assert.equal(await engine.renderString(source, context()), '1')
    assert.equal(await caches.get('default').get(makeTemplateFragmentKey('footer')), '1')
    await caches.get('default').delete(makeTemplateFragmentKey('footer'))
    assert.equal(await engine.renderString(source, context()), '2')
  })

  test('the timeout is seconds (an expression too); 0 caches nothing', async () => {
    const source = '{% cache seconds "t" %}{{ tick() }}{% endcache %}'
    assert.equal(await engine.renderString(source, { ...context(), seconds: 0 }), '1')
    assert.equal(await engine.renderString(source, { ...context(), seconds: 0 }), '2')
  })

  test('using= picks another cache', async () => {
    const source = '{% cache 60 "u" using="other" %}{{ tick() }}{% endcache %}'
    assert.equal(await engine.renderString(source, context()), '1')
    assert.equal(await caches.get('other').get(makeTemplateFragmentKey('u')), '1')
    assert.equal(await caches.get('default').get(makeTemplateFragmentKey('u')), undefined)
  })

  test('concurrent renders of one uncached fragment render the body once', async () => {
    const source = '{% cache 60 "hot" %}{{ tick() }}{% endcache %}'
    const pages = await Promise.all(Array.from({ length: 10 }, () => engine.renderString(source, context())))
    assert.deepEqual(new Set(pages), new Set(['1']))
    assert.equal(calls, 1)
  })
})
