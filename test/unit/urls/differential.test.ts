// The trie must give exactly what Django's linear scan gives: the first route, in declaration
// order, whose anchored regex matches and whose converters accept the text. This checks that on
// many random route tables against a naive implementation of the scan.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { include, path, URLResolver } from '../../../framework/src/urls/index.ts'
import type { URLEntry } from '../../../framework/src/urls/index.ts'
import { labelOf, view } from './helpers.ts'

const REGEX: Record<string, string> = { int: '[0-9]+', str: '[^/]+', slug: '[-a-zA-Z0-9_]+', path: '.+' }

/** Django's approach: one anchored regex per route, tried in order. */
function naive(routes: readonly { route: string; label: string }[], requestPath: string): { label: string; params: Record<string, unknown> } | null {
  const target = requestPath.slice(1)
  for (const { route, label } of routes) {
    let source = '^'
    const converters: [string, string][] = []
    for (const part of route.split(/(<[^>]+>)/)) {
      const m = /^<(\w+):(\w+)>$/.exec(part)
      if (m) {
        converters.push([m[2] as string, m[1] as string])
        source += `(?<${m[2]}>${REGEX[m[1] as string]})`
      } else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    }
    const match = new RegExp(source + '$').exec(target)
    if (!match) continue
    const params: Record<string, unknown> = {}
    for (const [name, converter] of converters) {
      const text = match.groups?.[name] as string
      params[name] = converter === 'int' ? Number(text) : text
    }
    return { label, params }
  }
  return null
}

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

test('the trie resolves exactly as a first-match linear scan on random route tables', () => {
  const random = rng(20240611)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const staticParts = ['a', 'b', 'c', '1']
  const paramParts = ['<int:n>', '<str:s>', '<slug:g>', 'x<int:m>', '<path:p>']
  const words = ['a', 'b', 'c', '1', '22', 'x5', 'a-b', 'caf\u00e9', 'x']
  let compared = 0
  for (let table = 0; table < 150; table++) {
    const flat: { route: string; label: string }[] = []
    const makeRoute = (label: string): string => {
      const count = 1 + Math.floor(random() * 3)
      const segments: string[] = []
      for (let i = 0; i < count; i++) {
        const seg = random() < 0.5 ? pick(staticParts) : pick(paramParts)
        segments.push(seg.replace(/:(\w+)>/, `:$1${i}>`))
      }
      if (segments.some((s) => s.includes('<path:')) && random() < 0.7) return makeRoute(label)
      return segments.join('/') + (random() < 0.6 ? '/' : '')
    }
    const entries: URLEntry[] = []
    const routeCount = 2 + Math.floor(random() * 12)
    for (let i = 0; i < routeCount; i++) {
      const label = `r${i}`
      if (random() < 0.2) {
        // An include: a one-segment prefix with a slash, and two routes inside.
        const prefix = pick(['a/', 'b/', '<int:q>/', '<str:w>/'])
        const inner = [makeRoute(`${label}.0`), makeRoute(`${label}.1`)]
        entries.push(path(prefix, include(inner.map((r, j) => path(r, view(`${label}.${j}`))))))
        inner.forEach((r, j) => flat.push({ route: prefix + r, label: `${label}.${j}` }))
      } else {
        const route = makeRoute(label)
        entries.push(path(route, view(label)))
        flat.push({ route, label })
      }
    }
    const resolver = new URLResolver(entries)
    for (let p = 0; p < 60; p++) {
      const count = 1 + Math.floor(random() * 4)
      const segments = Array.from({ length: count }, () => pick(words))
      const requestPath = '/' + segments.join('/') + (random() < 0.5 ? '/' : '')
      const expected = naive(flat, requestPath)
      const got = resolver.resolve(requestPath)
      const message = `${requestPath} in ${JSON.stringify(flat.map((f) => f.route))}`
      assert.equal(labelOf(got?.view) ?? null, expected?.label ?? null, message)
      if (expected && got) assert.deepEqual({ ...got.params }, expected.params, message)
      compared++
    }
  }
  assert.equal(compared, 150 * 60)
})
