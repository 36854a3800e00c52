/**
 * `npm run bench`: raw node:http, fastify and Tango side by side in one run, with the same load tool
 * (autocannon), for plaintext and JSON, one process and prefork with 2 workers. Prints requests/s,
 * p50 and p99 latency, the ratios the targets are stated in, and the RSS of a single-process server
 * after its load. Not a test: it asserts nothing and is never part of `npm test`.
 *
 * Each contender runs BENCH_ROUNDS times, the contenders interleaved round by round, and the table
 * shows each figure's median: on a shared 2-core machine one 5-second run can be off by 30%.
 *
 * Env: BENCH_SECONDS (default 3 per run), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 50).
 */
import { availableParallelism } from 'node:os'
import { canPin, CONNECTIONS, load, median, rssMiB, startServer, type Contender, type Row } from './harness.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? '3')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3')

const CONTENDERS: readonly Contender[] = [
  { name: 'node:http', script: 'servers/raw.ts' },
  { name: 'fastify', script: 'servers/fastify.ts' },
  { name: 'tango', script: 'servers/tango.ts', env: { MIDDLEWARE: 'default' } },
  { name: 'tango (no middleware)', script: 'servers/tango.ts', env: { MIDDLEWARE: 'none' } },
]

async function measure(contender: Contender, workers: number): Promise<Row[]> {
  const { child, url } = await startServer(contender, workers)
  const rows: Row[] = []
  try {
    for (const payload of ['plaintext', 'json']) {
      await load(`${url}/${payload}`, 1) // warm-up: JIT and connection set-up out of the figures
      const result = await load(`${url}/${payload}`, SECONDS)
      rows.push({
        contender: contender.name,
        mode: workers === 1 ? '1 process' : `prefork ${workers}`,
        payload,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        rssMiB: workers === 1 ? rssMiB(child.pid) : null,
      })
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return rows
}

function ratio(rows: Row[], a: string, b: string, mode: string, payload: string): string {
  const x = rows.find((r) => r.contender === a && r.mode === mode && r.payload === payload)
  const y = rows.find((r) => r.contender === b && r.mode === mode && r.payload === payload)
  return x && y && y.rps > 0 ? (x.rps / y.rps).toFixed(2) : 'n/a'
}

/** One row per contender, mode and payload: the median of each figure over the rounds. */
function medians(all: Row[]): Row[] {
  const groups = new Map<string, Row[]>()
  for (const r of all) {
    const key = `${r.contender}|${r.mode}|${r.payload}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as Row
    const rss = g.map((r) => r.rssMiB).filter((v): v is number => v !== null)
    return {
      ...first,
      rps: median(g.map((r) => r.rps)),
      p50: median(g.map((r) => r.p50)),
      p99: median(g.map((r) => r.p99)),
      errors: g.reduce((n, r) => n + r.errors, 0),
      rssMiB: rss.length ? median(rss) : null,
    }
  })
}

const all: Row[] = []
console.log(`Tango benchmark: ${ROUNDS} rounds x ${SECONDS}s per run, ${CONNECTIONS} connections, autocannon, node ${process.version}, ${availableParallelism()} cores${canPin ? ', single-process servers pinned to core 1' : ''}`)
for (const workers of [1, 2]) {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const contender of CONTENDERS) {
      process.stdout.write(`  round ${round}: ${contender.name}, ${workers === 1 ? '1 process' : `prefork ${workers}`} ...\n`)
      all.push(...(await measure(contender, workers)))
    }
  }
}
const rows = medians(all)

console.log('\n| server | mode | payload | req/s | p50 ms | p99 ms | errors | RSS after (MiB) |')
console.log('|---|---|---|---:|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(`| ${r.contender} | ${r.mode} | ${r.payload} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.rssMiB === null ? '' : r.rssMiB.toFixed(1)} |`)
}

console.log('\nRatios (targets in brackets):')
for (const mode of ['1 process', 'prefork 2']) {
  for (const payload of ['plaintext', 'json']) {
    console.log(`  ${mode}, ${payload}: tango / node:http = ${ratio(rows, 'tango', 'node:http', mode, payload)} [>= 0.70]; tango (no middleware) / fastify = ${ratio(rows, 'tango (no middleware)', 'fastify', mode, payload)} [>= 0.90]`)
  }
}
const rawRss = rows.find((r) => r.contender === 'node:http' && r.rssMiB !== null && r.payload === 'json')?.rssMiB
const tangoRss = rows.find((r) => r.contender === 'tango' && r.rssMiB !== null && r.payload === 'json')?.rssMiB
if (rawRss && tangoRss) console.log(`  RSS after load: tango / node:http = ${(tangoRss / rawRss).toFixed(2)} [<= 1.30] (${tangoRss.toFixed(1)} vs ${rawRss.toFixed(1)} MiB)`)
