import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure, ImproperlyConfigured } from '../../../framework/src/core/index.ts'
import { HttpResponse, MethodNotAllowed, Request } from '../../../framework/src/http/index.ts'
import type { Response } from '../../../framework/src/http/index.ts'
import { path, resetUrlCaches, setRootUrlconf } from '../../../framework/src/urls/index.ts'
import { resetEngine, TemplateDoesNotExist } from '../../../framework/src/templates/index.ts'
import {
  RedirectView, render, requireGET, requireHttpMethods, requirePOST, requireSafe, TemplateView, View,
} from '../../../framework/src/views/index.ts'
import type { ViewParams } from '../../../framework/src/views/index.ts'

let dir: string

const request = (method: string, url = '/'): Request => new Request({ method, url, headers: {} })

function text(response: Response): string {
  assert.equal(response.streaming, false)
  return String((response as HttpResponse).content)
}

async function refusal(call: () => unknown): Promise<MethodNotAllowed> {
  try {
    await call()
  } catch (error) {
    assert.ok(error instanceof MethodNotAllowed)
    return error
  }
  return assert.fail('expected 405')
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tango-views-'))
  writeFileSync(join(dir, 'hello.html'), '<p>Hello {{ name }} from {{ request.path }}</p>')
  writeFileSync(join(dir, 'about.html'), '{{ title }}|{{ slug }}|{{ extra }}|{{ view.templateName }}')
  configure({ TEMPLATES: { DIRS: [dir], APP_DIRS: false } })
  resetEngine()
  setRootUrlconf([path('articles/<slug:slug>/', () => new HttpResponse(''), { name: 'article' })])
})

after(() => {
  rmSync(dir, { recursive: true, force: true })
  resetUrlCaches()
  resetEngine()
  configure({})
})

describe('render', () => {
  test('renders the template with the request into an HttpResponse', async () => {
    const response = await render(request('GET', '/greet/'), 'hello.html', { name: '<Ann>' })
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(response.content, '<p>Hello &lt;Ann&gt; from /greet/</p>')
  })

  test('status and content type can be set', async () => {
    const response = await render(request('GET'), 'hello.html', {}, { status: 404, contentType: 'text/plain; charset=utf-8' })
    assert.equal(response.status, 404)
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8')
  })

  test('a missing template rejects with TemplateDoesNotExist', async () => {
    await assert.rejects(render(request('GET'), 'nope.html'), TemplateDoesNotExist)
  })
})

describe('method decorators', () => {
  const ok = (): HttpResponse => new HttpResponse('ok')

  test('requireHttpMethods lets listed methods through and refuses others with 405 and Allow', async () => {
    const view = requireHttpMethods(['get', 'POST'])(ok)
    assert.equal(text(await view(request('POST'), {})), 'ok')
    const error = await refusal(() => view(request('DELETE'), {}))
    assert.equal(error.status, 405)
    assert.equal(error.headers.allow, 'GET, POST')
  })

  test('requireGET refuses HEAD as Django does; requireSafe allows GET and HEAD; requirePOST only POST', async () => {
    assert.equal(text(await requireGET(ok)(request('GET'), {})), 'ok')
    assert.equal((await refusal(() => requireGET(ok)(request('HEAD'), {}))).headers.allow, 'GET')
    assert.equal(text(await requireSafe(ok)(request('HEAD'), {})), 'ok')
    assert.equal((await refusal(() => requireSafe(ok)(request('POST'), {}))).headers.allow, 'GET, HEAD')
    assert.equal(text(await requirePOST(ok)(request('POST'), {})), 'ok')
    await refusal(() => requirePOST(ok)(request('GET'), {}))
  })

  test('the wrapped view gets the params and keeps its name', async () => {
    function detail(_request: Request, params: { id: number }): HttpResponse {
      return new HttpResponse(`#${params.id}`)
    }
    const wrapped = requireGET(detail)
    assert.equal(wrapped.name, 'detail')
    assert.equal(text(await wrapped(request('GET'), { id: 7 })), '#7')
  })
})

