import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { configure } from '../../../framework/src/core/index.ts'
import { HttpResponse, Request } from '../../../framework/src/http/index.ts'
import { include, path, resetUrlCaches, setRootUrlconf } from '../../../framework/src/urls/index.ts'
import { TemplateEngine, TemplateError, setStaticUrlResolver, staticUrl } from '../../../framework/src/templates/index.ts'

const view = (): HttpResponse => new HttpResponse('ok')
const engine = new TemplateEngine({ dirs: [] })
const render = (source: string, context: Record<string, unknown> = {}, request: Request | null = null): Promise<string> => engine.renderString(source, context, request)

before(() => {
  setRootUrlconf([
    path('', view, { name: 'home' }),
    path('news/', include({ appName: 'news', urlpatterns: [
      path('<slug:slug>/', view, { name: 'detail' }),
      path('archive/<int:year>/<int:month>/', view, { name: 'archive' }),
    ] })),
  ])
})

after(() => {
  resetUrlCaches()
  configure({})
})

describe('url', () => {
  test('{% url %} with keyword arguments, as Django', async () => {
    assert.equal(await render(`<a href="{% url 'news:detail' slug='hello-world' %}">`), '<a href="/news/hello-world/">')
    assert.equal(await render(`{% url 'news:archive' year=2024 month=m %}`, { m: 5 }), '/news/archive/2024/5/')
    assert.equal(await render(`{% url "home" %}`), '/')
  })

  test('url() global with a params object or keyword arguments', async () => {
    assert.equal(await render(`{{ url('news:detail', { slug: 'x' }) }}`), '/news/x/')
    assert.equal(await render(`{{ url('news:archive', year=2024, month=1) }}`), '/news/archive/2024/1/')
  })

  test('{% url ... as var %} stores the URL, or empty text when it does not reverse', async () => {
    assert.equal(await render(`{% url 'news:detail' slug='a' as link %}[{{ link }}]`), '[/news/a/]')
    assert.equal(await render(`{% url 'nope' as link %}[{{ link }}]`), '[]')
  })

  test('an unknown route is a TemplateError caused by NoReverseMatch, with the line', async () => {
    const error = await render(`<p>\n{% url 'nope' %}`).then(() => null, (e: unknown) => e)
    assert.ok(error instanceof TemplateError)
    assert.equal(error.line, 2)
    assert.equal((error.cause as { code?: string }).code, 'E_NO_REVERSE_MATCH')
  })

  test('positional parameters are refused with a clear message', async () => {
    await assert.rejects(render(`{% url 'news:archive' 2024 5 %}`), /pass route parameters by name/)
  })

  test('the output is escaped', async () => {
    assert.equal(await render(`{{ url('news:detail', { slug: s }) }}`, { s: 'a' }), '/news/a/')
  })

  test('a request that matched a namespaced route makes that namespace current', async () => {
    const request = new Request({ method: 'GET', url: '/news/x/', headers: {} })
    request.resolverMatch = { viewName: 'news:detail', route: 'news/<slug:slug>/', params: { slug: 'x' } }
    assert.equal(await render(`{% url 'news:detail' slug='y' %}`, {}, request), '/news/y/')
  })
})

describe('static', () => {
  test('static() and {% static %} join STATIC_URL and the quoted path', async () => {
    configure({ STATIC_URL: '/assets/' })
    assert.equal(staticUrl('css/site.css'), '/assets/css/site.css')
    assert.equal(await render(`{{ static('css/site.css') }}|{% static 'img/a b.png' %}|{% static '/x.js' as s %}{{ s }}`), '/assets/css/site.css|/assets/img/a%20b.png|/assets/x.js')
    configure({})
    assert.equal(staticUrl('x.js'), '/static/x.js')
  })

  test('setStaticUrlResolver swaps how URLs are built', async () => {
    setStaticUrlResolver((p) => `/static/${p.replace(/\.css$/, '.abc123.css')}`)
    try {
      assert.equal(await render(`{% static 'site.css' %}`), '/static/site.abc123.css')
    } finally {
      setStaticUrlResolver(null)
    }
  })
})
