// Micro-benchmark: is route matching a linear regex scan? Times resolving the LAST route of tables
// of 10, 100 and 1000 routes with Tango's URLResolver (segment trie) and with a naive Django-style
// scan (one anchored regex per route, tried in order), and prints ns/op and the ratio.
// Run: npx tsx test/bench/routing.ts   (about 5 seconds; numbers vary by machine and load)
import { HttpResponse } from '../../framework/src/http/index.ts'
import { path, URLResolver } from '../../framework/src/urls/index.ts'

const view = () => new HttpResponse('ok')

/** A table shaped like a real site: per section a list, a detail, an edit page and a slug page. */
function routes(count: number): string[] {
  const out: string[] = []
  for (let i = 0; out.length < count; i++) {
    out.push(`section${i}/`, `section${i}/<int:id>/`, `section${i}/<int:id>/edit/`, `section${i}/posts/<slug:slug>/`)
  }
  return out.slice(0, count)
}

/** The path that matches route `route` (the last one in the table). */
function samplePath(route: string): string {
  return '/' + route.replace('<int:id>', '12345').replace('<slug:slug>', 'hello-world')
}

const REGEX: Record<string, string> = { int: '[0-9]+', slug: '[-a-zA-Z0-9_]+', str: '[^/]+' }

/** Django's resolver, reduced to its core: try each route's regex in order. */
function naiveResolver(table: readonly string[]): (p: string) => Record<string, unknown> | null {
  const compiled = table.map((route) => {
    const converters: [string, string][] = []
    const source = route.replace(/<(\w+):(\w+)>/g, (_m, c: string, n: string) => {
      converters.push([n, c])
      return `(?<${n}>${REGEX[c]})`
    })
    return { regex: new RegExp(`^${source}$`), converters }
  })
  return (p) => {
    const target = p.slice(1)
    for (const { regex, converters } of compiled) {
      const m = regex.exec(target)
      if (m === null) continue
      const params: Record<string, unknown> = {}
      for (const [n, c] of converters) params[n] = c === 'int' ? Number(m.groups?.[n]) : m.groups?.[n]
      return params
    }
    return null
  }
}

/** Nanoseconds per call of `fn`, measured over about `ms` milliseconds after a warm-up. */
function nsPerOp(fn: () => unknown, ms = 400): number {
  for (let i = 0; i < 20_000; i++) fn()
  let iterations = 0
  let sink = 0
  const start = process.hrtime.bigint()
  const budget = BigInt(ms) * 1_000_000n
  let elapsed = 0n
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) if (fn() !== null) sink++
    iterations += 1000
    elapsed = process.hrtime.bigint() - start
  }
  if (sink !== iterations) throw new Error('a lookup failed to match')
  return Number(elapsed) / iterations
}

const rows: { routes: number; trie: number; linear: number }[] = []
for (const count of [10, 100, 1000]) {
  const table = routes(count)
  const last = table[table.length - 1] as string
  const target = samplePath(last)
  const resolver = new URLResolver(table.map((r) => path(r, view)))
  const naive = naiveResolver(table)
  if (resolver.resolve(target)?.route !== last) throw new Error(`trie did not resolve ${target} to ${last}`)
  rows.push({ routes: count, trie: nsPerOp(() => resolver.resolve(target)), linear: nsPerOp(() => naive(target)) })
}

console.log('resolve the last route (' + process.version + ')')
console.log('routes  trie ns/op  linear ns/op  linear/trie')
for (const r of rows) {
  console.log(`${String(r.routes).padStart(6)}  ${r.trie.toFixed(0).padStart(10)}  ${r.linear.toFixed(0).padStart(12)}  ${(r.linear / r.trie).toFixed(1).padStart(10)}x`)
}
const first = rows[0]
const lastRow = rows[rows.length - 1]
if (first && lastRow) {
  console.log(`growth from ${first.routes} to ${lastRow.routes} routes: trie ${(lastRow.trie / first.trie).toFixed(2)}x, linear ${(lastRow.linear / first.linear).toFixed(2)}x`)
}
