import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { configure, getLanguage, gettext } from 'tango/core'
import type { SettingsInput } from 'tango/core'
import { createHandler } from 'tango/handler'
import { HttpResponse, JsonResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { LocaleMiddleware, i18nPatterns, i18nUrls, override, parseAcceptLanguage, translateUrl } from 'tango/i18n'
import { CsrfViewMiddleware, getToken } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, path, resetUrlCaches, reverse, setRootUrlconf } from 'tango/urls'

function languagePage(request: Request): HttpResponse {
  return new JsonResponse({ language: getLanguage(), text: gettext('Enter a number.'), about: reverse('about'), path: request.path })
}

function newsPage(_request: Request, params: { year: number }): HttpResponse {
  return new JsonResponse({ language: getLanguage(), self: reverse('news', { year: params.year }) })
}

function routes(prefixDefaultLanguage: boolean): URLResolver {
  return new URLResolver([
    path('i18n/', i18nUrls),
    path('plain/', languagePage, { name: 'plain' }),
    path('token/', (request: Request) => new HttpResponse(getToken(request))),
    ...i18nPatterns(
      path('about/', languagePage, { name: 'about' }),
      path('news/<int:year>/', newsPage, { name: 'news' }),
      { prefixDefaultLanguage },
    ),
  ])
}

async function client(options: { prefixDefaultLanguage?: boolean; settings?: SettingsInput; csrf?: boolean } = {}): Promise<TestClient> {
  configure({ ALLOWED_HOSTS: ['testserver'], LANGUAGE_CODE: 'en', LANGUAGES: [['en', 'English'], ['ru', 'Russian']], ...options.settings })
  const resolver = setRootUrlconf(routes(options.prefixDefaultLanguage ?? true))
  const middleware = options.csrf ? [CsrfViewMiddleware, LocaleMiddleware] : [LocaleMiddleware]
  return new TestClient(await createHandler({ resolver, middleware, debug: false }), { enforceCsrfChecks: options.csrf ?? false })
}

const json = (response: { text(): string }): Record<string, unknown> => JSON.parse(response.text()) as Record<string, unknown>

afterEach(() => {
  resetUrlCaches()
  configure({})
})

describe('parseAcceptLanguage', () => {
  test('orders by q-value, ties in header order, and drops q=0', () => {
    assert.deepEqual(parseAcceptLanguage('da, en-GB;q=0.8, en;q=0.8, ru;q=0.9, fr;q=0'), [['da', 1], ['ru', 0.9], ['en-gb', 0.8], ['en', 0.8]])
    assert.deepEqual(parseAcceptLanguage('*'), [['*', 1]])
  })

  test('ignores malformed, too long and too crowded headers', () => {
    assert.deepEqual(parseAcceptLanguage('en;q=2'), [])
    assert.deepEqual(parseAcceptLanguage('<script>'), [])
    assert.deepEqual(parseAcceptLanguage(`ru, ${'x'.repeat(500)}`), [])
    assert.deepEqual(parseAcceptLanguage(Array.from({ length: 31 }, () => 'ru').join(',')), [])
    assert.equal(parseAcceptLanguage(Array.from({ length: 30 }, () => 'ru').join(',')).length, 30)
  })
})

