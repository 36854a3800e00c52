import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Http404 } from '../../../framework/src/http/index.ts'
import { include, path, registerConverter, rePath, Resolver404, URLResolver } from '../../../framework/src/urls/index.ts'
import { labelOf, view } from './helpers.ts'

const news = {
  appName: 'news',
  urlpatterns: [
    path('', view('news-index'), { name: 'index' }),
    path('articles/<int:year>/', view('year'), { name: 'year' }),
    path('articles/<int:year>/<slug:slug>/', view('detail'), { name: 'detail' }),
  ],
}

function winner(resolver: URLResolver, p: string): string | undefined {
  return labelOf(resolver.resolve(p)?.view)
}

describe('URLResolver.resolve', () => {
  test('matches static and converter routes and converts params', () => {
    const r = new URLResolver([
      path('', view('home'), { name: 'home' }),
      path('articles/<int:year>/<slug:slug>/', view('detail'), { name: 'detail' }),
      path('u/<uuid:id>/', view('uuid')),
      path('s/<name>/', view('str-default')),
    ])
    assert.equal(winner(r, '/'), 'home')
    const m = r.resolve('/articles/2024/hello-world/')
    assert.ok(m)
    assert.deepEqual(m.params, { year: 2024, slug: 'hello-world' })
    assert.equal(m.route, 'articles/<int:year>/<slug:slug>/')
    assert.equal(m.viewName, 'detail')
    assert.equal(m.urlName, 'detail')
    assert.deepEqual(m.namespaces, [])
    assert.equal(r.resolve('/articles/20x4/hello/'), null)
    assert.equal(r.resolve('/articles/2024/hello world/'), null, 'slug refuses a space')
    assert.equal(r.resolve('/articles/2024/hello'), null, 'the trailing slash is part of the route')
    assert.deepEqual(r.resolve('/u/12345678-1234-5678-1234-567812345678/')?.params, { id: '12345678-1234-5678-1234-567812345678' })
    assert.equal(r.resolve('/u/12345678-1234-5678-1234-56781234567A/'), null, 'uuid is lower-case only')
    assert.deepEqual(r.resolve('/s/caf\u00e9 au lait/')?.params, { name: 'caf\u00e9 au lait' })
    assert.equal(r.resolve('/s//'), null, 'str needs at least one character')
  })

  test('returns null for a path without a leading slash', () => {
    const r = new URLResolver([path('', view('home'))])
    assert.equal(r.resolve(''), null)
    assert.equal(r.resolve('about/'), null)
  })

  test('first match in declaration order wins, whatever the segment kind', () => {
    const r = new URLResolver([
      path('<str:x>/edit/', view('str-edit')),
      path('about/edit/', view('about-edit')),
      path('about/<str:y>/', view('about-str')),
      path('<int:n>/', view('int')),
      path('<str:s>/', view('str')),
    ])
    assert.equal(winner(r, '/about/edit/'), 'str-edit')
    assert.equal(winner(r, '/about/other/'), 'about-str')
    assert.equal(winner(r, '/42/'), 'int')
    assert.equal(winner(r, '/abc/'), 'str')
    const flipped = new URLResolver([path('about/edit/', view('about-edit')), path('<str:x>/edit/', view('str-edit'))])
    assert.equal(winner(flipped, '/about/edit/'), 'about-edit')
    assert.equal(winner(flipped, '/other/edit/'), 'str-edit')
  })

  test('a later identical route never wins', () => {
    const r = new URLResolver([path('a/', view('first')), path('a/', view('second'))])
    assert.equal(winner(r, '/a/'), 'first')
  })

  test('includes nest, join prefixes and carry namespaces', () => {
    const api = { appName: 'api', urlpatterns: [path('v<int:version>/', include(news, { namespace: 'inner' }))] }
    const r = new URLResolver([
      path('news/', include(news)),
      path('blog/', include(news, { namespace: 'blog' })),
      path('plain/', include([path('x/', view('plain-x'), { name: 'x' })])),
      path('<slug:site>/api/', include(api)),
    ])
    const m = r.resolve('/blog/articles/2020/a/')
    assert.ok(m)
    assert.equal(labelOf(m.view), 'detail')
    assert.equal(m.viewName, 'blog:detail')
    assert.deepEqual(m.namespaces, ['blog'])
    assert.deepEqual(m.appNames, ['news'])
    assert.equal(r.resolve('/news/')?.viewName, 'news:index')
    assert.equal(r.resolve('/plain/x/')?.viewName, 'x')
    const deep = r.resolve('/acme/api/v2/articles/1999/')
    assert.ok(deep)
    assert.deepEqual(deep.params, { site: 'acme', version: 2, year: 1999 })
    assert.equal(deep.viewName, 'api:inner:year')
    assert.deepEqual(deep.namespaces, ['api', 'inner'])
    assert.deepEqual(deep.appNames, ['api', 'news'])
    assert.equal(deep.route, '<slug:site>/api/v<int:version>/articles/<int:year>/')
  })

  test('include() of an include target keeps its instance namespace (Django\'s admin.site.urls 3-tuple)', () => {
    const target = include(news, { namespace: 'second' })
    const r = new URLResolver([path('direct/', target), path('wrapped/', include(target)), path('renamed/', include(target, { namespace: 'third' }))])
    assert.equal(r.resolve('/direct/articles/2020/a/')?.viewName, 'second:detail')
    assert.equal(r.resolve('/wrapped/articles/2020/a/')?.viewName, 'second:detail')
    assert.equal(r.resolve('/renamed/articles/2020/a/')?.viewName, 'third:detail')
  })

  test('an inner param wins over an include prefix param of the same name', () => {
    const r = new URLResolver([path('<str:id>/', include([path('<int:id>/', view('inner'))]))])
    assert.deepEqual(r.resolve('/outer/7/')?.params, { id: 7 })
  })

  test('path converter spans segments and keeps first-match order with segment routes', () => {
    const r = new URLResolver([
      path('files/readme/', view('readme')),
      path('files/<path:rest>', view('files')),
      path('files/<str:name>/raw/', view('raw')),
      path('<path:all>/tail/', view('tail')),
    ])
    assert.equal(winner(r, '/files/readme/'), 'readme')
    assert.deepEqual(r.resolve('/files/a/b/c.txt')?.params, { rest: 'a/b/c.txt' })
    assert.equal(winner(r, '/files/x/raw/'), 'files', 'the earlier path route wins over a later segment route')
    assert.deepEqual(r.resolve('/a/b/tail/')?.params, { all: 'a/b' })
    assert.equal(r.resolve('/files/'), null, 'path needs at least one character')
  })

  test('mixed segments such as page<int:n>.html', () => {
    const r = new URLResolver([path('page<int:n>.html', view('page')), path('<int:a>-<int:b>/', view('range'))])
    assert.deepEqual(r.resolve('/page12.html')?.params, { n: 12 })
    assert.deepEqual(r.resolve('/3-9/')?.params, { a: 3, b: 9 })
    assert.equal(r.resolve('/pagex.html'), null)
  })

  test('rePath: named groups become strings, Python syntax works, order is kept', () => {
    const r = new URLResolver([
      path('archive/latest/', view('latest')),
      rePath('^archive/(?P<year>[0-9]{4})/$', view('re-year')),
      rePath('^archive/(?<word>[a-z]+)/\\Z', view('re-word')),
      path('archive/<str:x>/', view('after')),
      path('docs/', include([rePath('^(?<page>[a-z]+)\\.html$', view('doc'))])),
      rePath('^loose', view('loose')),
    ])
    assert.equal(winner(r, '/archive/latest/'), 'latest')
    assert.deepEqual(r.resolve('/archive/2021/')?.params, { year: '2021' })
    assert.equal(winner(r, '/archive/words/'), 're-word')
    assert.equal(winner(r, '/archive/W/'), 'after')
    assert.deepEqual(r.resolve('/docs/intro.html')?.params, { page: 'intro' })
    assert.equal(winner(r, '/looseanything/x'), 'loose', 'an endpoint regex without $ is searched, as in Django')
  })

  test('rePath include prefix continues into the included routes', () => {
    const r = new URLResolver([rePath('^v(?<major>[0-9]+)/', include([path('items/<int:id>/', view('item'))]))])
    assert.deepEqual(r.resolve('/v3/items/9/')?.params, { major: '3', id: 9 })
    assert.equal(r.resolve('/vx/items/9/'), null)
  })

  test('a converter whose toValue throws means "no match", and the next route is tried', () => {
    registerConverter('even', {
      regex: '[0-9]+',
      toValue(text: string) {
        const n = Number(text)
        if (n % 2 !== 0) throw new Error('odd')
        return n
      },
      toUrl: (n: number) => String(n),
    })
    const r = new URLResolver([path('n/<even:n>/', view('even')), path('n/<int:n>/', view('any'))])
    assert.equal(winner(r, '/n/4/'), 'even')
    assert.equal(winner(r, '/n/5/'), 'any')
    const ints = new URLResolver([path('n/<int:n>/', view('any'))])
    assert.equal(ints.resolve('/n/99999999999999999999/'), null, 'int refuses numbers past 2^53')
  })

  test('a custom converter that may match "/" spans segments', () => {
    registerConverter('dotted', { regex: '[a-z./]+', toValue: (t: string) => t, toUrl: (t: string) => t })
    const r = new URLResolver([path('pkg/<dotted:name>/info/', view('pkg'))])
    assert.deepEqual(r.resolve('/pkg/a/b.c/info/')?.params, { name: 'a/b.c' })
  })

  test('resolveOrThrow raises Resolver404 with every pattern tried', () => {
    const r = new URLResolver([path('', view('home')), path('news/', include(news))])
    assert.deepEqual(r.patterns(), ['', 'news/', 'news/articles/<int:year>/', 'news/articles/<int:year>/<slug:slug>/'])
    assert.deepEqual(r.entries()[2], { pattern: 'news/articles/<int:year>/', name: 'news:year' })
    assert.throws(() => r.resolveOrThrow('/missing/'), (error: unknown) => {
      assert.ok(error instanceof Resolver404)
      assert.ok(error instanceof Http404)
      assert.equal(error.status, 404)
      assert.equal(error.path, '/missing/')
      assert.deepEqual(error.tried, r.patterns())
      return true
    })
    assert.equal(labelOf(r.resolveOrThrow('/').view), 'home')
  })
})
