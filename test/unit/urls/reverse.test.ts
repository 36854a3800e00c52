import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { include, NoReverseMatch, path, registerConverter, rePath, reverse, URLResolver } from '../../../framework/src/urls/index.ts'
import { view } from './helpers.ts'

registerConverter('year4', { regex: '[0-9]{4}', toValue: Number, toUrl: (y: number) => String(y).padStart(4, '0') })

const news = {
  appName: 'news',
  urlpatterns: [
    path('', view('index'), { name: 'index' }),
    path('articles/<year4:year>/<slug:slug>/', view('detail'), { name: 'detail' }),
    path('files/<path:rest>', view('files'), { name: 'files' }),
    rePath('^archive/(?P<year>[0-9]{4})/$', view('archive'), { name: 'archive' }),
  ],
}

const urlpatterns = [
  path('', view('home'), { name: 'home' }),
  path('tags/<str:tag>/', view('tag'), { name: 'tag' }),
  path('news/', include(news)),
  path('blog/', include(news, { namespace: 'blog' })),
  path('<slug:site>/', include({ appName: 'shop', urlpatterns: [path('cart/', view('cart'), { name: 'cart' })] }), ),
  path('dup/old/', view('dup-old'), { name: 'dup' }),
  path('dup/new/', view('dup-new'), { name: 'dup' }),
  path('dup/<int:n>/', view('dup-n'), { name: 'dup' }),
  path('u/<uuid:id>/', view('uuid'), { name: 'uuid' }),
]
const resolver = new URLResolver(urlpatterns)

function fails(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NoReverseMatch, String(error))
    assert.equal(error.code, 'E_NO_REVERSE_MATCH')
    for (const f of fragments) assert.ok(error.message.includes(f), `${JSON.stringify(error.message)} should mention ${f}`)
    return true
  })
}

describe('reverse', () => {
  test('round trips: every reversed path resolves to the same name and params', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['home', {}],
      ['tag', { tag: 'caf\u00e9 & cr\u00e8me?' }],
      ['news:index', {}],
      ['news:detail', { year: 2024, slug: 'hello-world' }],
      ['blog:detail', { year: 7, slug: 'x' }],
      ['news:files', { rest: 'docs/a b/c.txt' }],
      ['blog:archive', { year: '2019' }],
      ['shop:cart', { site: 'acme' }],
      ['uuid', { id: '12345678-1234-5678-1234-567812345678' }],
    ]
    for (const [name, params] of cases) {
      const url = resolver.reverse(name, params)
      const match = resolver.resolve(decodeURIComponent(url))
      assert.ok(match, `${name} → ${url} should resolve`)
      assert.equal(match.viewName, name)
      assert.deepEqual(match.params, params)
    }
  })

  test('uses converters toUrl and percent-encodes the path as Django does', () => {
    assert.equal(resolver.reverse('blog:detail', { year: 7, slug: 'x' }), '/blog/articles/0007/x/')
    assert.equal(resolver.reverse('tag', { tag: 'a b?#%' }), '/tags/a%20b%3F%23%25/')
    assert.equal(resolver.reverse('tag', { tag: "a:b@c$d&e+f,g;h=i!j'k(l)m*n~o" }), "/tags/a:b@c$d&e+f,g;h=i!j'k(l)m*n~o/")
    assert.equal(resolver.reverse('news:files', { rest: 'a/b c' }), '/news/files/a/b%20c')
  })

  test('appends query and fragment', () => {
    assert.equal(resolver.reverse('home', {}, { query: { q: 'a b', page: 2, tag: ['x', 'y'], skip: null } }), '/?q=a+b&page=2&tag=x&tag=y')
    assert.equal(resolver.reverse('home', {}, { query: new URLSearchParams('a=1') , fragment: 'top part' }), '/?a=1#top%20part')
    assert.equal(resolver.reverse('home', {}, { query: {} }), '/')
  })

  test('application namespaces pick the default instance, currentApp, or the last deployed', () => {
    assert.equal(resolver.reverse('news:index'), '/news/')
    assert.equal(resolver.reverse('blog:index'), '/blog/')
    assert.equal(resolver.reverse('news:index', {}, { currentApp: 'blog' }), '/blog/')
    const noDefault = new URLResolver([
      path('one/', include(news, { namespace: 'one' })),
      path('two/', include(news, { namespace: 'two' })),
    ])
    assert.equal(noDefault.reverse('news:index'), '/two/')
    assert.equal(noDefault.reverse('news:index', {}, { currentApp: 'one' }), '/one/')
  })

  test('nested namespaces and prefix params', () => {
    const inner = { appName: 'inner', urlpatterns: [path('<int:id>/', view('item'), { name: 'item' })] }
    const r = new URLResolver([path('<slug:org>/', include({ appName: 'outer', urlpatterns: [path('items/', include(inner))] }))])
    assert.equal(r.reverse('outer:inner:item', { org: 'acme', id: 3 }), '/acme/items/3/')
    fails(() => r.reverse('outer:nope:item', { org: 'a', id: 1 }), "'nope' is not a registered namespace inside 'outer'")
  })

  test('with several routes of one name, the last declared that fits wins', () => {
    assert.equal(resolver.reverse('dup'), '/dup/new/')
    assert.equal(resolver.reverse('dup', { n: 5 }), '/dup/5/')
  })

  test('NoReverseMatch names the route and the params expected versus given', () => {
    fails(() => resolver.reverse('news:detail', { slug: 'x' }), "'news:detail'", 'news/articles/<year4:year>/<slug:slug>/', 'expects params {year, slug}, got {slug}')
    fails(() => resolver.reverse('news:detail', { year: 2024, slug: 'not a slug' }), 'slug="not a slug" does not match <slug:slug>')
    fails(() => resolver.reverse('tag', { tag: 'a/b' }), 'does not match <str:tag>')
    fails(() => resolver.reverse('news:archive', { year: '99' }), 'does not match its group')
    fails(() => resolver.reverse('missing'), "'missing' is not a route name")
    fails(() => resolver.reverse('ghost:index'), "'ghost' is not a registered namespace")
    fails(() => resolver.reverse('detail', { year: 1, slug: 'x' }), "'detail' is not a route name", "exist as 'news:detail', 'blog:detail'")
  })

  test('a leading // is escaped so the result is never scheme-relative', () => {
    const r = new URLResolver([path('<path:p>', view('p'), { name: 'p' })])
    assert.equal(r.reverse('p', { p: '/evil.example/x' }), '/%2Fevil.example/x')
  })

  test('reverse() takes a urlconf option', () => {
    assert.equal(reverse('news:detail', { year: 2024, slug: 'a' }, { urlconf: urlpatterns }), '/news/articles/2024/a/')
    assert.equal(reverse('home', {}, { urlconf: resolver }), '/')
  })

  test('complex regexes say they cannot be reversed', () => {
    const r = new URLResolver([rePath('^(?:a|b)/(?<x>[0-9]+)/$', view('alt'), { name: 'alt' })])
    fails(() => r.reverse('alt', { x: 1 }), 'too complex to reverse')
  })
})