describe('LocaleMiddleware', () => {
  test('Accept-Language picks the best supported language by q-value; Content-Language and Vary are set', async () => {
    const c = await client()
    const response = await c.get('/plain/', { headers: { 'accept-language': 'de;q=1, ru-RU;q=0.8, en;q=0.5' } })
    assert.equal(response.status, 200)
    assert.deepEqual(json(response), { language: 'ru', text: 'Введите число.', about: '/ru/about/', path: '/plain/' })
    assert.equal(response.headers.get('content-language'), 'ru')
    assert.equal(response.headers.get('vary'), 'Accept-Language, Cookie')
    const english = await c.get('/plain/', { headers: { 'accept-language': 'ru;q=0.4, en;q=0.9' } })
    assert.equal(json(english).language, 'en')
  })

  test('the language cookie beats Accept-Language; an unsupported cookie is ignored', async () => {
    const c = await client()
    c.cookies.set('tango_language', 'ru')
    assert.equal(json(await c.get('/plain/', { headers: { 'accept-language': 'en' } })).language, 'ru')
    c.cookies.set('tango_language', 'xx')
    assert.equal(json(await c.get('/plain/', { headers: { 'accept-language': 'ru' } })).language, 'ru')
    assert.equal(json(await c.get('/plain/')).language, 'en', 'nothing usable: LANGUAGE_CODE')
  })

  test('a too long or too crowded Accept-Language header is ignored', async () => {
    const c = await client()
    const long = `ru, ${Array.from({ length: 60 }, (_, i) => `x${i};q=0.1`).join(', ')}`
    assert.ok(long.length > 500)
    assert.equal(json(await c.get('/plain/', { headers: { 'accept-language': long } })).language, 'en')
    const crowded = Array.from({ length: 40 }, () => 'ru').join(',')
    assert.equal(json(await c.get('/plain/', { headers: { 'accept-language': crowded } })).language, 'en')
  })

  test('under i18nPatterns the URL prefix decides, and reverse() writes the active prefix', async () => {
    const c = await client()
    const ru = await c.get('/ru/about/', { headers: { 'accept-language': 'en' } })
    assert.equal(ru.status, 200)
    assert.deepEqual(json(ru), { language: 'ru', text: 'Введите число.', about: '/ru/about/', path: '/ru/about/' })
    assert.equal(ru.headers.get('content-language'), 'ru')
    assert.equal(ru.headers.has('vary'), false, 'the language came from the path')
    assert.deepEqual(json(await c.get('/en/news/2024/')), { language: 'en', self: '/en/news/2024/' })
    assert.deepEqual(json(await c.get('/ru/news/2024/')), { language: 'ru', self: '/ru/news/2024/' })
    assert.equal((await c.get('/de/about/')).status, 404)
  })

  test('a path without the prefix redirects to the prefixed one (APPEND_SLASH too)', async () => {
    const c = await client()
    const response = await c.get('/about/?x=1', { headers: { 'accept-language': 'ru' } })
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/ru/about/?x=1')
    assert.equal(response.headers.get('vary'), 'Accept-Language, Cookie')
    const noSlash = await c.get('/news/2024', { headers: { 'accept-language': 'en' } })
    assert.equal(noSlash.status, 302)
    assert.equal(noSlash.headers.get('location'), '/en/news/2024/')
    assert.equal((await c.get('/nothing/')).status, 404)
  })

  test('with prefixDefaultLanguage off, the default language has no prefix', async () => {
    const c = await client({ prefixDefaultLanguage: false })
    const plain = await c.get('/about/', { headers: { 'accept-language': 'ru' } })
    assert.equal(plain.status, 200)
    assert.deepEqual(json(plain), { language: 'en', text: 'Enter a number.', about: '/about/', path: '/about/' })
    assert.equal(json(await c.get('/ru/about/')).about, '/ru/about/')
    assert.equal((await c.get('/en/about/')).status, 404)
  })

  test('concurrent requests keep their own language', async () => {
    const c = await client()
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => c.get(i % 2 === 0 ? '/ru/about/' : '/en/about/')))
    responses.forEach((r, i) => assert.equal(json(r).language, i % 2 === 0 ? 'ru' : 'en'))
    assert.equal(getLanguage(), 'en', 'nothing leaks out of the requests')
  })
})

describe('i18nPatterns, reverse and translateUrl', () => {
  test('reverse follows the active language', () => {
    configure({ LANGUAGE_CODE: 'en' })
    setRootUrlconf(routes(true))
    assert.equal(override('ru', () => reverse('news', { year: 2025 })), '/ru/news/2025/')
    assert.equal(reverse('news', { year: 2025 }), '/en/news/2025/')
    assert.equal(reverse('plain'), '/plain/')
    assert.equal(translateUrl('/ru/news/2025/?page=2#top', 'en'), '/en/news/2025/?page=2#top')
    assert.equal(translateUrl('/plain/', 'ru'), '/plain/')
    assert.equal(translateUrl('/missing/', 'ru'), '/missing/')
  })

  test('i18nPatterns is refused inside include()', () => {
    configure({ LANGUAGE_CODE: 'en' })
    assert.throws(() => new URLResolver([path('x/', { kind: 'IncludeTarget', urlpatterns: i18nPatterns(path('a/', languagePage)), appName: null, namespace: null })]), /only allowed in the root URLconf/)
  })
})

describe('setLanguage', () => {
  beforeEach(() => undefined)

  test('is a CSRF-protected POST that sets the cookie and redirects to next in the new language', async () => {
    const c = await client({ csrf: true, settings: { LANGUAGE_COOKIE_AGE: 3600, LANGUAGE_COOKIE_SAMESITE: 'Lax' } })
    const refused = await c.post('/i18n/setlang/', { language: 'ru', next: '/en/news/2024/' })
    assert.equal(refused.status, 403)
    const token = (await c.get('/token/')).text()
    const response = await c.post('/i18n/setlang/', { language: 'ru', next: '/en/news/2024/', csrfmiddlewaretoken: token })
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/ru/news/2024/')
    const cookie = response.cookies.get('tango_language')
    assert.equal(cookie?.value, 'ru')
    assert.equal(cookie?.maxAge, 3600)
    assert.equal(cookie?.sameSite, 'Lax')
    assert.equal(json(await c.get('/plain/', { headers: { 'accept-language': 'en' } })).language, 'ru', 'the cookie now decides')
  })

  test('an unsafe next falls back to the Referer, then /; an unknown language sets nothing', async () => {
    const c = await client({ csrf: true })
    const token = (await c.get('/token/')).text()
    const evil = await c.post('/i18n/setlang/', { language: 'ru', next: 'https://evil.example/', csrfmiddlewaretoken: token })
    assert.equal(evil.headers.get('location'), '/')
    const referer = await c.post('/i18n/setlang/', { language: 'en', next: '//evil.example/', csrfmiddlewaretoken: token }, { headers: { referer: 'http://testserver/ru/about/' } })
    assert.equal(referer.headers.get('location'), 'http://testserver/en/about/')
    const unknown = await c.post('/i18n/setlang/', { language: 'xx', next: '/plain/', csrfmiddlewaretoken: token })
    assert.equal(unknown.status, 302)
    assert.equal(unknown.cookies.has('tango_language'), false)
  })
})