class Greeting extends View {
  greeting = 'Hello'
  get(_request: Request, params: ViewParams): HttpResponse {
    return new HttpResponse(`${this.greeting}, ${String(params.name)} (${this.request.method} ${this.request.path})`)
  }
  post(): HttpResponse {
    return new HttpResponse('posted', { status: 201 })
  }
}

describe('View', () => {
  test('asView dispatches to the method named after the HTTP verb, with init options', async () => {
    const view = Greeting.asView({ greeting: 'Hi' })
    assert.equal(text(await view(request('GET', '/g/'), { name: 'Ann' })), 'Hi, Ann (GET /g/)')
    const posted = await view(request('POST'), {})
    assert.equal(posted.status, 201)
    assert.equal(view.viewClass, Greeting)
    assert.equal(view.name, 'Greeting')
  })

  test('HEAD falls back to get; OPTIONS answers Allow; others get 405', async () => {
    const view = Greeting.asView()
    assert.match(text(await view(request('HEAD'), { name: 'x' })), /^Hello, x/)
    const options = await view(request('OPTIONS'), {})
    assert.equal(options.status, 200)
    assert.equal(options.headers.get('allow'), 'GET, POST, HEAD, OPTIONS')
    const error = await refusal(() => view(request('PUT'), {}))
    assert.equal(error.headers.allow, 'GET, POST, HEAD, OPTIONS')
  })

  test('each request gets a fresh instance', async () => {
    class Counter extends View {
      count = 0
      get(): HttpResponse {
        this.count += 1
        return new HttpResponse(String(this.count))
      }
    }
    const view = Counter.asView()
    assert.equal(text(await view(request('GET'), {})), '1')
    assert.equal(text(await view(request('GET'), {})), '1')
  })

  test('asView refuses options that are method names or unknown fields', () => {
    assert.throws(() => Greeting.asView({ get: 1 } as never), ImproperlyConfigured)
    assert.throws(() => Greeting.asView({ nope: 1 } as never), /invalid option 'nope'/)
  })
})

describe('TemplateView', () => {
  test('renders templateName with params, view and extraContext', async () => {
    const view = TemplateView.asView({ templateName: 'about.html', extraContext: { title: 'About', extra: '<x>' } })
    const response = await view(request('GET'), { slug: 'us' })
    assert.equal(text(response), 'About|us|&lt;x&gt;|about.html')
  })

  test('getContextData can be overridden and async', async () => {
    class About extends TemplateView {
      override templateName = 'about.html'
      override async getContextData(params: ViewParams): Promise<Record<string, unknown>> {
        return { ...(await super.getContextData(params)), title: await Promise.resolve('Async') }
      }
    }
    assert.equal(text(await About.asView()(request('GET'), {})), 'Async|||about.html')
  })

  test('without templateName it is ImproperlyConfigured; POST is refused', async () => {
    await assert.rejects(async () => TemplateView.asView()(request('GET'), {}), ImproperlyConfigured)
    await refusal(() => TemplateView.asView({ templateName: 'about.html' })(request('POST'), {}))
  })
})

describe('RedirectView', () => {
  test('redirects to url with %(name)s placeholders, 302 by default and 301 when permanent', async () => {
    const temporary = await RedirectView.asView({ url: '/new/%(id)s/' })(request('GET'), { id: 5 })
    assert.equal(temporary.status, 302)
    assert.equal(temporary.headers.get('location'), '/new/5/')
    const permanent = await RedirectView.asView({ url: '/x/', permanent: true })(request('POST'), {})
    assert.equal(permanent.status, 301)
  })

  test('reverses patternName with the params and can keep the query string', async () => {
    const view = RedirectView.asView({ patternName: 'article', queryString: true })
    const response = await view(request('GET', '/old/?page=2'), { slug: 'hello' })
    assert.equal(response.headers.get('location'), '/articles/hello/?page=2')
    const plain = await RedirectView.asView({ patternName: 'article' })(request('GET', '/old/?page=2'), { slug: 'hello' })
    assert.equal(plain.headers.get('location'), '/articles/hello/')
  })

  test('answers 410 Gone when there is no URL', async () => {
    const response = await RedirectView.asView()(request('GET'), {})
    assert.equal(response.status, 410)
  })
})
