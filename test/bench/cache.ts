/**
 * The cache framework's benchmark, in one run:
 * 1. In process: get and set throughput (ops/s) of the locmem and redis backends, one call at a
 *    time and 50 in flight, with the redis/locmem ratios. Redis needs BENCH_REDIS_URL or
 *    TEST_REDIS_URL (database 15 and a unique key prefix are used; its keys are removed after).
 * 2. Through the full stack over real HTTP (autocannon): a page rendered by the template engine on
 *    every request vs the same page behind `cachePage` (locmem), with DEFAULT_MIDDLEWARE, and the
 *    cached/uncached ratio.
 *
 * Run: `node --import tsx test/bench/cache.ts` (BENCH_SECONDS, default 5; BENCH_CONNECTIONS, default 50).
 * The same file is the HTTP server when started with BENCH_CACHE_SERVER=1.
 */
import { randomBytes } from 'node:crypto'
import { configure, defineSettings } from 'tango/core'
import { LocMemCache, RedisCache, cachePage, closeCaches } from 'tango/cache'
import type { BaseCache } from 'tango/cache'
import { createHandler } from 'tango/handler'
import { HttpResponse, createHttpServer } from 'tango/http'
import { DEFAULT_MIDDLEWARE } from 'tango/middleware'
import { TemplateEngine } from 'tango/templates'
import { path } from 'tango/urls'
import { load, median, startServer } from './harness.ts'
import { start } from './servers/common.ts'

const PAGE = `<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1><table>
{% for row in rows %}<tr class="{{ 'odd' if loop.index is odd else 'even' }}"><td>{{ row.id }}</td><td>{{ row.name | title }}</td><td>{{ row.score | floatformat(2) }}</td><td>{{ row.when | date("Y-m-d") }}</td></tr>
{% endfor %}</table></body></html>`

async function serve(): Promise<void> {
  const engine = new TemplateEngine({ dirs: [] })
  const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item number ${i}`, score: i * 1.2345, when: new Date(Date.UTC(2026, 0, 1 + (i % 28))) }))
  const page = async (): Promise<HttpResponse> => new HttpResponse(await engine.renderString(PAGE, { title: 'Report', rows }))
  const urlpatterns = [path('uncached', page), path('cached', cachePage(60)(page))]
  configure(
    defineSettings({
      DEBUG: false,
      SECRET_KEY: 'bench-only-secret-key-bench-only-secret-key-bench-only-secret',
      ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
      MIDDLEWARE: DEFAULT_MIDDLEWARE,
      ROOT_URLCONF: async () => ({ urlpatterns }),
      REQUEST_LOGGING: false,
      CACHES: { default: { BACKEND: 'locmem', OPTIONS: { MAX_ENTRIES: 1000 } } },
    }, {}),
  )
  await start(async () => createHttpServer(await createHandler()))
}

/** ops/s of `fn`, `inFlight` calls at a time, median of 5 batches of `n` calls. */
async function opsPerSecond(n: number, inFlight: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const batch = async (): Promise<number> => {
    const started = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < n) await fn(next++)
    }))
    return n / ((performance.now() - started) / 1000)
  }
  await batch()
  const results: number[] = []
  for (let b = 0; b < 5; b++) results.push(await batch())
  return median(results)
}

async function backendRows(name: string, cache: BaseCache): Promise<Record<string, number>> {
  const value = { id: 42, name: 'a cached object', tags: ['a', 'b', 'c'], when: new Date() }
  for (let i = 0; i < 100; i++) await cache.set(`k${i}`, value, 300)
  const out: Record<string, number> = {}
  for (const inFlight of [1, 50]) {
    const n = inFlight === 1 ? 5_000 : 20_000
    out[`get, ${inFlight} in flight`] = await opsPerSecond(n, inFlight, (i) => cache.get(`k${i % 100}`))
    out[`set, ${inFlight} in flight`] = await opsPerSecond(n, inFlight, (i) => cache.set(`k${i % 100}`, value, 300))
  }
  process.stdout.write(`  ${name} done\n`)
  return out
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? '5')
  console.log(`Tango cache benchmark, node ${process.version}`)

  console.log('\n1. Backends in process (ops/s, median of 5 batches)')
  const locmem = new LocMemCache({ alias: 'bench', setting: { BACKEND: 'locmem', LOCATION: 'bench', OPTIONS: { MAX_ENTRIES: 10_000 } } })
  const local = await backendRows('locmem', locmem)
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL
  let remote: Record<string, number> | null = null
  if (redisUrl) {
    const u = new URL(redisUrl)
    u.pathname = '/15'
    const redis = new RedisCache({ alias: 'bench', setting: { BACKEND: 'redis', LOCATION: u.toString(), KEY_PREFIX: `tango-bench-${randomBytes(4).toString('hex')}` } })
    remote = await backendRows('redis', redis)
    await redis.clear()
    await redis.close()
  } else {
    console.log('  redis skipped: set BENCH_REDIS_URL or TEST_REDIS_URL')
  }
  console.log(`  ${'operation'.padEnd(22)} ${'locmem'.padStart(12)} ${'redis'.padStart(12)} ${'locmem/redis'.padStart(13)}`)
  for (const [op, ops] of Object.entries(local)) {
    const r = remote?.[op]
    console.log(`  ${op.padEnd(22)} ${Math.round(ops).toLocaleString('en').padStart(12)} ${(r === undefined ? '-' : Math.round(r).toLocaleString('en')).padStart(12)} ${(r === undefined ? '-' : `${(ops / r).toFixed(1)}x`).padStart(13)}`)
  }

  console.log(`\n2. A 200-row template page through the full stack (DEFAULT_MIDDLEWARE, 1 process, ${seconds}s per run, autocannon)`)
  const { child, url } = await startServer({ name: 'cache page', script: 'cache.ts', env: { BENCH_CACHE_SERVER: '1' } }, 1)
  try {
    const rps: Record<string, number> = {}
    for (const page of ['uncached', 'cached']) {
      await load(`${url}/${page}`, 1)
      const result = await load(`${url}/${page}`, seconds)
      rps[page] = result.requests.average
      console.log(`  ${page.padEnd(10)} ${Math.round(result.requests.average).toLocaleString('en').padStart(8)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  errors ${result.errors + result.non2xx}`)
    }
    console.log(`  cached/uncached: ${((rps.cached ?? 0) / (rps.uncached ?? 1)).toFixed(1)}x`)
  } finally {
    child.kill('SIGTERM')
  }
  await closeCaches()
}

if (process.env.BENCH_CACHE_SERVER === '1') await serve()
else await main()
