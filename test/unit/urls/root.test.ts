import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configure, ImproperlyConfigured } from '../../../framework/src/core/index.ts'
import {
  getResolver, getResolverSync, include, path, resetUrlCaches, reverse, setRootUrlconf, shouldAppendSlash, URLResolver,
} from '../../../framework/src/urls/index.ts'
import { labelOf, view } from './helpers.ts'

const urlpatterns = [
  path('', view('home'), { name: 'home' }),
  path('about/', view('about'), { name: 'about' }),
  path('news/', include({ appName: 'news', urlpatterns: [path('<int:id>/', view('item'), { name: 'item' })] })),
  path('raw', view('raw')),
]

afterEach(() => {
  resetUrlCaches()
  configure({})
})

describe('the root resolver', () => {
  test('getResolver loads ROOT_URLCONF once and caches it, sharing one load between callers', async () => {
    let loads = 0
    configure({ ROOT_URLCONF: async () => {
      loads++
      return { urlpatterns }
    } })
    const [a, b] = await Promise.all([getResolver(), getResolver()])
    assert.equal(a, b)
    assert.equal(await getResolver(), a)
    assert.equal(getResolverSync(), a)
    assert.equal(loads, 1)
    assert.equal(labelOf(a.resolve('/about/')?.view), 'about')
    resetUrlCaches()
    assert.notEqual(await getResolver(), a)
    assert.equal(loads, 2)
  })

  test('a new ROOT_URLCONF is noticed', async () => {
    configure({ ROOT_URLCONF: async () => ({ urlpatterns }) })
    const first = await getResolver()
    configure({ ROOT_URLCONF: async () => ({ urlpatterns: [path('other/', view('other'))] }) })
    assert.throws(() => getResolverSync(), ImproperlyConfigured)
    const second = await getResolver()
    assert.notEqual(second, first)
    assert.deepEqual(second.patterns(), ['other/'])
  })

  test('a failed load is not cached', async () => {
    let fail = true
    configure({ ROOT_URLCONF: async () => {
      if (fail) throw new Error('syntax error in urls.ts')
      return { urlpatterns }
    } })
    await assert.rejects(getResolver(), /syntax error/)
    fail = false
    assert.ok((await getResolver()) instanceof URLResolver)
  })

  test('errors: ROOT_URLCONF unset, module without urlpatterns, not loaded yet', async () => {
    await assert.rejects(getResolver(), (e: unknown) => e instanceof ImproperlyConfigured && /ROOT_URLCONF is not set/.test(e.message))
    assert.throws(() => getResolverSync(), /not loaded yet/)
    assert.throws(() => reverse('home'), /not loaded yet/)
    configure({ ROOT_URLCONF: async () => ({}) as never })
    await assert.rejects(getResolver(), /must load a module that exports `urlpatterns`/)
  })

  test('reverse() uses the loaded root URLconf', async () => {
    configure({ ROOT_URLCONF: async () => ({ urlpatterns }) })
    await getResolver()
    assert.equal(reverse('news:item', { id: 5 }), '/news/5/')
    assert.equal(reverse('about', {}, { query: { next: '/x/' } }), '/about/?next=%2Fx%2F')
  })

  test('setRootUrlconf overrides ROOT_URLCONF until reset', async () => {
    configure({ ROOT_URLCONF: async () => ({ urlpatterns }) })
    const set = setRootUrlconf([path('only/', view('only'), { name: 'only' })])
    assert.equal(await getResolver(), set)
    assert.equal(getResolverSync(), set)
    assert.equal(reverse('only'), '/only/')
    resetUrlCaches()
    assert.notEqual(await getResolver(), set)
  })
})

describe('shouldAppendSlash', () => {
  const resolver = new URLResolver(urlpatterns)
  test('true only when the path fails and path + "/" resolves', () => {
    assert.equal(shouldAppendSlash(resolver, '/about'), true)
    assert.equal(shouldAppendSlash(resolver, '/news/3'), true)
    assert.equal(shouldAppendSlash(resolver, '/about/'), false, 'already ends with a slash')
    assert.equal(shouldAppendSlash(resolver, '/raw'), false, 'resolves as it is')
    assert.equal(shouldAppendSlash(resolver, '/nowhere'), false, 'no route either way')
  })
})
