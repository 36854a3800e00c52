/**
 * A 20-row page rendered with nunjucks: the full Tango stack vs a hand-written node:http +
 * better-sqlite3 + nunjucks server, one process and prefork 2, medians of interleaved rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load, median, startServer, type Contender } from '../harness.ts'
import { setupDatabase } from './setup.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? '3')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3')
const dir = mkdtempSync(join(tmpdir(), 'tango-page-bench-'))
const file = join(dir, 'bench.sqlite3')
await setupDatabase(file, true)

const contenders: Contender[] = [
  { name: 'hand-written', script: 'servers/db-page-raw.ts', env: { BENCH_DB: file } },
  { name: 'tango', script: 'servers/db-page-tango.ts', env: { BENCH_DB: file } },
]
const figures = new Map<string, number[]>()
for (const workers of [1, 2]) {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const contender of contenders) {
      process.stdout.write(`  round ${round}: ${contender.name} page, ${workers === 1 ? '1 process' : `prefork ${workers}`} ...\n`)
      const { child, url } = await startServer(contender, workers)
      try {
        const pageUrl = contender.name === 'tango' ? `${url}/articles/` : `${url}/`
        await load(pageUrl, 1)
        const result = await load(pageUrl, SECONDS)
        if (result.non2xx + result.errors > 0) throw new Error(`${contender.name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
        const key = `${contender.name}|${workers}`
        figures.set(key, [...(figures.get(key) ?? []), result.requests.average])
      } finally {
        child.kill('SIGTERM')
        await new Promise((resolve) => child.once('exit', resolve))
      }
    }
  }
}
console.log('\n| page (20 rows, nunjucks) | mode | req/s |\n|---|---|---:|')
for (const [key, values] of figures) {
  const [name, workers] = key.split('|')
  console.log(`| ${name} | ${workers === '1' ? '1 process' : `prefork ${workers}`} | ${Math.round(median(values))} |`)
}
for (const workers of ['1', '2']) {
  const tango = median(figures.get(`tango|${workers}`) ?? [])
  const hand = median(figures.get(`hand-written|${workers}`) ?? [])
  console.log(`  ${workers === '1' ? '1 process' : 'prefork 2'}: tango / hand-written = ${(tango / hand).toFixed(2)} [>= 0.70]`)
}
rmSync(dir, { recursive: true, force: true })
