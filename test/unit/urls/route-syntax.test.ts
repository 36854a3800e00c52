import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ImproperlyConfigured } from '../../../framework/src/core/index.ts'
import { include, path, registerConverter, rePath } from '../../../framework/src/urls/index.ts'
import { view } from './helpers.ts'

function rejects(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ImproperlyConfigured, String(error))
    assert.equal(error.code, 'E_IMPROPERLY_CONFIGURED')
    for (const f of fragments) assert.ok(error.message.includes(f), `${JSON.stringify(error.message)} should mention ${f}`)
    return true
  })
}

describe('route syntax is checked when the route is defined', () => {
  test('an unknown converter names the route and the converter', () => {
    rejects(() => path('a/<intt:year>/', view('x')), '"a/<intt:year>/"', '"intt"')
  })
  test('bad <...> syntax names the route', () => {
    rejects(() => path('a/<int:year/', view('x')), '"a/<int:year/"', "without a closing '>'")
    rejects(() => path('a/int:year>/', view('x')), "'>' without a matching '<'")
    rejects(() => path('a/<int:>/', view('x')), 'not an identifier')
    rejects(() => path('a/<int:my year>/', view('x')), '"my year"')
    rejects(() => path('a/<>/', view('x')), 'not an identifier')
  })
  test('a param name used twice names the route and the param', () => {
    rejects(() => path('<int:id>/<str:id>/', view('x')), '"<int:id>/<str:id>/"', '"id"')
  })
  test('a leading slash is refused with the fix', () => {
    rejects(() => path('/about/', view('x')), 'write "about/"')
  })
  test('an invalid rePath regex names the regex', () => {
    rejects(() => rePath('^(?<a>[0-9]+/$', view('x')), '"^(?<a>[0-9]+/$"')
  })
  test('names and namespaces cannot contain ":"', () => {
    rejects(() => path('a/', view('x'), { name: 'a:b' }), '"a:b"')
    rejects(() => include({ urlpatterns: [], appName: 'a:b' }), '"a:b"')
  })
  test('a namespace needs an application namespace, as in Django', () => {
    rejects(() => include([path('a/', view('x'))], { namespace: 'ns' }), 'without an application namespace')
  })
  test('include() refuses things that are not URL entries, and a name on an include', () => {
    rejects(() => include([{ not: 'an entry' }] as never), 'not made by path()')
    rejects(() => path('a/', include([]) as never, { name: 'n' } as never), 'names an include()')
  })
  test('registerConverter refuses bad names, duplicates and invalid regexes', () => {
    rejects(() => registerConverter('int', { regex: '[0-9]+', toValue: Number, toUrl: String }), "'int' is already registered")
    rejects(() => registerConverter('no good', { regex: 'x', toValue: String, toUrl: String }), 'not an identifier')
    rejects(() => registerConverter('broken', { regex: '[', toValue: String, toUrl: String }), "'broken'")
  })
  test('entries are frozen plain data', () => {
    const entry = path('a/<int:id>/', view('x'), { name: 'a' })
    assert.ok(Object.isFrozen(entry))
    assert.equal(entry.kind, 'URLPattern')
    assert.equal(entry.pattern.source, 'a/<int:id>/')
  })
})
