// Type-level tests for tango/urls: `tsc --noEmit` checks the assertions below; the runtime test
// only makes the file count as a test. A failing assertion is a compile error, and each
// `@ts-expect-error` line fails the build if the error it expects goes away.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { HttpResponse } from '../../framework/src/http/index.ts'
import type { Request } from '../../framework/src/http/index.ts'
import { include, path, rePath } from '../../framework/src/urls/index.ts'
import type { RegexParams, RouteParams, URLInclude, URLPattern, ViewFunction } from '../../framework/src/urls/index.ts'

type Expect<T extends true> = T
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false

// Route strings parse into params types.
type _route = Expect<Equal<RouteParams<'articles/<int:year>/<slug:slug>/'>, { year: number; slug: string }>>
type _bare = Expect<Equal<RouteParams<'tags/<tag>/'>, { tag: string }>>
type _all = Expect<Equal<RouteParams<'<str:a>/<int:b>/<slug:c>/<uuid:d>/<path:e>'>, { a: string; b: number; c: string; d: string; e: string }>>
type _mixed = Expect<Equal<RouteParams<'page<int:n>.html'>, { n: number }>>
type _none = Expect<Equal<RouteParams<'about/'>, Record<string, never>>>
type _custom = Expect<Equal<RouteParams<'x/<year4:y>/'>, { y: unknown }>>
type _wide = Expect<Equal<RouteParams<string>, never>>
// Projects declare their converters' value types by declaration merging.
declare module 'tango/urls' {
  interface ConverterTypes {
    hexid: bigint
  }
}
type _merged = Expect<Equal<RouteParams<'x/<hexid:h>/<int:n>/'>, { h: bigint; n: number }>>
type _regex = Expect<Equal<RegexParams<'^archive/(?<year>[0-9]{4})/(?P<month>[0-9]{2})/$'>, { year: string; month: string }>>
type _lookbehind = Expect<Equal<RegexParams<'^(?<=a)b$'>, Record<string, never>>>

const detail = (_request: Request, params: { year: number; slug: string }) => new HttpResponse(`${params.year} ${params.slug}`)
const loose: ViewFunction = () => new HttpResponse('any')
const noParams = (_request: Request) => new HttpResponse('none')
const yearOnly = (_request: Request, params: { year: number }) => new HttpResponse(String(params.year))
const wrongType = (_request: Request, params: { year: string }) => new HttpResponse(params.year)
const missing = (_request: Request, params: { id: number }) => new HttpResponse(String(params.id))

const p1: URLPattern = path('articles/<int:year>/<slug:slug>/', detail, { name: 'detail' })
const p2 = path('articles/<int:year>/<slug:slug>/', loose)
const p3 = path('about/', noParams)
const p3b = path('about/', loose)
// @ts-expect-error -- the route has no params at all
const bad5 = path('about/', yearOnly)
const p4 = path('articles/<int:year>/<slug:slug>/', yearOnly) // a view may ignore params
// @ts-expect-error -- <int:year> gives a number, the view wants a string
const bad1 = path('articles/<int:year>/', wrongType)
// @ts-expect-error -- the route has no `id`
const bad2 = path('articles/<int:year>/', missing)
const inc: URLInclude = path('news/', include([p1, p2]))
const re1 = rePath('^archive/(?<year>[0-9]{4})/$', (_r: Request, params: { year: string }) => new HttpResponse(params.year))
// @ts-expect-error -- regex groups are strings
const bad3 = rePath('^archive/(?<year>[0-9]{4})/$', yearOnly)
const dynamic: string = 'anything/<int:x>/'
const p5 = path(dynamic, wrongType) // a route that is not a literal cannot be checked
// Never called: a name on an include also throws at run time.
function _compileOnly(): unknown {
  // @ts-expect-error -- a name on an include is refused at compile time too
  return path('x/', include([]), { name: 'x' })
}

test('urls type tests compile (the checks are done by tsc)', () => {
  const all = [p1, p2, p3, p3b, p4, inc, re1, p5]
  assert.equal(all.length, 8)
  void [bad1, bad2, bad3, bad5, _compileOnly]
})
