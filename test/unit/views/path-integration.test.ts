// Class-based and decorated views plug into path() without casts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { HttpResponse, Request } from '../../../framework/src/http/index.ts'
import { path, URLResolver } from '../../../framework/src/urls/index.ts'
import { requireGET, RedirectView, TemplateView, View } from '../../../framework/src/views/index.ts'

class Hello extends View {
  get(): HttpResponse {
    return new HttpResponse(`hi ${String(this.params.name)}`)
  }
}

function detail(_request: Request, params: { year: number }): HttpResponse {
  return new HttpResponse(String(params.year + 1))
}

test('class-based and decorated views are accepted by path() and resolve', async () => {
  const resolver = new URLResolver([
    path('hello/<str:name>/', Hello.asView(), { name: 'hello' }),
    path('about/', TemplateView.asView({ templateName: 'about.html' })),
    path('old/', RedirectView.asView({ url: '/new/' })),
    path('y/<int:year>/', requireGET(detail)),
  ])
  const match = resolver.resolve('/y/2024/')
  assert.ok(match)
  const response = await match.view(new Request({ method: 'GET', url: '/y/2024/', headers: {} }), match.params)
  assert.equal((response as HttpResponse).content, '2025')
})
